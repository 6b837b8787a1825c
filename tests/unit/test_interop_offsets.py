"""Offset-unit detection: span texts, word boundaries, newlines, and texts where the units agree."""
import pytest

from app.interop.offsets_detect import RawSpan, detect_offsets
from tests.interop.foreign_files import TRICKY_SPANS, TRICKY_TEXT, in_unit

EXPECTED = [(s, e) for s, e, _, _ in TRICKY_SPANS]


def raw_spans(unit, with_text):
    return [RawSpan(in_unit(TRICKY_TEXT, s, unit), in_unit(TRICKY_TEXT, e, unit), TRICKY_TEXT[s:e] if with_text else None)
            for s, e, _, _ in TRICKY_SPANS]


@pytest.mark.parametrize("unit", ["codepoint", "utf16", "utf8"])
def test_span_texts_reveal_the_unit(unit):
    detection, spans = detect_offsets(TRICKY_TEXT, raw_spans(unit, True))
    assert (detection.unit, detection.evidence, detection.fitting) == (unit, "span_text", 3)
    assert spans == EXPECTED


@pytest.mark.parametrize("unit", ["codepoint", "utf16", "utf8"])
def test_word_boundaries_reveal_the_unit_without_span_texts(unit):
    detection, spans = detect_offsets(TRICKY_TEXT, raw_spans(unit, False))
    assert (detection.unit, detection.evidence, detection.ambiguous) == (unit, "word_boundaries", False)
    assert spans == EXPECTED


def test_ascii_before_every_span_needs_no_decision():
    text = "Xi said so. 👍"
    detection, spans = detect_offsets(text, [RawSpan(0, 10, "Xi said so")])
    assert (detection.unit, detection.evidence, spans) == ("codepoint", "no_difference", [(0, 10)])


def test_a_span_inside_a_flag_is_not_read_as_fitting():
    text = "🇫🇷 Paris said yes."
    # As code points 1..7 would cut the flag in half; as UTF-16 units 2..14 is "🇷 Paris sa".
    detection, spans = detect_offsets(text, [RawSpan(5, 15)])
    assert detection.unit == "utf16" and text[slice(*spans[0])] == "Paris said"


def test_windows_newlines_are_counted_then_mapped_onto_the_normalised_text():
    raw = "Heading\r\nXi said so.\r\nI think not."
    start = raw.index("I think")
    detection, spans = detect_offsets(raw, [RawSpan(start, start + 11, "I think not")])
    normalised = raw.replace("\r\n", "\n")
    assert detection.newlines == "raw" and normalised[slice(*spans[0])] == "I think not"


def test_tools_that_normalised_newlines_themselves_are_recognised():
    raw = "Heading\r\nXi said so.\r\nI think not."
    normalised = raw.replace("\r\n", "\n")
    start = normalised.index("I think")
    detection, spans = detect_offsets(raw, [RawSpan(start, start + 11, "I think not")])
    assert detection.newlines == "normalised" and normalised[slice(*spans[0])] == "I think not"


def test_a_forced_unit_is_used_and_misfits_come_back_as_none():
    detection, spans = detect_offsets(TRICKY_TEXT, [RawSpan(1, 3), RawSpan(0, 10_000)], unit="utf16")
    assert detection.evidence == "forced" and spans == [None, None]
