"""The `review:` section of annotation schema files: defaults, the shipped desk, and refused mistakes."""
import copy

import pytest
import yaml

from app.annotation_schemas.file_format import SchemaFileError, load_schema_file, parse_schema_text
from tests.unit.test_annotation_schema_file import MINIMAL, SHIPPED

REVIEW = {"source_attribute": "kind", "labels": [{"label": "a", "check_types": ["attribution_fidelity"]}]}


def _parse(review: dict | None) -> dict:
    document = copy.deepcopy(MINIMAL)
    if review is not None:
        document["review"] = review
    return parse_schema_text(yaml.safe_dump(document, allow_unicode=True), path="mini.yaml").document


def test_a_file_without_review_section_queues_nothing_and_has_the_guide_scales():
    review = _parse(None)["review"]
    assert review["labels"] == [] and review["source_attribute"] is None and review["weak_match_below"] == 70
    assert [c["id"] for c in review["check_types"]] == ["attribution_fidelity", "factual_accuracy", "presentation"]
    assert [r["value"] for r in review["check_types"][0]["scale"]] == [
        "accurate", "accurate_with_added_framing", "partly_in_source", "not_in_source", "misattributed"]


def test_shipped_schema_queues_readouts_and_unverifiable_claims():
    review = load_schema_file(SHIPPED).document["review"]
    queued = {entry["label"]: entry["check_types"] for entry in review["labels"] if entry["queue"]}
    assert queued == {"sourced_readout": ["attribution_fidelity"],
                      "unverifiable_claim": ["factual_accuracy", "presentation"]}
    assert review["source_attribute"] == "source"
    scales = {c["id"]: [r["name"] for r in c["scale"]] for c in review["check_types"]}
    assert scales["factual_accuracy"] == ["True", "Misleading", "False", "Unverifiable"]
    assert scales["presentation"] == ["Presented as inference", "Presented as fact"]


def test_a_desk_can_change_a_scale_in_yaml():
    review = _parse({**REVIEW, "check_types": [{"id": "attribution_fidelity", "compares_with_source": True,
                                                "scale": ["yes", "no"]}]})["review"]
    assert review["check_types"] == [{"id": "attribution_fidelity", "name": "Attribution fidelity", "description": "",
                                      "compares_with_source": True, "not_found_rating": None,
                                      "scale": [{"value": "yes", "name": "Yes", "description": ""},
                                                {"value": "no", "name": "No", "description": ""}]}]


INVALID = [
    ("unknown label", {**REVIEW, "labels": [{"label": "bb", "check_types": ["presentation"]}]},
     "review.labels[0].label", "did you mean 'b'"),
    ("unknown check type", {"labels": [{"label": "b", "check_types": ["presentaton"]}]},
     "review.labels[0].check_types[0]", "did you mean 'presentation'"),
    ("queued without a check", {"labels": [{"label": "b"}]}, "review.labels[0].check_types", "at least one check"),
    ("label twice", {"labels": [{"label": "b", "check_types": ["presentation"]},
                                {"label": "b", "check_types": ["presentation"]}]},
     "review.labels[1].label", "appears more than once"),
    ("one-rating scale", {"check_types": [{"id": "x", "scale": ["only"]}]}, "review.check_types[0].scale",
     "at least two ratings"),
    ("repeated rating", {"check_types": [{"id": "x", "scale": ["a", "a"]}]}, "review.check_types[0].scale[1].value",
     "appears more than once"),
    ("source comparison without attribute", {"labels": [{"label": "a", "check_types": ["attribution_fidelity"]}]},
     "review.source_attribute", "name the label attribute"),
    ("unknown source attribute", {**REVIEW, "source_attribute": "knd"}, "review.source_attribute",
     "did you mean 'kind'"),
    ("not-found rating outside the scale",
     {"check_types": [{"id": "x", "compares_with_source": True, "not_found_rating": "absent", "scale": ["a", "b"]}]},
     "review.check_types[0].not_found_rating", "not in the scale"),
    ("threshold out of range", {"weak_match_below": 150}, "review.weak_match_below", "0 to 100"),
    ("unknown key", {"weak_match": 50}, "review.weak_match", "did you mean 'weak_match_below'"),
]


@pytest.mark.parametrize(("review", "field", "problem"), [case[1:] for case in INVALID],
                         ids=[case[0] for case in INVALID])
def test_invalid_review_section_is_refused_with_field_path(review, field, problem):
    with pytest.raises(SchemaFileError) as caught:
        _parse(review)
    assert caught.value.field == field
    assert problem in caught.value.problem
    assert len(caught.value.problems) == 1
