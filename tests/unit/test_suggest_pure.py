"""Pure pieces of the suggester: layout, BIO round trip, the cold-start rules, the tagger, scoring."""
from pathlib import Path

import pytest
import yaml

from app.suggestions.crf import CrfSuggester, TrainingText, train
from app.suggestions.decoding import decode, sentence_tags
from app.suggestions.layout import layout
from app.suggestions.rules import RuleSuggester
from app.suggestions.scoring import group_folds, score, shared_sentences
from tests.suggestions.synthetic_gold import SEED_PATH, generate, seed_document

SCHEMA = yaml.safe_load((Path(__file__).parents[2] / "annotation_schemas" / "fact_opinion.yaml").read_text())
SEED = SEED_PATH.read_text(encoding="utf-8")


def found(spans, text, phrase):
    return [s for s in spans if text[s.start:s.end] == phrase]


def test_layout_finds_headings_and_readout_sections():
    shape = layout(SEED)
    index = shape.words.index("Bilateral")
    assert shape.heading[index] and shape.in_section[index]
    author = shape.words.index("Together")
    assert not shape.in_section[author] and not shape.heading[author]


def test_tags_and_decoding_round_trip_and_trim_end_punctuation():
    text = "Bilateral Ties: Xi spoke. I think so, really."
    shape = layout(text)
    sentences = shape.sentences()
    spans = [(16, 24, "sourced_readout"), (26, 44, "author_inference")]
    tags = [sentence_tags(shape, s, spans) for s in sentences]
    assert tags[0][:3] == ["O", "O", "O"] and tags[0][3] == "B-sourced_readout"
    decoded = [d for s, t in zip(sentences, tags) for d in decode(shape, s, t, [0.5] * len(t))]
    assert [(d.start, d.end, d.label) for d in decoded] == spans


def test_rules_follow_the_decision_order_on_the_seed():
    spans, uncertainty = RuleSuggester(SCHEMA).suggest(SEED)
    assert 0 < uncertainty < 1
    [hedged] = found(spans, SEED, "I think the biggest takeaway from their conversation is that they see their "
                                  "partnership as an essential power center in trying to keep the world from blowing up")
    assert hedged.label == "author_inference"
    [framed] = [s for s in spans if SEED[s.start:s.end].startswith("Putin and Xi spoke in favor")]
    assert framed.label == "sourced_readout" and framed.confidence == 0.7
    [headed] = [s for s in spans if SEED[s.start:s.end].startswith("The leaders reaffirmed")]
    assert headed.label == "sourced_readout" and not SEED[headed.start:headed.end].startswith("Bilateral")


def test_rules_propose_nothing_for_a_schema_without_matching_labels():
    schema = {"labels": [{"id": "person", "attributes": []}]}
    assert RuleSuggester(schema).suggest(SEED)[0] == []


def test_tagger_learns_from_gold_and_reports_confidence_and_uncertainty(tmp_path):
    report = train([TrainingText(d["text"], [(s["start"], s["end"], s["label"]) for s in d["spans"]])
                    for d in generate(40)], schema_document=SCHEMA, model_path=tmp_path / "m.crfsuite")
    assert report.texts == 40 and report.spans > 0
    spans, uncertainty = CrfSuggester(tmp_path / "m.crfsuite", SCHEMA).suggest(SEED)
    gold = {(s["start"], s["end"], s["label"]) for s in seed_document()["spans"]}
    hits = gold & {(s.start, s.end, s.label) for s in spans}
    assert len(hits) >= 0.8 * len(gold)
    assert all(0 < s.confidence <= 1 for s in spans) and 0 <= uncertainty < 1


def test_training_without_text_is_refused(tmp_path):
    with pytest.raises(ValueError):
        train([], schema_document=SCHEMA, model_path=tmp_path / "m.crfsuite")


def test_scores_count_exact_and_overlapping_matches_per_label():
    text = "Xi said this. I think that. They met."
    gold = [(0, 12, "r"), (14, 26, "i"), (28, 36, "r")]
    model = [(0, 12, "r"), (14, 20, "i"), (28, 36, "i")]
    result = score([("1", text, gold, model)], ["r", "i"])
    assert result["r"]["exact"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert result["i"]["exact"]["f1"] == 0.0 and result["i"]["overlap"] == {"precision": 0.5, "recall": 1.0,
                                                                          "f1": 0.6667}


def test_folds_cover_every_text_once():
    folds = group_folds([str(i) for i in range(11)], 5)
    assert sorted(i for fold in folds for i in fold) == list(range(11)) and sorted(map(len, folds)) == [2, 2, 2, 2, 3]


def test_folds_keep_each_group_together_and_balance_the_sizes():
    groups = ["a"] * 4 + ["b"] * 3 + ["c"] * 3 + ["d"] * 2
    folds = group_folds(groups, 3)
    assert [sorted({groups[i] for i in fold}) for fold in folds] == [["a"], ["b", "d"], ["c"]]


def test_fewer_folds_than_asked_when_there_are_fewer_groups():
    assert group_folds(["a", "b", "a", "b"], 5) == [[0, 2], [1, 3]]


def test_one_group_cannot_be_cross_validated():
    with pytest.raises(ValueError):
        group_folds(["a", "a", "a"], 2)


def test_shared_sentences_count_held_out_sentences_seen_in_training():
    sentences = [frozenset({"x", "y"}), frozenset({"y"}), frozenset({"z"})]
    assert shared_sentences(sentences, [[0], [1, 2]]) == (1 + 1, 2 + 2)
