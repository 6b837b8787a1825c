"""`factspan agreement`: from a JSONL file (no database needed), from a project, and routing settings."""
import json

import pytest

from app import create_app
from app.agreement.documents import parse_annotations_jsonl
from app.agreement.metrics import compute_agreement
from tests.agreement.helpers import three_way

LINES = [
    {"id": "d1", "text": "the cat sat on it", "annotations": [
        {"annotator": "a", "spans": [{"start": 0, "end": 3, "label": "F"}]},
        {"annotator": "b", "spans": [{"start": 0, "end": 7, "label": "F"}]},
        {"annotator": "c", "spans": []}]},
    {"id": "d2", "text": "dogs bark loudly", "annotations": [
        {"annotator": "a", "spans": [{"start": 5, "end": 9, "label": "O"}]},
        {"annotator": "b", "spans": [{"start": 5, "end": 9, "label": "O"}]}]},
]


@pytest.fixture
def jsonl(tmp_path):
    path = tmp_path / "annotations.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in LINES) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def offline_app(tmp_path_factory):
    """An app whose database file cannot even be created: --input must not need it."""
    missing = tmp_path_factory.mktemp("nodb") / "missing-dir" / "factspan.sqlite"
    return create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{missing}"})


def test_input_json_equals_the_engine(offline_app, jsonl):
    result = offline_app.test_cli_runner().invoke(
        args=["agreement", "--input", str(jsonl), "--json", "--bootstrap", "30", "--seed", "7"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    documents, _ = parse_annotations_jsonl(jsonl.read_text().splitlines())
    assert report == json.loads(json.dumps(compute_agreement(documents, bootstrap_samples=30, seed=7)))
    assert {"char_alpha_nominal", "span_f1_overlap_mean", "alpha_unitized", "bootstrap"} <= set(report)


def test_input_table_is_readable(offline_app, jsonl):
    result = offline_app.test_cli_runner().invoke(args=["agreement", "--input", str(jsonl), "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    assert "2 documents, annotators: a, b, c" in result.stdout
    assert "Krippendorff alpha, characters" in result.stdout


def test_bad_lines_are_reported_by_number_and_the_rest_computed(offline_app, tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = [json.dumps(line).encode() for line in LINES]
    path.write_bytes(b"\n".join([good[0], b"{broken", b"\xff\xfe", good[1]]))
    args = ["agreement", "--input", str(path), "--json", "--bootstrap", "0"]
    result = offline_app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert f"{path}:2: not valid JSON" in result.stderr
    assert f"{path}:3: not valid UTF-8" in result.stderr
    assert json.loads(result.stdout)["documents"] == 2


def test_no_valid_document_exits_1(offline_app, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    result = offline_app.test_cli_runner().invoke(args=["agreement", "--input", str(path)])
    assert result.exit_code == 1
    assert ":1: missing field 'text'" in result.stderr and "no valid document" in result.stderr


def test_input_and_project_together_is_a_usage_error(offline_app, jsonl):
    result = offline_app.test_cli_runner().invoke(args=["agreement", "--input", str(jsonl), "--project", "p"])
    assert result.exit_code == 2 and "exactly one" in result.output


def test_project_json(runner, session):
    setup = three_way(session, name="cli agreement")
    result = runner.invoke(args=["agreement", "--project", "cli agreement", "--json", "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["annotators"] == sorted(setup.names())
    assert report["span_f1_exact_mean"] == pytest.approx(2 / 3)


def test_project_table_with_filters(runner, session):
    setup = three_way(session, name="cli filters")
    result = runner.invoke(args=["agreement", "--project", "cli filters", "--label", "sourced_readout",
                                 "--annotator", setup.names()[0], "--annotator", setup.names()[2], "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    assert "labels: sourced_readout" in result.stdout
    assert "span F1 exact (pair mean)" in result.stdout


def test_unknown_project_is_one_line(runner, session):
    result = runner.invoke(args=["agreement", "--project", "nope"])
    assert result.exit_code == 1 and "There is no project 'nope'" in result.output


def test_routing_setting_round_trip(runner, session):
    setup = three_way(session, name="cli routing")
    result = runner.invoke(args=["agreement", "routing", "cli routing", "--action", "flag", "--threshold", "0.6"])
    assert result.exit_code == 0, result.output
    assert setup.project.settings["agreement_routing"] == {"threshold": 0.6, "metric": "char_alpha_nominal",
                                                           "action": "flag"}
    assert "flag when char_alpha_nominal < 0.6" in runner.invoke(args=["agreement", "routing", "cli routing"]).output
    runner.invoke(args=["agreement", "routing", "cli routing", "--action", "off"])
    assert "agreement_routing" not in setup.project.settings


def test_apply_routing_flags_existing_low_texts(runner, session):
    setup = three_way(session, name="cli apply")
    runner.invoke(args=["agreement", "routing", "cli apply", "--action", "flag", "--threshold", "0.99"])
    result = runner.invoke(args=["agreement", "--project", "cli apply", "--apply-routing", "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    assert f"text {setup.texts[0].id}: flagged" in result.stdout
    assert setup.texts[0].meta["agreement_routing"]["action"] == "flag"
