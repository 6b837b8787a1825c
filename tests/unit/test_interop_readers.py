"""The Label Studio, doccano and brat readers, the mapping file and the translation onto a schema."""
import json
from pathlib import Path

import pytest
import yaml

from app.interop.brat import read_brat_pair
from app.interop.doccano import read_doccano
from app.interop.labelstudio import read_labelstudio
from app.interop.mapping import MappingError, Resolver, parse_mapping
from app.interop.records import ForeignDocument, ImportIssue, Unreadable
from app.interop.translate import translate_document
from tests.interop.foreign_files import MAPPING_YAML, TRICKY_SPANS, TRICKY_TEXT, labelstudio_task

SCHEMA = yaml.safe_load((Path(__file__).parents[2] / "annotation_schemas" / "fact_opinion.yaml").read_text())


def documents(items):
    return [item for item in items if isinstance(item, ForeignDocument)]


def test_labelstudio_per_region_choices_become_that_region_s_attributes():
    [document] = documents(read_labelstudio(json.dumps([labelstudio_task(TRICKY_TEXT, TRICKY_SPANS, "utf16")]),
                                            source="ls.json"))
    [annotation] = document.sets
    assert annotation.annotator == "anna@example.org"
    assert [dict(s.attributes) for s in annotation.spans] == [{"source": ["Russian readout"]}, {}, {}]


def test_labelstudio_predictions_are_a_prediction_set_with_scores():
    task = labelstudio_task(TRICKY_TEXT, TRICKY_SPANS[:1], "utf16", predictions=[("ner-v2", TRICKY_SPANS[1:2])])
    [document] = documents(read_labelstudio(json.dumps(task), source="ls.json"))
    prediction = document.sets[1]
    assert (prediction.kind, prediction.annotator, prediction.score, len(prediction.spans)) == (
        "prediction", "ner-v2", 0.5, 1)


def test_labelstudio_cancelled_annotations_and_task_level_choices_are_reported():
    task = labelstudio_task(TRICKY_TEXT, TRICKY_SPANS[:1], "utf16", annotators=("a", "b"))
    task["annotations"][1]["was_cancelled"] = True
    task["annotations"][0]["result"].append({"id": "doc", "from_name": "topic", "type": "choices",
                                             "value": {"choices": ["politics"]}})
    items = list(read_labelstudio(json.dumps([task]), source="ls.json"))
    issues = [i.message for i in items if isinstance(i, ImportIssue)]
    assert len(documents(items)[0].sets) == 1
    assert any("cancelled" in m for m in issues) and any("topic belong to no labelled region" in m for m in issues)


def test_labelstudio_names_the_text_field_when_data_is_ambiguous():
    task = {"data": {"body": "Xi spoke.", "note": "x"}, "annotations": []}
    [unreadable] = read_labelstudio(json.dumps([task]), source="ls.json")
    assert isinstance(unreadable, Unreadable) and "text_field" in unreadable.reason
    [document] = read_labelstudio(json.dumps([task]), source="ls.json", text_field="body")
    assert document.text == "Xi spoke." and document.meta == {"note": "x"}


def test_doccano_reads_tuples_and_entities_and_reports_relations():
    lines = [json.dumps({"id": 1, "text": "Xi spoke.", "label": [[0, 2, "PER"]]}),
             json.dumps({"id": 2, "text": "Putin too.", "entities": [
                 {"id": 9, "label": "PER", "start_offset": 0, "end_offset": 5}], "relations": [{"id": 1}]}),
             "{broken"]
    items = list(read_doccano(lines, source="bob.jsonl", annotator="bob"))
    docs = documents(items)
    assert [(d.external_id, d.sets[0].annotator, [(s.start, s.end) for s in d.sets[0].spans]) for d in docs] == [
        ("1", "bob", [(0, 2)]), ("2", "bob", [(0, 5)])]
    assert any(isinstance(i, ImportIssue) and "relation" in i.message for i in items)
    assert any(isinstance(i, Unreadable) and i.location == "bob.jsonl:3" for i in items)


def test_brat_reads_attributes_notes_and_fragments_and_reports_relations():
    text = "Xi said\nthe talks went well."
    ann = ("T1\tREADOUT 0 7;8 27\tXi said the talks went well\n"
           "A1\tsource T1 chinese_readout\nA2\tauthor_framing T1\n"
           "#1\tAnnotatorNotes T1\tcue_text=\"stated that\"\n"
           "R1\tCause Arg1:T1 Arg2:T1\n")
    items = list(read_brat_pair(text, ann, source="a.ann", annotator="ann", external_id="a"))
    [document] = documents(items)
    [span] = document.sets[0].spans
    assert (span.start, span.end, span.fragments) == (0, 27, ((0, 7), (8, 27)))
    assert dict(span.attributes) == {"source": "chinese_readout", "author_framing": True, "cue_text": "stated that"}
    assert [i.location for i in items if isinstance(i, ImportIssue)] == ["a.ann:5"]


def test_translation_maps_labels_and_values_and_reports_what_did_not_map():
    spans = TRICKY_SPANS + [(0, 1, "Emoji", {})]
    task = labelstudio_task(TRICKY_TEXT, spans, "utf16")
    task["annotations"][0]["result"][0]["value"]["labels"].append("Extra")
    [document] = documents(read_labelstudio(json.dumps(task), source="ls.json"))
    translated = translate_document(document, resolver=Resolver(SCHEMA, parse_mapping(MAPPING_YAML, SCHEMA)))
    [annotation] = translated.record["annotations"]
    assert [(s["start"], s["end"], s["label"], s["attributes"]) for s in annotation["spans"]] == [
        (TRICKY_SPANS[0][0], TRICKY_SPANS[0][1], "sourced_readout", {"source": "russian_readout"}),
        (TRICKY_SPANS[1][0], TRICKY_SPANS[1][1], "author_inference", {}),
        (TRICKY_SPANS[2][0], TRICKY_SPANS[2][1], "unverifiable_claim", {})]
    messages = sorted((i.location, i.message.split(" ")[0]) for i in translated.issues)
    assert messages == [("ls.json task 1 (id 7) annotation 1 result 1", "second"),
                        ("ls.json task 1 (id 7) annotation 1 result 5", "label")]


def test_labels_resolve_by_id_name_and_bio_tag_without_a_mapping():
    resolver = Resolver(SCHEMA)
    assert [resolver.label(n) for n in ("sourced_readout", "Author inference", "UNVERIFIABLE", "Other")] == [
        "sourced_readout", "author_inference", "unverifiable_claim", None]


@pytest.mark.parametrize("source, fragment", [
    ("labels: {Readout: nope}", "'Readout' maps to 'nope'"),
    ("attributes: {src: {attribute: source, values: {Kremlin: kremlin}}}", "not a choice of source"),
    ("attributes: {src: {attribute: nothing}}", "which no label has"),
    ("colours: {}", "unknown key(s) colours"),
    ("labels: [", "not valid YAML"),
])
def test_a_mapping_file_naming_what_the_schema_lacks_is_refused(source, fragment):
    with pytest.raises(MappingError) as caught:
        parse_mapping(source, SCHEMA)
    assert fragment in str(caught.value)
