"""`factspan sources`, `factspan review queue|assign|export` and `projects configure --review-signoff`."""
import csv
import io
import json

from sqlalchemy import select

from app.review.models import Claim
from app.review.workflow import create_verdict, publish_verdict, sign_off, start_correction, submit_verdict
from tests.factories import make_user
from tests.review.conftest import claim_for
from tests.review.helpers import released_seed_project
from tests.review.readouts import CHINESE_READOUT, RUSSIAN_READOUT, SEED_GOLD

QUEUED = sum(entry[2] in ("sourced_readout", "unverifiable_claim") for entry in SEED_GOLD)


def readouts_added(runner, tmp_path):
    for name, content, link in (("ru", RUSSIAN_READOUT, "russian_readout"), ("cn", CHINESE_READOUT, "chinese_readout")):
        path = tmp_path / f"{name}.txt"
        path.write_text(content, encoding="utf-8")
        result = runner.invoke(args=["sources", "add", "Seed project", str(path), "--title", f"{name} readout",
                                     "--link", link, "--publisher", f"{name} ministry", "--url",
                                     f"https://example.org/{name}", "--date", "2026-02-04"])
        assert result.exit_code == 0, result.output


def test_sources_add_and_list(runner, session, tmp_path):
    released_seed_project(session)
    readouts_added(runner, tmp_path)
    result = runner.invoke(args=["sources", "list", "Seed project"])
    assert "ru readout" in result.output and "chinese_readout" in result.output and "2026-02-04" in result.output


def test_review_queue_builds_once_and_lists_as_json(runner, session, tmp_path):
    released_seed_project(session)
    readouts_added(runner, tmp_path)
    first = runner.invoke(args=["review", "queue", "Seed project", "--release", "v1", "--json"])
    second = runner.invoke(args=["review", "queue", "Seed project", "--release", "v1", "--json"])
    assert json.loads(first.output)["created"] == QUEUED
    body = json.loads(second.output)
    assert (body["created"], body["existing"], body["total"]) == (0, QUEUED, QUEUED)
    assert body["claims"][0]["attributes"]["check_worthiness"] == "medium"


def test_review_queue_marks_weak_matches(runner, session, tmp_path):
    released_seed_project(session)
    readouts_added(runner, tmp_path)
    result = runner.invoke(args=["review", "queue", "Seed project", "--release", "v1"])
    [apec] = [line for line in result.output.splitlines() if "Asia-Pacific" in line]
    assert " ! " in apec


def test_review_assign_round_robin(runner, session):
    project = released_seed_project(session)
    runner.invoke(args=["review", "queue", "Seed project", "--release", "v1"])
    first, second = make_user(session, "editor"), make_user(session, "editor")
    result = runner.invoke(args=["review", "assign", "Seed project", "--editors",
                                 f"{first.username},{second.username}", "--round-robin"])
    assert result.exit_code == 0, result.output
    owners = session.scalars(select(Claim.assignee_id).where(Claim.project_id == project.id)).all()
    assert sorted(owners.count(user.id) for user in (first, second)) == [QUEUED // 2, QUEUED - QUEUED // 2]


def test_review_assign_by_hand_needs_one_editor(runner, session):
    released_seed_project(session)
    result = runner.invoke(args=["review", "assign", "Seed project", "--editors", "a,b", "--claim", "1"])
    assert result.exit_code != 0 and "exactly one editor" in result.output


def test_configure_turns_review_signoff_off(runner, session):
    released_seed_project(session)
    result = runner.invoke(args=["projects", "configure", "Seed project", "--no-review-signoff"])
    assert "review_signoff: False" in result.output


def publish_and_correct(session, project, sources):
    author, second = make_user(session, "editor"), make_user(session, "editor")
    claim = claim_for(session, project, "The conversation lasted")
    verdict = create_verdict(session, claim=claim, user=author, fields={
        "check_type": "attribution_fidelity", "rating": "accurate", "claim_reviewed": "The call lasted 85 minutes",
        "claimant": "Kremlin", "claim_date": None, "claim_appearance": "https://example.org/commentary"},
        evidence=[{"kind": "source_passage", "source_id": sources[0].id, "start": claim.match_start,
                   "end": claim.match_end}])
    for step, user in ((submit_verdict, author), (sign_off, second), (publish_verdict, second)):
        step(session, verdict=verdict, user=user, version=verdict.lock_version)
    correction = start_correction(session, claim=claim, user=author, note="=HYPERLINK(\"x\") typo fixed")
    return claim, verdict, correction


def test_claimreview_export_has_the_published_verdict_with_googles_fields(runner, session, tmp_path):
    from tests.review.helpers import add_readouts
    project = released_seed_project(session)
    sources = add_readouts(session, project)
    runner.invoke(args=["review", "queue", "Seed project", "--release", "v1"])
    claim, _, _ = publish_and_correct(session, project, sources)
    out = tmp_path / "reviews.json"
    result = runner.invoke(args=["review", "export", "Seed project", "--format", "claimreview", "--out", str(out),
                                 "--base-url", "https://desk.example.org"])
    assert result.exit_code == 0, result.output
    [review] = json.loads(out.read_text())
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == "The call lasted 85 minutes"
    assert review["url"] == f"https://desk.example.org/claims/{claim.id}#verdict-1"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Accurate", "name": "Accurate",
                                      "ratingValue": 5, "bestRating": 5, "worstRating": 1}
    assert review["itemReviewed"]["@type"] == "Claim" and review["itemReviewed"]["author"]["name"] == "Kremlin"
    assert review["itemReviewed"]["appearance"][0]["url"] == "https://example.org/commentary"
    assert review["citation"][0]["text"] == "The conversation lasted 1 hour and 25 minutes"


def test_csv_export_has_every_version_and_neutralises_formulas(runner, session, tmp_path):
    from tests.review.helpers import add_readouts
    project = released_seed_project(session)
    sources = add_readouts(session, project)
    runner.invoke(args=["review", "queue", "Seed project", "--release", "v1"])
    publish_and_correct(session, project, sources)
    out = tmp_path / "verdicts.csv"
    runner.invoke(args=["review", "export", "Seed project", "--format", "csv", "--out", str(out)])
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert [(r["version"], r["status"]) for r in rows] == [("1", "published"), ("2", "draft")]
    assert rows[1]["correction_note"] == "'=HYPERLINK(\"x\") typo fixed"


def test_jsonl_export_attaches_public_verdicts_to_gold_spans(runner, session, tmp_path):
    from tests.review.helpers import add_readouts
    project = released_seed_project(session)
    sources = add_readouts(session, project)
    runner.invoke(args=["review", "queue", "Seed project", "--release", "v1"])
    claim, _, _ = publish_and_correct(session, project, sources)
    out = tmp_path / "reviewed.jsonl"
    runner.invoke(args=["review", "export", "Seed project", "--format", "jsonl", "--out", str(out)])
    [document] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    [span] = [s for s in document["spans"] if s["start"] == claim.start]
    assert [(v["version"], v["status"]) for v in span["verdicts"]] == [(1, "published")]
    assert document["meta"]["release"] == "v1"
    assert all(s["verdicts"] == [] for s in document["spans"] if s["start"] != claim.start)
