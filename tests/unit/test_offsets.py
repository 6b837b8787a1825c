"""Check app.annotations.offsets against the shared JS/Python vectors and by round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.annotations.offsets import codepoint_to_utf16, utf16_length, utf16_to_codepoint

VECTORS = json.loads((Path(__file__).parent.parent / "vectors" / "offsets.json").read_text("utf-8"))["cases"]
CASE_IDS = [case["name"] for case in VECTORS]


@pytest.mark.parametrize("case", VECTORS, ids=CASE_IDS)
def test_lengths_match_vectors(case: dict) -> None:
    assert len(case["text"]) == case["codepoint_length"]
    assert utf16_length(case["text"]) == case["utf16_length"]


@pytest.mark.parametrize("case", VECTORS, ids=CASE_IDS)
def test_codepoint_to_utf16_matches_vectors(case: dict) -> None:
    assert [[cp, codepoint_to_utf16(case["text"], cp)] for cp, _ in case["pairs"]] == case["pairs"]


@pytest.mark.parametrize("case", VECTORS, ids=CASE_IDS)
def test_utf16_to_codepoint_matches_vectors(case: dict) -> None:
    assert [[utf16_to_codepoint(case["text"], u16), u16] for _, u16 in case["pairs"]] == case["pairs"]


@pytest.mark.parametrize("case", VECTORS, ids=CASE_IDS)
def test_offset_inside_surrogate_pair_is_rejected(case: dict) -> None:
    for u16 in case["utf16_inside_pair"]:
        with pytest.raises(ValueError, match="surrogate pair"):
            utf16_to_codepoint(case["text"], u16)


@pytest.mark.parametrize("case", VECTORS, ids=CASE_IDS)
def test_out_of_range_offsets_are_rejected(case: dict) -> None:
    for u16 in case["utf16_out_of_range"]:
        with pytest.raises(ValueError, match="out of range"):
            utf16_to_codepoint(case["text"], u16)
    for cp in case["codepoint_out_of_range"]:
        with pytest.raises(ValueError, match="out of range"):
            codepoint_to_utf16(case["text"], cp)


def test_non_int_offset_is_rejected() -> None:
    with pytest.raises(TypeError):
        codepoint_to_utf16("abc", True)


def test_lone_surrogate_counts_as_one_unit() -> None:
    text = "a\ud800b"
    assert codepoint_to_utf16(text, 3) == 3
    assert utf16_to_codepoint(text, 2) == 2


@given(st.text(), st.data())
def test_codepoint_round_trip(text: str, data: st.DataObject) -> None:
    cp = data.draw(st.integers(min_value=0, max_value=len(text)))
    assert utf16_to_codepoint(text, codepoint_to_utf16(text, cp)) == cp


@given(st.text())
def test_utf16_offsets_agree_with_utf16_encoding(text: str) -> None:
    encoded_units = len(text.encode("utf-16-le", "surrogatepass")) // 2
    assert codepoint_to_utf16(text, len(text)) == encoded_units == utf16_length(text)
