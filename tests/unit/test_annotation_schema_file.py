"""Loading, validating and normalising annotation schema files, and the shipped fact_opinion schema."""

import copy
import hashlib
import json
import pathlib
from collections.abc import Callable

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from app.annotation_schemas.file_format import (
    SchemaFileError, iter_schema_files, label_by_id, load_schema_file, parse_schema_text,
)
from app.annotation_schemas.values import validate_attributes

REPO = pathlib.Path(__file__).resolve().parents[2]
SHIPPED = REPO / "annotation_schemas" / "fact_opinion.yaml"
SEED = pathlib.Path("/work/shared/seeds/000_33f12f0f2108e3d3.txt")

MINIMAL = {
    "schema_id": "mini",
    "version": "0.1.0",
    "labels": [
        {"id": "a", "color": "#aaaaaa", "hotkey": "1",
         "attributes": [{"id": "kind", "type": "enum", "choices": [{"value": "x"}, {"value": "y"}]}]},
        {"id": "b", "color": "#bbbbbb", "hotkey": "2"},
    ],
}


@pytest.fixture(scope="module")
def shipped():
    return load_schema_file(SHIPPED)


def flat(markdown: str) -> str:
    return " ".join(markdown.split())


def test_shipped_schema_has_the_three_labels(shipped):
    assert (shipped.schema_id, shipped.version) == ("fact_opinion", "1.1.1")
    labels = label_by_id(shipped.document)
    assert list(labels) == ["sourced_readout", "author_inference", "unverifiable_claim"]
    assert [labels[key]["hotkey"] for key in labels] == ["1", "2", "3"]
    assert [labels[key]["bio_tag"] for key in labels] == ["READOUT", "INFERENCE", "UNVERIFIABLE"]


