"""Every import door (service, CLI, API; annotations and --as-gold) refuses the spans the annotation API refuses."""
import hashlib
import json

import pytest
from sqlalchemy import func, select

from app.annotations.models import Span
from app.gold.importing import import_annotations
from app.gold.models import GoldAnnotation
from app.texts.models import Text
from tests.factories import bearer, make_project, make_user

TEXT = "Xi invited Putin to visit China. I think he will go."
READOUT = {"start": 0, "end": 31, "label": "sourced_readout", "attributes": {"source": "chinese_readout"}}
# (spans, a phrase the rejection names)
REFUSED = {
    "overlapping": ([READOUT, {"start": 20, "end": 31, "label": "author_inference"}], "may not overlap"),
    "crossing a sentence": ([{"start": 20, "end": 40, "label": "author_inference"}], "crosses a sentence boundary"),
    "duplicate": ([READOUT, READOUT], "same span twice"),
    "boolean offsets": ([{"start": False, "end": True, "label": "author_inference"}], "Must be an integer, not false"),
    "float offsets": ([{"start": 0.0, "end": 5, "label": "author_inference"}], "Must be an integer"),
    "outside the text": ([{"start": 40, "end": 53, "label": "author_inference"}], "not inside the text"),
    "unknown label": ([{"start": 0, "end": 5, "label": "opinion"}], "Unknown label 'opinion'"),
    "unknown attribute": ([dict(READOUT, attributes={"source": "chinese_readout", "sauce": "x"})],
                          "has no attribute 'sauce'"),
    "attribute past max_length": ([dict(READOUT, attributes={"source": "chinese_readout", "cue_text": "x" * 2001})],
                                  "2,001 characters long; the most is 2,000"),
    "other value past max_length": ([dict(READOUT, attributes={"source": "y" * 2001})], "the most is 2,000"),
}


def annotations_line(spans: list) -> str:
    return json.dumps({"id": "d1", "text": TEXT, "annotations": [{"annotator": "ext_anna", "spans": spans}]})


def gold_line(spans: list) -> str:
    sha256 = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    return json.dumps({"id": "g1", "text": TEXT, "sha256": sha256, "spans": spans, "meta": {}})


def _via_service(session, client, runner, tmp_path, project, line: str, as_gold: bool) -> list[tuple[int, str]]:
    report = import_annotations(session, project=project, lines=[line], as_gold=as_gold)
    return [(error.line_number, error.reason) for error in report.rejected]


def _via_cli(session, client, runner, tmp_path, project, line: str, as_gold: bool) -> list[tuple[int, str]]:
    path = tmp_path / "import.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    result = runner.invoke(args=["import-annotations", project.name, str(path), *(["--as-gold"] if as_gold else [])])
    assert result.exit_code == 0, result.output
    prefix = f"  rejected {path.name}:"
    return [(int(rest.split(":", 1)[0]), rest.split(":", 1)[1].strip())
            for rest in (line.removeprefix(prefix) for line in result.output.splitlines() if line.startswith(prefix))]


def _via_api(session, client, runner, tmp_path, project, line: str, as_gold: bool) -> list[tuple[int, str]]:
    response = client.post(f"/api/v1/projects/{project.id}/annotations/import?as_gold={str(as_gold).lower()}",
                           data=line.encode("utf-8"), headers=bearer(session, make_user(session, role="admin")))
    assert response.status_code == 200, response.json
    return [(int(error["location"].removeprefix("body:")), error["reason"]) for error in response.json["rejected"]]


DOORS = {"service": _via_service, "cli": _via_cli, "api": _via_api}


def _stored(session) -> tuple[int, int, int]:
    session.expire_all()
    return tuple(session.scalar(select(func.count()).select_from(model)) for model in (Text, Span, GoldAnnotation))


def _refused(session, client, runner, tmp_path, door: str, as_gold: bool, case: str) -> None:
    project = make_project(session, name="imports")
    spans, phrase = REFUSED[case]
    line = gold_line(spans) if as_gold else annotations_line(spans)
    before = _stored(session)
    [(number, reason)] = DOORS[door](session, client, runner, tmp_path, project, line, as_gold)
    assert number == 1 and phrase in reason
    assert _stored(session) == before


@pytest.mark.parametrize("as_gold", [False, True], ids=["annotations", "gold"])
@pytest.mark.parametrize("case", REFUSED)
def test_import_refuses_spans_the_api_refuses(session, client, runner, tmp_path, as_gold, case):
    _refused(session, client, runner, tmp_path, "service", as_gold, case)


# The CLI and the API hand their lines to the same service; two cases show each door does.
@pytest.mark.parametrize("door", ["cli", "api"])
@pytest.mark.parametrize("as_gold", [False, True], ids=["annotations", "gold"])
@pytest.mark.parametrize("case", ["overlapping", "boolean offsets"])
def test_every_import_door_refuses_spans_the_api_refuses(session, client, runner, tmp_path, door, as_gold, case):
    _refused(session, client, runner, tmp_path, door, as_gold, case)


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("as_gold", [False, True], ids=["annotations", "gold"])
def test_import_stores_valid_spans(session, client, runner, tmp_path, door, as_gold):
    project = make_project(session, name="imports")
    line = gold_line([READOUT]) if as_gold else annotations_line([READOUT])
    assert DOORS[door](session, client, runner, tmp_path, project, line, as_gold) == []
    model = GoldAnnotation if as_gold else Span
    session.expire_all()
    assert session.scalars(select(model.start)).all() == [0]
