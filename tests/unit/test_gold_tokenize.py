"""The export tokenizer and sentence splitter, on hand-made cases and the first seed text."""
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.gold.tokenize import (
    _GAP_AND_TOKEN,
    _PLAIN_GAP_AND_TOKEN,
    Token,
    split_sentences,
    token_arrays,
    tokenize,
)

# The repo's copy of shared/seeds/000_33f12f0f2108e3d3.txt.
SEED = Path(__file__).parents[2] / "seed_texts" / "putin_xi_call_2026-02-04.txt"


def words(text: str) -> list[str]:
    return [token.text for token in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin said.", ["Putin", "said", "."]),
        ("U.S.-Iran talks", ["U", ".", "S", ".", "-", "Iran", "talks"]),
        ("(e.g., Trump’s plan)", ["(", "e", ".", "g", ".", ",", "Trump’s", "plan", ")"]),
        ("Asia-Pacific, 1,000.5 and 3.5%", ["Asia-Pacific", ",", "1,000.5", "and", "3.5", "%"]),
        ("February 4, 2026", ["February", "4", ",", "2026"]),
        ("cafe\u0301 naïve", ["cafe\u0301", "naïve"]),
        ("中文文本 OK", ["中", "文", "文", "本", "OK"]),
        ("up 👍🏽 and 👨\u200d👩\u200d👧!", ["up", "👍🏽", "and", "👨\u200d👩\u200d👧", "!"]),
        ("chat… A", ["chat", "…", "A"]),
        ("  \n ", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_offsets_are_code_points() -> None:
    assert tokenize("👍🏽 ok") == [Token("👍🏽", 0, 2), Token("ok", 3, 5)]


@given(st.text(max_size=200))
def test_tokens_tile_every_non_space_character(text: str) -> None:
    tokens = tokenize(text)
    covered = set()
    previous_end = 0
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert token.start >= previous_end and token.end > token.start
        assert text[previous_end : token.start].isspace() or previous_end == token.start
        covered.update(range(token.start, token.end))
        previous_end = token.end
    assert text[previous_end:].isspace() or previous_end == len(text)
    assert token_arrays(text) == ([t.text for t in tokens], [t.start for t in tokens], [t.end for t in tokens])


def sentences(text: str) -> list[str]:
    return [text[s[0].start : s[-1].end] for s in split_sentences(text, tokenize(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four… Five", ["One.", "Two!", "Three?", "Four…", "Five"]),
        ("Dr. Smith met the U.S. team. It went well.", ["Dr. Smith met the U.S. team.", "It went well."]),
        ("Mr. and Mrs. Jones left.", ["Mr. and Mrs. Jones left."]),
        ('He said "No." Then he left.', ['He said "No."', "Then he left."]),
        ("See No. 5 on p. 12. 2026 was busy.", ["See No. 5 on p. 12.", "2026 was busy."]),
        ("He said no. No one listened.", ["He said no.", "No one listened."]),
        ("It ended. “Good,” she said.", ["It ended.", "“Good,” she said."]),
        ("lower. case stays", ["lower. case stays"]),
        ("John F. Kennedy spoke.", ["John F. Kennedy spoke."]),
        ("Heading\nBody text", ["Heading", "Body text"]),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_seed_text_abbreviations_do_not_split() -> None:
    found = sentences(SEED.read_text("utf-8"))
    iran = [s for s in found if "U.S.-Iran" in s]
    assert len(iran) == 1
    assert iran[0].startswith("Regional/Global Crises: Special attention")
    assert iran[0].endswith("(amid U.S.-Iran talks and regional tensions).")
    example = [s for s in found if "e.g.," in s]
    assert len(example) == 1
    assert example[0].startswith("They noted close") and example[0].endswith("“Board of Peace” plan).")
    assert not any(s.endswith(("U.S.", "e.g.")) for s in found)


def test_seed_text_sentences_cover_every_token_once() -> None:
    text = SEED.read_text("utf-8")
    tokens = tokenize(text)
    grouped = split_sentences(text, tokens)
    assert [t for sentence in grouped for t in sentence] == tokens
    assert len(grouped) > 40


@given(st.text(alphabet=st.sampled_from("ab1 .,'’-\n\t!é9_"), max_size=80))
def test_plain_text_fast_pattern_matches_the_full_one(text: str) -> None:
    # Texts without CJK, marks or ZWJ take a simpler regex; it must find exactly the same tokens.
    assert _PLAIN_GAP_AND_TOKEN.findall(text) == _GAP_AND_TOKEN.findall(text)


@given(st.text(alphabet=st.sampled_from("Ab1 .!?…\"”(\n"), max_size=80))
def test_sentences_partition_the_tokens_in_order(text: str) -> None:
    tokens = tokenize(text)
    grouped = split_sentences(text, tokens)
    assert [t for sentence in grouped for t in sentence] == tokens
    assert all(grouped)
