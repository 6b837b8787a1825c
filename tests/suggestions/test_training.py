"""Training on a gold release, running over open texts, evaluating, queue order, and the CLI."""
import json
import random

import pytest
from sqlalchemy import select

from app.annotations.assignments import next_assignment
from app.gold.releases import release_gold
from app.interop.bundles import BytesBundle
from app.interop.service import import_annotation_files
from app.suggestions.models import Suggester, Suggestion
from app.suggestions.training import evaluate_suggester, run_suggester, train_suggester
from app.texts.models import Text
from tests.factories import make_assignment, make_project, make_text, make_user
from tests.suggestions.synthetic_gold import annotators_line, generate, gold_line


def gold_project(session, texts=12):
    """A project whose synthetic texts have three simulated annotators and an imported gold, released as v1."""
    project = make_project(session)
    documents = generate(texts)
    rng = random.Random(1)
    annotators = "\n".join(annotators_line(d, rng) for d in documents).encode()
    gold = "\n".join(gold_line(d) for d in documents).encode()
    import_annotation_files(session, project=project, fmt="jsonl", bundle=BytesBundle(annotators, "a.jsonl"))
    report = import_annotation_files(session, project=project, fmt="jsonl", bundle=BytesBundle(gold, "g.jsonl"),
                                     as_gold=True)
    assert report.rejected == []
    release_gold(session, project=project, name="v1", user=None)
    return project


def test_training_makes_a_versioned_suggester_with_its_file_beside_the_database(session, tmp_path):
    project = gold_project(session)
    suggester = train_suggester(session, project=project, release_name="v1", models_dir=tmp_path)
    assert (suggester.name, suggester.kind, suggester.release_id is not None) == ("crf-1", "crf", True)
    assert suggester.metrics["texts"] == 12 and (tmp_path / suggester.model_path).is_file()
    assert train_suggester(session, project=project, release_name="v1", models_dir=tmp_path).name == "crf-2"


def test_training_on_an_unknown_release_is_refused(session, tmp_path):
    from app.errors import NotFound

    with pytest.raises(NotFound):
        train_suggester(session, project=make_project(session), release_name="nope", models_dir=tmp_path)


def test_run_proposes_on_texts_nobody_submitted_and_keeps_their_uncertainty(session, tmp_path):
    project = gold_project(session)
    train_suggester(session, project=project, release_name="v1", models_dir=tmp_path)
    fresh = make_text(session, project, generate(2, seed=99, include_seed=False)[1]["text"])
    report = run_suggester(session, project=project, models_dir=tmp_path)
    assert (report.suggester, report.texts) == ("crf-1", 1) and report.suggestions > 0
    stored = session.scalars(select(Suggestion).where(Suggestion.text_id == fresh.id)).all()
    assert len(stored) == report.suggestions and all(0 < s.confidence <= 1 for s in stored)
    assert session.get(Text, fresh.id).model_uncertainty is not None


def test_without_a_tagger_the_rules_run(session, tmp_path):
    project = make_project(session)
    make_text(session, project, "Kremlin aide Yury Ushakov stated that the talks were frank. I think so too.")
    report = run_suggester(session, project=project, models_dir=tmp_path)
    assert report.suggester == "rules" and report.suggestions == 2
    assert session.scalars(select(Suggester.kind).where(Suggester.project_id == project.id)).all() == ["rules"]


def test_evaluation_reports_each_label_beside_the_annotators(session):
    report = evaluate_suggester(session, project=gold_project(session), release_name="v1", folds=3)
    assert (report["texts"], report["folds"], report["annotators"]) == (12, 3, ["sim_a", "sim_b", "sim_c"])
    readout = report["labels"]["sourced_readout"]
    assert readout["model"]["gold"] > 0 and 0 <= readout["model"]["exact"]["f1"] <= 1
    assert readout["model"]["overlap"]["f1"] >= readout["model"]["exact"]["f1"]
    assert 0 < readout["annotators"]["exact"] < 1 and readout["rules"]["predicted"] > 0


def test_evaluation_holds_each_group_out_whole_and_no_held_out_sentence_was_trained_on(session):
    report = evaluate_suggester(session, project=gold_project(session, texts=15), release_name="v1", folds=5)
    assert (report["split"], report["groups"], report["folds"]) == ("by group", 5, 5)
    assert report["shared_sentences"]["held_out"] > 0
    assert report["shared_sentences"]["also_in_training"] == 0


def test_evaluation_without_groups_splits_by_text_and_counts_the_sentences_it_leaks(session):
    project = gold_project(session, texts=10)
    for text in session.scalars(select(Text).where(Text.project_id == project.id)):
        text.meta = {}
    session.flush()
    # Four folds, so the texts of a group (every fifth) land on both sides.
    report = evaluate_suggester(session, project=project, release_name="v1", folds=4)
    assert (report["split"], report["groups"]) == ("by text", 10)
    assert report["shared_sentences"]["also_in_training"] > 0


def test_evaluation_of_a_release_in_one_group_is_refused(session):
    from app.errors import Invalid

    project = gold_project(session, texts=6)
    for text in session.scalars(select(Text).where(Text.project_id == project.id)):
        text.meta = {"group": "all"}
    session.flush()
    with pytest.raises(Invalid) as refused:
        evaluate_suggester(session, project=project, release_name="v1", folds=2)
    assert refused.value.reason == "too_few_groups"


def test_queue_orders_by_uncertainty_only_when_the_project_asks(session):
    project = make_project(session)
    annotator = make_user(session)
    texts = [make_text(session, project, f"Text number {n}. Xi spoke.") for n in range(3)]
    for text, doubt in zip(texts, (0.1, 0.9, 0.5)):
        text.model_uncertainty = doubt
        make_assignment(session, text=text, annotator=annotator)
    assert next_assignment(session, user=annotator).text_id == texts[0].id
    project.settings = {"queue_order": "uncertainty"}
    session.flush()
    assert next_assignment(session, user=annotator).text_id == texts[1].id


def test_cli_predict_with_rules_needs_no_project(runner, tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "Peskov stated that the talks were frank. I think so."}) + "\n")
    result = runner.invoke(args=["suggest", "predict", "--input", str(source), "--output", str(out), "--rules"])
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    [annotation] = record["annotations"]
    assert annotation["annotator"] == "suggester"
    assert [(s["label"], record["text"][s["start"]:s["end"]]) for s in annotation["spans"]] == [
        ("sourced_readout", "the talks were frank"), ("author_inference", "I think so")]


def test_cli_train_run_and_evaluate(runner, session, app, tmp_path):
    project = gold_project(session, texts=8)
    app.config["SUGGESTER_MODELS_DIR"] = str(tmp_path)
    try:
        trained = runner.invoke(args=["suggest", "train", project.name, "--release", "v1"])
        assert trained.exit_code == 0 and "trained crf-1" in trained.output, trained.output
        evaluated = runner.invoke(args=["suggest", "evaluate", project.name, "--release", "v1", "--folds", "2"])
        assert evaluated.exit_code == 0 and "sourced_readout      annotators" in evaluated.output, evaluated.output
    finally:
        app.config["SUGGESTER_MODELS_DIR"] = None
