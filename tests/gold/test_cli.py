"""The must-show flow on the seed project, through the CLI: adjudicate, release, export every format."""
import json

import datasets
from sqlalchemy import select

from app.annotations.models import Assignment
from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.annotations.spans import SpanInput
from app.auth.service import get_user_by_username
from app.gold.formats import FORMAT_SUFFIX, FORMATS
from app.gold.workflow import decide_item, items_of
from app.texts.models import Text
from tests.factories import make_user

PHRASE = "The conversation lasted 1 hour and 25 minutes"
READOUT = {"source": "russian_readout"}


def annotate_seed(session):
    text = session.scalars(select(Text)).one()
    start = text.content.index(PHRASE)
    motive_start = text.content.index("Because Putin wanted")
    motive_end = text.content.index(" in his subsequent conversation")
    plans = {
        "annotator1": [SpanInput(start, start + len(PHRASE), "sourced_readout", READOUT),
                       SpanInput(motive_start, motive_end, "unverifiable_claim",
                                 {"reason": "motive_or_intent", "check_worthiness": "high"})],
        "annotator2": [SpanInput(start, start + len(PHRASE), "sourced_readout", READOUT)],
        "annotator3": [SpanInput(start, start + len(PHRASE), "sourced_readout", READOUT),
                       SpanInput(motive_start, motive_end, "author_inference", {"inference_type": "speculation"})],
    }
    for username, spans in plans.items():
        user = get_user_by_username(session, username)
        assignment = session.scalars(select(Assignment).where(Assignment.annotator_id == user.id)).one()
        save_annotation_set(session, annotation_set_id=assignment.annotation_set.id, user=user, version=1, spans=spans)
        submit_annotation_set(session, annotation_set_id=assignment.annotation_set.id, user=user, version=2)
    return text


def test_seed_project_adjudicate_release_export(runner, session, tmp_path, monkeypatch):
    runner.invoke(args=["init", "--demo"])
    text = annotate_seed(session)
    result = runner.invoke(args=["gold", "adjudicate", "Seed project", "--policy", "majority"])
    assert "items settled by majority: 1, left for reviewers: 1" in result.output, result.output  # the unanimous phrase
    [open_item] = [item for item in items_of(session, text.id) if item.status == "open"]
    decide_item(session, item_id=open_item.id, reviewer=make_user(session, role="reviewer"), action="accept_annotator",
                annotator="annotator1", reason="a motive stated as fact")
    result = runner.invoke(args=["gold", "release", "Seed project", "--name", "v1"])
    assert "released v1: 1 texts, 2 spans" in result.output, result.output
    for fmt in FORMATS:
        out = tmp_path / f"seed.{fmt}"
        result = runner.invoke(args=["gold", "export", "Seed project", "--release", "v1", "--format", fmt,
                                     "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    [document] = [json.loads(line) for line in (tmp_path / "seed.jsonl").read_text().splitlines()]
    assert PHRASE in [document["text"][s["start"]:s["end"]] for s in document["spans"]]
    assert all(document["text"][s["start"]:s["end"]] for s in document["spans"])
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    loaded = datasets.load_dataset("json", data_files=str(tmp_path / "seed.hf"), split="train",
                                   cache_dir=str(tmp_path / "cache"))
    assert loaded.num_rows == 1 and len(loaded[0]["tokens"]) == len(loaded[0]["ner_tags"])
    labels = json.loads((tmp_path / "seed.hf").with_name("seed.hf.labels.json").read_text())
    assert labels["ner_tags"][0] == "O"


def test_export_split_writes_one_file_per_split(runner, session, tmp_path):
    runner.invoke(args=["init", "--demo"])
    text = annotate_seed(session)
    runner.invoke(args=["gold", "adjudicate", "Seed project", "--policy", "majority"])
    [open_item] = [item for item in items_of(session, text.id) if item.status == "open"]
    decide_item(session, item_id=open_item.id, reviewer=make_user(session, role="reviewer"), action="no_span")
    runner.invoke(args=["gold", "release", "Seed project", "--name", "v1"])
    result = runner.invoke(args=["gold", "export", "Seed project", "--release", "v1", "--format", "jsonl",
                                 "--out", str(tmp_path / "gold.jsonl"), "--split", "80/10/10"])
    assert result.exit_code == 0, result.output
    sizes = {name: (tmp_path / f"gold.{name}.jsonl").read_text().count("\n") for name in ("train", "dev", "test")}
    assert sum(sizes.values()) == 1


def test_bad_split_is_a_clear_error(runner, session, tmp_path):
    runner.invoke(args=["init", "--demo"])
    annotate_seed(session)
    runner.invoke(args=["gold", "adjudicate", "Seed project", "--policy", "unanimous"])
    result = runner.invoke(args=["gold", "export", "Seed project", "--release", "nope", "--format", "jsonl",
                                 "--out", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 1 and "has no release 'nope'" in result.output


def test_token_tag_exports_come_with_a_readme_on_sentence_breaks(runner, session, tmp_path):
    runner.invoke(args=["init", "--demo"])
    text = annotate_seed(session)
    runner.invoke(args=["gold", "adjudicate", "Seed project"])
    [open_item] = [item for item in items_of(session, text.id) if item.status == "open"]
    decide_item(session, item_id=open_item.id, reviewer=make_user(session, role="reviewer"), action="no_span")
    assert runner.invoke(args=["gold", "release", "Seed project", "--name", "v1"]).exit_code == 0
    for fmt in ("conll", "hf"):
        runner.invoke(args=["gold", "export", "Seed project", "--release", "v1", "--format", fmt,
                            "--out", str(tmp_path / f"seed{FORMAT_SUFFIX[fmt]}")])
        readme = (tmp_path / f"seed.{fmt}.README.md").read_text("utf-8")
        assert "each sentence's part of such a span begins with B-" in readme
        assert "`B-READOUT`" in readme
