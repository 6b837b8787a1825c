"""parse_json, character and URL checks: what any door refuses before a database sees it."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.safe_input import (
    MAX_JSON_DEPTH, InputError, NotJson, _is_storable, _raise_unstorable, character_problem, json_lines, parse_json,
    url_problem,
)


def test_nesting_up_to_the_limit_is_read():
    assert parse_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is not None


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_deeper_nesting_is_refused_without_a_recursion_error(depth):
    with pytest.raises(NotJson, match="nested more than 64 levels deep"):
        parse_json("[" * depth + "]" * depth)


@pytest.mark.parametrize(("text", "message"), [
    ('{"a": [1, {"b": "x\\u0000"}]}', "a[1].b: contains the control character U+0000 at character 1"),
    ('{"k\\u0000": 1}', "a key contains the control character U+0000 at character 1"),
    ('["\\udc00"]', "[0]: contains a lone surrogate U+DC00 at character 0"),
    ('{"score": NaN}', "score: must be a finite number (NaN and Infinity are not JSON)"),
    ('{"score": -Infinity}', "score: must be a finite number"),
    ('{"score": 1e999}', "score: must be a finite number"),
])
def test_values_no_database_can_store_are_refused_by_path(text, message):
    with pytest.raises(InputError) as caught:
        parse_json(text)
    assert str(caught.value).startswith(message) and not isinstance(caught.value, NotJson)


@pytest.mark.parametrize(("data", "message"), [
    ("{oops", "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
    (b'{"a": "\xff"}', "not valid UTF-8 (byte 0xff at byte 7)"),
    ("1" * 5000, "not valid JSON: a number has too many digits"),
])
def test_what_is_not_json_is_refused(data, message):
    with pytest.raises(NotJson, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_json(data)


def test_json_lines_number_lines_skip_blank_ones_and_keep_going_after_a_bad_one():
    results = list(json_lines([b'\xef\xbb\xbf{"a": 1}\n', b"\xff\n", b"  \n", b"[" * 100 + b"]" * 100, '{"b": 2}']))
    assert [(number, value if not isinstance(value, InputError) else str(value)) for number, value in results] == [
        (1, {"a": 1}), (2, "not valid UTF-8 (byte 0xff at byte 0)"),
        (4, "not valid JSON: nested more than 64 levels deep"), (5, {"b": 2})]


@pytest.mark.parametrize("text", ["Plain.", "Tabs\tand\nnewlines\r\n", "Emoji 👍🏽 and U+2028\u2028"])
def test_ordinary_text_has_no_character_problem(text):
    assert character_problem(text) is None


@pytest.mark.parametrize(("text", "message"), [
    ("a\x00", "contains the control character U+0000 at character 1"),
    ("\x1b[31m", "contains the control character U+001B at character 0"),
    ("del\x7f", "contains the control character U+007F at character 3"),
    ("c1\x85", "contains the control character U+0085 at character 2"),
    ("\ud83d", "contains a lone surrogate U+D83D at character 0"),
])
def test_control_characters_and_lone_surrogates_are_named(text, message):
    assert character_problem(text) == message


@pytest.mark.parametrize("url", ["https://example.org/a?b=c", "http://example.org", "HTTPS://EXAMPLE.ORG/"])
def test_http_links_are_kept(url):
    assert url_problem(url) is None


@pytest.mark.parametrize("url", ["javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                 "data:text/html,<b>x</b>", "vbscript:x", "//example.org/x", "https:relative",
                                 "ftp://example.org/file", "java\tscript:alert(1)"])
def test_other_links_are_refused(url):
    assert url_problem(url) is not None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(alphabet=st.sampled_from("a\x00\ud800é")),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(alphabet=st.sampled_from("k\x00\udfff"), max_size=2), children, max_size=3),
    max_leaves=20,
)


def lists_nested(count: int) -> list:
    value: list = []
    for _ in range(count - 1):
        value = [value]
    return value


def walk_passes(value) -> bool:
    try:
        _raise_unstorable(value)
    except InputError:
        return False
    return True


@given(json_values)
def test_the_fast_check_agrees_with_the_walk_that_names_the_problem(value):
    assert _is_storable(value, 0) is walk_passes(value)


@pytest.mark.parametrize("count, storable", [(MAX_JSON_DEPTH, True), (MAX_JSON_DEPTH + 1, False)])
def test_the_fast_check_stops_at_the_same_depth_as_the_walk(count, storable):
    assert walk_passes(lists_nested(count)) is storable
    assert _is_storable(lists_nested(count), 0) is storable
