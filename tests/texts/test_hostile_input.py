"""Texts that no annotation can use are refused, by line (CLI) or index (API), and nothing of them is stored."""
import json

import pytest
from sqlalchemy import select

from app.texts.models import Text
from tests.factories import bearer, make_project, make_user

GOOD = {"id": "good", "text": "Xi invited Putin to visit China."}
# (record or raw JSONL line, a phrase the rejection names)
REFUSED = {
    "NUL": ({"text": "A\u0000B"}, "text: contains the control character U+0000 at character 1"),
    "control character": ({"text": "Bell \u0007 here."}, "'text' contains the control character U+0007"),
    "lone surrogate": ('{"text": "Half \\ud800 a pair."}', "lone surrogate U+D800"),
    "deeply nested": ('{"text": "Deep.", "meta": ' + "[" * 5000 + "]" * 5000 + "}",
                      "nested more than 64 levels deep"),
    "NaN": ('{"text": "Not a number.", "meta": {"score": NaN}}', "must be a finite number"),
    "javascript link": ({"text": "Linked.", "source_url": "javascript:alert(1)"},
                        "'source_url' must be an http:// or https:// address"),
    "link without host": ({"text": "Linked.", "source_url": "https:relative"}, "must be an http:// or https://"),
    "control character in the title": ({"text": "Titled.", "title": "A\u001bB"}, "'title' contains"),
    "id past its column": ({"text": "Long id.", "id": "i" * 201}, "'id' is longer than 200 characters"),
}


def _line(record) -> str:
    return record if isinstance(record, str) else json.dumps(record)


def _texts(session) -> list[str]:
    session.expire_all()
    return session.scalars(select(Text.external_id).order_by(Text.id)).all()


@pytest.mark.parametrize("case", REFUSED)
def test_import_texts_refuses_a_bad_line_by_number(runner, session, tmp_path, case):
    make_project(session, name="imports")
    record, phrase = REFUSED[case]
    path = tmp_path / "texts.jsonl"
    path.write_text("\n".join([_line(record), json.dumps(GOOD)]) + "\n", encoding="utf-8", errors="surrogatepass")
    result = runner.invoke(args=["import-texts", "imports", str(path)])
    assert result.exit_code == 0, result.output
    assert f"rejected {path}:1: " in result.output and phrase in result.output
    assert _texts(session) == ["good"]


# NUL cannot even be held in a request (PostgreSQL stores no NUL): the whole body is refused, see below.
@pytest.mark.parametrize("case", [case for case, (record, _) in REFUSED.items() if isinstance(record, dict)
                                  and case != "NUL"])
def test_api_text_import_refuses_a_bad_record_by_index(client, session, case):
    project = make_project(session)
    record, phrase = REFUSED[case]
    response = client.post(f"/api/v1/projects/{project.id}/texts", json={"texts": [record, GOOD]},
                           headers=bearer(session, make_user(session, role="admin")))
    assert response.status_code == 201, response.json
    [rejection] = response.json["rejected"]
    assert rejection["location"] == "texts[0]" and phrase in rejection["reason"]
    assert _texts(session) == ["good"]


def test_api_refuses_a_body_with_a_nul_naming_the_value(client, session):
    project = make_project(session)
    response = client.post(f"/api/v1/projects/{project.id}/texts", json={"texts": [GOOD, {"text": "A\u0000B"}]},
                           headers=bearer(session, make_user(session, role="admin")))
    assert response.status_code == 422
    assert response.json["errors"] == {"texts[1].text": ["contains the control character U+0000 at character 1"]}
    assert _texts(session) == []


def test_api_refuses_a_deeply_nested_body(client, session):
    project = make_project(session)
    body = '{"texts": [{"text": "Deep.", "meta": ' + "[" * 5000 + "]" * 5000 + "}]}"
    response = client.post(f"/api/v1/projects/{project.id}/texts", data=body, content_type="application/json",
                           headers=bearer(session, make_user(session, role="admin")))
    assert response.status_code == 400
    assert response.json["errors"] == {"json": ["not valid JSON: nested more than 64 levels deep"]}
    assert _texts(session) == []


def test_a_text_past_the_configured_size_is_refused(app, runner, session, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_TEXT_CHARS", 40)
    make_project(session, name="imports")
    path = tmp_path / "texts.jsonl"
    path.write_text(json.dumps({"id": "long", "text": "x" * 41}) + "\n" + json.dumps(GOOD) + "\n")
    result = runner.invoke(args=["import-texts", "imports", str(path)])
    assert f"{path}:1: the text has 41 characters; the most is 40 (FACTSPAN_MAX_TEXT_CHARS)" in result.output
    assert _texts(session) == ["good"]


def test_the_api_refuses_a_text_past_the_configured_size(app, client, session, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_TEXT_CHARS", 40)
    project = make_project(session)
    response = client.post(f"/api/v1/projects/{project.id}/texts", json={"texts": [{"text": "x" * 41}, GOOD]},
                           headers=bearer(session, make_user(session, role="admin")))
    assert response.json["rejected"] == [
        {"location": "texts[0]", "reason": "the text has 41 characters; the most is 40 (FACTSPAN_MAX_TEXT_CHARS)"}]
    assert _texts(session) == ["good"]


def test_a_csv_cell_with_a_nul_is_refused_by_line(runner, session, tmp_path):
    make_project(session, name="imports")
    path = tmp_path / "texts.csv"
    path.write_text('id,text\nbad,"A\x00B"\ngood,Xi invited Putin to visit China.\n', encoding="utf-8")
    result = runner.invoke(args=["import-texts", "imports", str(path)])
    assert f"{path}:2: 'text' contains the control character U+0000" in result.output
    assert _texts(session) == ["good"]
