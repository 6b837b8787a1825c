"""The factspan command: init (idempotent), users, projects, import-texts, assign."""
import json

from sqlalchemy import func, select

import app.models as models
from tests.factories import make_project, make_user


def table_counts(session):
    tables = [models.User, models.Project, models.Text, models.TextImport, models.Assignment,
              models.AnnotationSet, models.AnnotationSchemaVersion]
    return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in tables}


def test_init_demo_twice_changes_nothing_the_second_time(runner, session):
    first = runner.invoke(args=["init", "--demo"])
    assert first.exit_code == 0, first.output
    assert "created demo account annotator1 (annotator)" in first.output
    assert "passwords are shown only this once" in first.output
    before = table_counts(session)
    second = runner.invoke(args=["init", "--demo"])
    assert second.exit_code == 0, second.output
    assert "Nothing to do" in second.output
    assert table_counts(session) == before
    assert before["assignment"] == 3


def test_init_loads_seed_text_with_metadata(runner, session):
    runner.invoke(args=["init"])
    text = session.scalars(select(models.Text)).one()
    assert text.char_count == 7013
    assert text.content.index("The conversation lasted 1 hour and 25 minutes") == 773
    assert text.meta["date"] == "2026-02-04"


def test_users_create_list_set_role_deactivate(runner, session):
    result = runner.invoke(args=["users", "create", "maria", "--role", "annotator", "--password", "pw-123456"])
    assert result.exit_code == 0, result.output
    assert "maria" in runner.invoke(args=["users", "list"]).output
    assert runner.invoke(args=["users", "set-role", "maria", "reviewer"]).exit_code == 0
    assert runner.invoke(args=["users", "deactivate", "maria"]).exit_code == 0
    user = session.scalars(select(models.User).where(models.User.username == "maria")).one()
    assert (user.role, user.active) == ("reviewer", False)


def test_duplicate_user_is_a_clear_error(runner, session):
    make_user(session, username="taken")
    result = runner.invoke(args=["users", "create", "taken", "--role", "annotator", "--password", "x"])
    assert result.exit_code == 1
    assert "The username 'taken' is taken." in result.output
    assert "Traceback" not in result.output


def test_projects_create_and_list(runner, session):
    make_project(session, name="existing")
    result = runner.invoke(args=["projects", "create", "Newsroom", "--schema", "fact_opinion",
                                 "--annotators-per-text", "2"])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(args=["projects", "list"]).output
    assert "Newsroom" in listing and "fact_opinion" in listing


def test_projects_create_with_unknown_schema(runner, session):
    make_project(session, name="existing")
    result = runner.invoke(args=["projects", "create", "X", "--schema", "nope"])
    assert result.exit_code == 1 and "No annotation schema 'nope'" in result.output


def test_import_texts_reports_rejections_by_line(runner, session, tmp_path):
    make_project(session, name="imports")
    lines = [json.dumps({"id": "a", "text": "First text."}), "{broken", json.dumps({"id": "b"}),
             json.dumps({"id": "c", "text": "   "}), json.dumps({"id": "d", "text": "First text."}),
             json.dumps({"id": "e", "text": "Second\r\ntext.", "title": "Two", "meta": {"k": 1}})]
    path = tmp_path / "texts.jsonl"
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe\n")
    result = runner.invoke(args=["import-texts", "imports", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 2, skipped 1 as duplicate, rejected 4" in result.output
    assert f"{path}:2: not valid JSON" in result.output
    assert f"{path}:3: missing field 'text'" in result.output
    assert f"{path}:4: the text is empty" in result.output
    assert f"{path}:7: not valid UTF-8" in result.output
    second = session.scalars(select(models.Text).where(models.Text.external_id == "e")).one()
    assert second.content == "Second\ntext." and second.meta == {"k": 1}


def test_import_texts_from_folder_and_csv(runner, session, tmp_path):
    make_project(session, name="mixed")
    (tmp_path / "one.txt").write_text("A text file.")
    (tmp_path / "rows.csv").write_text('id,text,title\nr1,"A CSV text, with comma",Row one\nr2,,Empty\n')
    result = runner.invoke(args=["import-texts", "mixed", str(tmp_path)])
    assert "imported 2, skipped 0 as duplicate, rejected 1" in result.output
    assert "rows.csv:3: the text is empty" in result.output


def test_assign_balances_annotators(runner, session, tmp_path):
    project = make_project(session, name="balanced", annotators_per_text=2)
    (tmp_path / "t.jsonl").write_text("\n".join(json.dumps({"text": f"Text {i}."}) for i in range(3)))
    runner.invoke(args=["import-texts", "balanced", str(tmp_path / "t.jsonl")])
    names = [make_user(session).username for _ in range(3)]
    result = runner.invoke(args=["assign", "balanced", *names])
    assert "created 6 assignment(s)" in result.output
    counts = session.execute(select(models.Assignment.annotator_id, func.count()).group_by(
        models.Assignment.annotator_id)).all()
    assert sorted(n for _, n in counts) == [2, 2, 2]
    assert project.annotators_per_text == 2
    assert "Nothing to do" in runner.invoke(args=["assign", "balanced", *names]).output


def test_projects_configure_sets_policy_and_feedback(runner, session):
    project = make_project(session, name="configurable")
    result = runner.invoke(args=["projects", "configure", "configurable", "--adjudication-policy", "majority",
                                 "--show-gold"])
    assert result.exit_code == 0, result.output
    assert project.settings == {"adjudication": {"policy": "majority"}, "show_gold_to_annotators": True}
    assert "show_gold_to_annotators: True" in runner.invoke(args=["projects", "configure", "configurable"]).output


def test_users_reset_password_prints_a_one_time_password(runner, session):
    user = make_user(session)
    result = runner.invoke(args=["users", "reset-password", user.username])
    assert result.exit_code == 0 and "shown only this once" in result.output
    session.refresh(user)
    assert user.must_change_password


def test_users_token_with_expiry_listed_and_revoked(runner, session):
    user = make_user(session)
    raw = runner.invoke(args=["users", "token", user.username, "--name", "nightly", "--expires-on", "2999-01-31"])
    assert raw.exit_code == 0, raw.output
    listing = runner.invoke(args=["users", "tokens", user.username]).output
    token_id = listing.splitlines()[1].split()[0]
    assert "nightly" in listing and "2999-01-31 23:59" in listing
    revoked = runner.invoke(args=["users", "revoke-token", user.username, token_id])
    assert revoked.exit_code == 0 and "is revoked" in revoked.output
    assert not runner.invoke(args=["users", "tokens", user.username]).output.splitlines()[1].endswith(" no")


def test_projects_archive_leaves_the_list_and_refuses_imports(runner, session, tmp_path):
    project = make_project(session, name="Archived desk")
    assert runner.invoke(args=["projects", "archive", "Archived desk"]).exit_code == 0
    assert "Archived desk" not in runner.invoke(args=["projects", "list"]).output
    assert "(archived)" in runner.invoke(args=["projects", "list", "--archived"]).output
    path = tmp_path / "one.txt"
    path.write_text("A text for an archived project.")
    refused = runner.invoke(args=["import-texts", str(project.id), str(path)])
    assert refused.exit_code != 0 and "is archived" in refused.output