def test_shipped_schema_attributes_match_the_annotation_guide(shipped):
    labels = label_by_id(shipped.document)
    attributes = {label_id: {a["id"]: a for a in label["attributes"]} for label_id, label in labels.items()}
    source = attributes["sourced_readout"]["source"]
    assert [c["value"] for c in source["choices"]] == [
        "russian_readout", "chinese_readout", "other_official", "unclear"]
    assert source["required"] and source["allow_other"]
    assert [c["value"] for c in attributes["sourced_readout"]["quote"]["choices"]] == [
        "direct", "partial_direct", "paraphrase"]
    assert attributes["sourced_readout"]["author_framing"]["type"] == "bool"
    assert attributes["sourced_readout"]["author_framing"]["default"] is False
    assert attributes["sourced_readout"]["cue_text"]["type"] == "string"
    assert not attributes["sourced_readout"]["cue_text"]["required"]
    assert not attributes["author_inference"]["cue"]["required"]
    inference_type = attributes["author_inference"]["inference_type"]
    assert inference_type["required"]
    assert [c["value"] for c in inference_type["choices"]] == [
        "speculation", "interpretation", "conclusion_from_source", "evaluation_prediction"]
    assert [c["value"] for c in attributes["author_inference"]["basis"]["choices"]] == [
        "russian_readout", "chinese_readout", "both_readouts", "none"]
    reason = attributes["unverifiable_claim"]["reason"]
    worthiness = attributes["unverifiable_claim"]["check_worthiness"]
    assert reason["required"] and worthiness["required"]
    assert [c["value"] for c in reason["choices"]] == [
        "motive_or_intent", "private_or_undisclosed", "unnamed_actors", "vague_or_unfalsifiable", "other"]
    assert [c["value"] for c in worthiness["choices"]] == ["high", "medium", "low"]


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_shipped_colours_are_readable_with_black_text_and_distinct(shipped):
    colours = [label["color"] for label in shipped.document["labels"]]
    # WCAG AA for normal text: contrast with black (luminance 0) of at least 4.5:1.
    assert all((_luminance(c) + 0.05) / 0.05 >= 4.5 for c in colours)
    rgb = [[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in colours]
    distances = [sum(abs(p - q) for p, q in zip(rgb[i], rgb[j])) for i in range(3) for j in range(i + 1, 3)]
    assert min(distances) > 150


SEED_EXAMPLES = [
    "Because Putin wanted to let Xi know exactly what he planned to discuss",
    "positioning their alliance as a “powerful, constructive, and stabilizing factor” globally",
    "We can see from both readouts that both leaders are fully committed to strategic coordination",
    "should disabuse those Western foreign policy experts of their delusional dream",
    "Putin will also attend the Asia-Pacific Economic Cooperation (APEC) summit",
    "They also discussed Cuba",
    "I am sure that the upcoming joint-naval military exercise with Iran was thoroughly discussed",
    "China and Russia have the obligation to uphold fairness and justice",
    "think tank pundits who believe that the relationship between Russia and China is just a superficial charade",
    "taking place in a “genuinely friendly,” “frank,” and “trusting” atmosphere",
    "Kremlin aide Yury Ushakov stated that",
    "This is their sixth early-year high-level chat… A tradition that began in 2021",
    "Why?",
]


@pytest.mark.parametrize("example", SEED_EXAMPLES)
def test_guidelines_work_through_the_seed_text_hard_cases(shipped, example):
    assert example in SEED.read_text(encoding="utf-8")
    assert example in flat(shipped.document["guidelines"])


def test_guidelines_cover_every_section_an_annotator_needs(shipped):
    guidelines = shipped.document["guidelines"]
    for heading in ("## Purpose", "## Sourced readout", "## Author inference", "## Unverifiable claim",
                    "## Decision order", "## Hard cases", "## Span boundaries", "## Offsets",
                    "## What to leave unlabeled"):
        assert f"\n{heading}\n" in guidelines
    assert 150 <= len(guidelines.splitlines()) <= 300
    assert "start 773, end 818" in flat(guidelines)


def test_shipped_file_is_found_in_the_schema_folder():
    assert SHIPPED in iter_schema_files(SHIPPED.parent)


def test_iter_schema_files_sorts_and_skips_other_and_hidden_files(tmp_path):
    for name in ("b.yml", "a.yaml", "c.json", "notes.txt", ".a.yaml", "d.YAML"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub.yaml").mkdir()
    assert [p.name for p in iter_schema_files(tmp_path)] == ["a.yaml", "b.yml", "c.json", "d.YAML"]


def _dump(document: dict) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def _mutated(change: Callable[[dict], None]) -> str:
    document = copy.deepcopy(MINIMAL)
    change(document)
    return _dump(document)


def _attribute(document: dict, **fields) -> None:
    document["labels"][0]["attributes"] = [{"id": "kind", "type": "enum", "choices": [{"value": "x"}]} | fields]


INVALID = [
    ("missing labels", lambda d: d.pop("labels"), "labels", "is required"),
    ("no labels", lambda d: d.update(labels=[]), "labels", "needs at least one label"),
    ("duplicate hotkey", lambda d: d["labels"][1].update(hotkey="1"),
     "labels[1].hotkey", "hotkey '1' is already used by label 'a'"),
    ("hotkey differs only by case", lambda d: (d["labels"][0].update(hotkey="r"), d["labels"][1].update(hotkey="R")),
     "labels[1].hotkey", "already used by label 'a'"),
    ("reserved hotkey", lambda d: d["labels"][0].update(hotkey="z"), "labels[0].hotkey", "reserved"),
    ("long hotkey", lambda d: d["labels"][0].update(hotkey="ctrl"), "labels[0].hotkey", "exactly one"),
    ("bad colour", lambda d: d["labels"][0].update(color="blue"), "labels[0].color", "#rrggbb"),
    ("short colour", lambda d: d["labels"][0].update(color="#abc"), "labels[0].color", "#rrggbb"),
    ("duplicate colour", lambda d: d["labels"][1].update(color="#AAAAAA"),
     "labels[1].color", "already used by label 'a'"),
    ("duplicate label id", lambda d: d["labels"][1].update(id="a"),
     "labels[1].id", "label id 'a' appears more than once"),
    ("duplicate bio tag", lambda d: d["labels"][1].update(bio_tag="A"), "labels[1].bio_tag", "BIO tag 'A'"),
    ("bad bio tag", lambda d: d["labels"][1].update(bio_tag="b-tag"), "labels[1].bio_tag", "upper-case"),
    ("bad schema id", lambda d: d.update(schema_id="Fact-Opinion"), "schema_id", "lower-case"),
    ("version not semver", lambda d: d.update(version="1.0"), "version", "semantic version"),
    ("unknown top-level key", lambda d: d.update(guideline="text"), "guideline", "did you mean 'guidelines'"),
    ("unknown label key", lambda d: d["labels"][0].update(colour="#123456"), "labels[0].colour",
     "did you mean 'color'"),
    ("unknown span rule", lambda d: d.update(span_rules={"overlap": True}), "span_rules.overlap", "unknown key"),
    ("enum without choices", lambda d: _attribute(d, choices=[]), "labels[0].attributes[0].choices",
     "needs a list of choices"),
    ("choices on a string", lambda d: _attribute(d, type="string"), "labels[0].attributes[0].choices",
     "only enum and multi_enum"),
    ("duplicate choice", lambda d: _attribute(d, choices=[{"value": "x"}, {"value": "x"}]),
     "labels[0].attributes[0].choices[1].value", "'x' appears more than once"),
    ("default not in choices", lambda d: _attribute(d, default="z"), "labels[0].attributes[0].default",
     "'z' is not one of the choices: x"),
    ("bool default of the wrong type", lambda d: _attribute(d, type="bool", choices=[], default="no"),
     "labels[0].attributes[0].default", "must be true or false"),
    ("unknown attribute type", lambda d: _attribute(d, type="integer"), "labels[0].attributes[0].type",
     "'integer' is not one of"),
    ("allow_other on a bool", lambda d: _attribute(d, type="bool", choices=[], allow_other=True),
     "labels[0].attributes[0].allow_other", "only enum"),
    ("visible_when to a missing attribute",
     lambda d: _attribute(d, visible_when={"attribute": "knd", "equals": "x"}),
     "labels[0].attributes[0].visible_when.attribute", "no attribute 'knd'"),
    ("visible_when equals an unknown choice",
     lambda d: d["labels"][0]["attributes"].append(
         {"id": "note", "type": "string", "visible_when": {"attribute": "kind", "equals": "q"}}),
     "labels[0].attributes[1].visible_when.equals", "'q' is not one of the choices"),
    ("guideline anchor without heading", lambda d: d["labels"][0].update(guideline_anchor="label-a"),
     "labels[0].guideline_anchor", "no heading"),
    ("broken guideline link", lambda d: d.update(guidelines="# Intro\n\nSee [b](#label-b).\n"),
     "guidelines", "'#label-b' matches no heading"),
    ("changelog without this version",
     lambda d: d.update(changelog=[{"version": "0.0.9", "date": "2026-01-01", "changes": "x"}]),
     "changelog", "no entry for version 0.1.0"),
    ("bad changelog date",
     lambda d: d.update(changelog=[{"version": "0.1.0", "date": "29/11/2026", "changes": "x"}]),
     "changelog[0].date", "YYYY-MM-DD"),
    ("bad granularity", lambda d: d["labels"][0].update(granularity="token"), "labels[0].granularity", "'token'"),
    ("flag given as text", lambda d: d.update(span_rules={"allow_overlap": "yes"}),
     "span_rules.allow_overlap", "true or false"),
    ("max_length on a choice", lambda d: _attribute(d, max_length=10), "labels[0].attributes[0].max_length",
     "only string attributes and enums that allow other values"),
    ("max_length of zero", lambda d: _attribute(d, type="string", choices=[], max_length=0),
     "labels[0].attributes[0].max_length", "at least 1, not the number 0"),
    ("max_length given as a flag", lambda d: _attribute(d, type="string", choices=[], max_length=True),
     "labels[0].attributes[0].max_length", "at least 1, not the boolean true"),
    ("default past max_length", lambda d: _attribute(d, type="string", choices=[], max_length=3, default="abcd"),
     "labels[0].attributes[0].default", "4 characters long; the most is 3"),
    # Options no code applies are refused rather than accepted and ignored.
    ("excluded region nothing detects", lambda d: d.update(span_rules={"excluded_regions": ["heading", "quote"]}),
     "span_rules.excluded_regions[1]", "'quote' is not one of: heading"),
    ("agreement metric nothing computes", lambda d: d.update(agreement={"metric": "gamma"}),
     "agreement.metric", "'gamma' is not one of"),
    ("adjudication policy the code does not know", lambda d: d.update(agreement={"adjudication_policy": "adjudicator"}),
     "agreement.adjudication_policy", "'adjudicator' is not one of: majority, unanimous"),
]


@pytest.mark.parametrize(("change", "field", "problem"), [case[1:] for case in INVALID],
                         ids=[case[0] for case in INVALID])
def test_invalid_file_is_refused_with_field_path(change, field, problem):
    with pytest.raises(SchemaFileError) as caught:
        parse_schema_text(_mutated(change), path="annotation_schemas/bad.yaml")
    assert (caught.value.field, caught.value.path) == (field, "annotation_schemas/bad.yaml")
    assert problem in caught.value.problem
    assert len(caught.value.problems) == 1


def test_visible_when_cycle_is_refused():
    def change(document: dict) -> None:
        document["labels"][0]["attributes"] = [
            {"id": "p", "type": "bool", "visible_when": {"attribute": "q", "equals": True}},
            {"id": "q", "type": "bool", "visible_when": {"attribute": "p", "equals": True}},
        ]
    with pytest.raises(SchemaFileError) as caught:
        parse_schema_text(_mutated(change), path="bad.yaml")
    assert caught.value.field == "labels[0].attributes[0].visible_when.attribute"
    assert "circle" in caught.value.problem


RAW_INVALID = [
    ("syntax error", "schema_id: mini\nversion: '0.1.0'\nlabels:\n  - id: a\n   color: '#aaaaaa'\n", "bad.yaml",
     "YAML syntax error at line 5"),
    ("duplicate key", "schema_id: mini\nversion: '0.1.0'\nschema_id: other\n", "bad.yaml",
     "line 3, column 1: the key 'schema_id' appears twice"),
    ("empty file", "# nothing here\n", "bad.yaml", "the file is empty"),
    ("top-level list", "- schema_id: mini\n", "bad.yml", "must be a mapping"),
    ("json syntax error", '{"schema_id": "mini",\n "version": }', "bad.json", "JSON syntax error at line 2"),
    ("json duplicate key", '{"schema_id": "mini", "schema_id": "x"}', "bad.json", "appears twice"),
    ("unsupported suffix", "schema_id: mini\n", "bad.txt", "unsupported file type '.txt'"),
]


@pytest.mark.parametrize(("text", "path", "problem"), [case[1:] for case in RAW_INVALID],
                         ids=[case[0] for case in RAW_INVALID])
def test_unparsable_file_is_refused_with_location(text, path, problem):
    with pytest.raises(SchemaFileError) as caught:
        parse_schema_text(text, path=path)
    assert caught.value.field == ""
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"{path}: ")


def test_invalid_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("schema_id: mini\nname: Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(SchemaFileError) as caught:
        load_schema_file(path)
    assert "not valid UTF-8 (byte 0xe9 at line 2)" in str(caught.value)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(SchemaFileError, match="cannot be read"):
        load_schema_file(tmp_path / "absent.yaml")


def test_error_message_names_file_field_and_problem_one_per_line():
    document = copy.deepcopy(MINIMAL)
    document["labels"][1]["hotkey"] = "1"
    document["labels"][0]["color"] = "red"
    with pytest.raises(SchemaFileError) as caught:
        parse_schema_text(_dump(document), path="annotation_schemas/bad.yaml")
    lines = str(caught.value).splitlines()
    assert lines[1] == "annotation_schemas/bad.yaml: labels[1].hotkey: hotkey '1' is already used by label 'a'"
    assert lines[0].startswith("annotation_schemas/bad.yaml: labels[0].color: 'red' is not valid")
    assert [field for field, _ in caught.value.problems] == ["labels[0].color", "labels[1].hotkey"]


def test_normalised_document_has_every_default_filled():
    document = parse_schema_text(_dump(MINIMAL), path="mini.yaml").document
    assert document["name"] == "Mini" and document["language"] == "en" and document["changelog"] == []
    assert document["span_rules"] == {"allow_overlap": False, "allow_cross_sentence": False, "granularity": "word",
                                      "trim_punctuation": True, "excluded_regions": []}
    assert document["agreement"] == {"match_mode": "overlap", "metric": "span_f1", "adjudication_policy": "majority"}
    assert document["export"] == {"spans_key": "sc"} and document["guidelines"] == ""
    label = document["labels"][0]
    assert (label["name"], label["bio_tag"], label["granularity"]) == ("A", "A", "word")
    assert label["guideline_anchor"] is None and label["hotkey"] == "1"
    assert label["attributes"][0] == {
        "id": "kind", "name": "Kind", "type": "enum", "choices": [{"value": "x", "name": "X", "description": ""},
                                                                  {"value": "y", "name": "Y", "description": ""}],
        "allow_other": False, "suggestions": [], "required": False, "default": None, "visible_when": None,
        "description": "", "max_length": None}
    assert json.loads(json.dumps(document)) == document


def test_label_granularity_defaults_to_the_span_rule():
    document = copy.deepcopy(MINIMAL)
    document["span_rules"] = {"granularity": "char"}
    document["labels"][1]["granularity"] = "word"
    labels = parse_schema_text(_dump(document), path="mini.yaml").document["labels"]
    assert [label["granularity"] for label in labels] == ["char", "word"]


def test_bare_digit_hotkey_and_yaml_date_are_normalised():
    changelog = "changelog:\n- {version: 0.1.0, date: 2026-11-29, changes: x}\n"
    text = _dump(MINIMAL).replace("hotkey: '1'", "hotkey: 1") + changelog
    document = parse_schema_text(text, path="mini.yaml").document
    assert document["labels"][0]["hotkey"] == "1"
    assert document["changelog"][0]["date"] == "2026-11-29"


def test_json_file_gives_the_same_document_as_yaml():
    from_yaml = parse_schema_text(_dump(MINIMAL), path="mini.yaml")
    from_json = parse_schema_text(json.dumps(MINIMAL), path="mini.json")
    assert from_json.document == from_yaml.document


def test_content_is_kept_verbatim_and_hashed(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text("# a comment the lead keeps\n" + _dump(MINIMAL), encoding="utf-8")
    first = load_schema_file(path)
    assert first.content == path.read_text(encoding="utf-8")
    assert first.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_text("# another comment\n" + _dump(MINIMAL), encoding="utf-8")
    second = load_schema_file(path)
    assert second.sha256 != first.sha256 and second.document == first.document


ATTRIBUTE_LABEL = {
    "id": "claim", "name": "Claim", "color": "#ffcc99",
    "attributes": [
        {"id": "source", "type": "enum", "required": True, "allow_other": True,
         "choices": [{"value": "kremlin", "name": "Kremlin"}]},
        {"id": "kind", "type": "enum", "choices": [{"value": "fact"}, {"value": "opinion"}], "default": "fact"},
        {"id": "topics", "type": "multi_enum", "choices": [{"value": "iran"}, {"value": "cuba"}]},
        {"id": "hedged", "type": "bool", "default": False},
        {"id": "cue", "type": "string", "required": True, "visible_when": {"attribute": "hedged", "equals": True}},
        {"id": "confidence", "type": "number"},
        {"id": "stance", "type": "enum", "required": True, "choices": [{"value": "pro"}, {"value": "con"}],
         "visible_when": {"attribute": "kind", "equals": "opinion"}},
    ],
}


@pytest.fixture(scope="module")
def claim_label():
    document = {"schema_id": "attrs", "version": "1.0.0", "labels": [ATTRIBUTE_LABEL]}
    return parse_schema_text(json.dumps(document), path="attrs.json").document["labels"][0]


@pytest.mark.parametrize(("attributes", "require", "expected"), [
    ({"source": "kremlin", "topics": ["iran", "cuba"], "confidence": 0.8}, True, {}),
    ({"source": "Chinese Foreign Ministry"}, True, {}),
    ({}, False, {}),
    ({}, True, {"source": ["Source is required: choose Kremlin"]}),
    ({"source": ""}, True, {"source": ["Source is required: choose Kremlin"]}),
    ({"source": "kremlin", "hedged": True}, True, {"cue": ["Cue is required"]}),
    ({"source": "kremlin", "kind": "opinion"}, True, {"stance": ["Stance is required: choose Pro, Con"]}),
    ({"source": "kremlin", "kind": "opinion", "stance": "pro"}, True, {}),
    ({"source": "kremlin", "kind": "maybe"}, False,
     {"kind": ["Kind: 'maybe' is not one of the choices: fact, opinion"]}),
    ({"source": 3}, False, {"source": ["Source: must be one of kremlin, not the number 3"]}),
    ({"topics": "iran"}, False, {"topics": ["Topics: must be a list of choices from iran, cuba, not the text 'iran'"]}),
    ({"topics": ["iran", "iraq", "iran"]}, False,
     {"topics": ["Topics: 'iraq' is not one of the choices: iran, cuba", "Topics: 'iran' is chosen more than once"]}),
    ({"hedged": "yes"}, False, {"hedged": ["Hedged: must be true or false, not the text 'yes'"]}),
    ({"confidence": True}, False,
     {"confidence": ["Confidence: must be a number, not the boolean true (quote it if you meant text)"]}),
    ({"cue": 5}, False, {"cue": ["Cue: must be text, not the number 5"]}),
    ({"sorce": "kremlin"}, False, {"sorce": ["label 'Claim' has no attribute 'sorce'; did you mean 'source'?"]}),
])
def test_validate_attributes(claim_label, attributes, require, expected):
    assert validate_attributes(claim_label, attributes, require=require) == expected


def test_validate_attributes_on_the_shipped_schema(shipped):
    labels = label_by_id(shipped.document)
    readout = {"source": "russian_readout", "quote": "partial_direct", "author_framing": True,
               "cue_text": "with Ushakov characterizing it as"}
    assert validate_attributes(labels["sourced_readout"], readout, require=True) == {}
    assert set(validate_attributes(labels["unverifiable_claim"], {"reason": "motive_or_intent"}, require=True)) == {
        "check_worthiness"}


def _paths(node, prefix=()):
    yield prefix
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _paths(child, (*prefix, key))


JUNK = st.one_of(st.none(), st.booleans(), st.integers(-2, 12), st.floats(), st.text(max_size=3),
                 st.lists(st.sampled_from(["x", "1", "#", "a"]), max_size=2),
                 st.dictionaries(st.sampled_from(["id", "value", "equals", "x"]), st.text(max_size=2), max_size=2))


@pytest.fixture(scope="module")
def fuzz_base(shipped):
    document = copy.deepcopy(shipped.document)
    document["guidelines"] = "## Sourced readout\n## Author inference\n## Unverifiable claim\n"
    document["labels"][1]["attributes"][0]["visible_when"] = {"attribute": "inference_type", "equals": "speculation"}
    return document


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_corrupted_value_is_reported_never_crashes(fuzz_base, data):
    document = copy.deepcopy(fuzz_base)
    for _ in range(data.draw(st.integers(1, 3))):
        *parents, key = data.draw(st.sampled_from(list(_paths(document))[1:]))
        parent = document
        for step in parents:
            parent = parent[step]
        parent[key] = data.draw(JUNK)
    try:
        parse_schema_text(json.dumps(document, default=str), path="fuzz.json")
    except SchemaFileError as error:
        assert all(problem for _, problem in error.problems)


@pytest.mark.parametrize(("fields", "expected"), [
    ({"type": "string", "choices": []}, 2000),
    ({"type": "string", "choices": [], "max_length": 80}, 80),
    ({"allow_other": True}, 2000),
    ({"allow_other": True, "max_length": 40}, 40),
    ({}, None),
])
def test_free_text_attributes_get_a_max_length(fields, expected):
    document = parse_schema_text(_mutated(lambda d: _attribute(d, **fields)), path="mini.yaml").document
    assert document["labels"][0]["attributes"][0]["max_length"] == expected


def test_the_schema_files_max_length_is_enforced():
    document = parse_schema_text(_mutated(lambda d: _attribute(d, type="string", choices=[], max_length=3)),
                                 path="mini.yaml").document
    label = document["labels"][0]
    assert validate_attributes(label, {"kind": "abc"}, require=False) == {}
    assert validate_attributes(label, {"kind": "abcd"}, require=False) == {
        "kind": ["Kind: is 4 characters long; the most is 3"]}


def test_a_stored_version_from_before_max_length_gets_the_default():
    label = {"id": "a", "name": "A", "attributes": [
        {"id": "cue", "name": "Cue", "type": "string", "required": False, "default": None, "visible_when": None,
         "choices": []}]}
    assert validate_attributes(label, {"cue": "x" * 2000}, require=False) == {}
    assert validate_attributes(label, {"cue": "x" * 2001}, require=False) == {
        "cue": ["Cue: is 2,001 characters long; the most is 2,000"]}
