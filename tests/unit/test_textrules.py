"""Sentence starts and headings (app.annotations.textrules) against the vectors shared with textrules.js."""
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.annotations.textrules import (
    SPACES,
    heading_overlapping,
    headings,
    sentence_break_inside,
    sentence_starts,
)

VECTORS = json.loads((Path(__file__).parent.parent / "vectors" / "textrules.json").read_text("utf-8"))["cases"]
IDS = [case["name"] for case in VECTORS]


@pytest.mark.parametrize("case", VECTORS, ids=IDS)
def test_sentence_starts_match_vectors(case: dict) -> None:
    assert sentence_starts(case["text"]) == case["sentence_starts"]


@pytest.mark.parametrize("case", VECTORS, ids=IDS)
def test_headings_match_vectors(case: dict) -> None:
    assert headings(case["text"]) == [tuple(h) for h in case["headings"]]


def test_a_sentence_break_inside_a_span_is_found_before_cjk() -> None:
    text = "They discussed trade. 北京会谈继续。"
    assert sentence_break_inside(text, 0, len(text)) == text.index("北")
    assert sentence_break_inside(text, 0, text.index(".")) is None


def test_a_span_starting_on_a_sentence_start_does_not_cross_it() -> None:
    text = "One. Two three."
    assert sentence_break_inside(text, text.index("Two"), len(text)) is None


def test_heading_overlapping_finds_a_heading_inside_the_span() -> None:
    text = "Bilateral Ties: The leaders agreed."
    assert heading_overlapping(text, 0, len(text)) == (0, len("Bilateral Ties:"))
    assert heading_overlapping(text, text.index("The"), len(text)) is None


TEXTS = st.text(alphabet=st.sampled_from("Ab c1.!?…。”“(:\n \u3000北é"), max_size=60)


@given(TEXTS)
def test_sentence_starts_ascend_and_sit_on_visible_characters(text: str) -> None:
    starts = sentence_starts(text)
    assert starts == sorted(set(starts))
    assert all(0 < s < len(text) and text[s] not in SPACES for s in starts)


@given(TEXTS)
def test_headings_start_lines_and_end_with_a_colon(text: str) -> None:
    for start, end in headings(text):
        assert start == 0 or text[start - 1] == "\n"
        assert text[end - 1] == ":" and "\n" not in text[start:end]
