"""Label hotkeys cannot take a key the annotation page keeps for itself; the schema file and guidelines list them."""
import pathlib
import re

import pytest
import yaml

from app.annotation_schemas.file_fields import RESERVED_HOTKEYS
from app.annotation_schemas.file_format import SchemaFileError, load_schema_file, parse_schema_text

REPO = pathlib.Path(__file__).resolve().parents[2]
SHIPPED = REPO / "annotation_schemas" / "fact_opinion.yaml"
ANNOTATOR_JS = REPO / "app" / "static" / "js" / "annotator"


def schema_with_hotkey(key: str) -> str:
    return yaml.safe_dump({"schema_id": "mini", "version": "0.1.0", "labels": [
        {"id": "a", "color": "#aaaaaa", "hotkey": key}, {"id": "b", "color": "#bbbbbb", "hotkey": "2"}]})


@pytest.mark.parametrize("key, what", [
    ("a", "accepts the suggestion under the caret"), ("A", "accepts the suggestion under the caret"),
    ("x", "rejects the suggestion under the caret"), ("j", "selects the next span"),
    ("k", "selects the previous span"), ("[", "start one word left"), ("}", "end one word right"),
    ("?", "cheat sheet"), ("z", "undoes"),
])
def test_a_reserved_key_is_refused_naming_the_key_and_what_it_does(key, what):
    with pytest.raises(SchemaFileError) as caught:
        parse_schema_text(schema_with_hotkey(key), path="annotation_schemas/mini.yaml")
    assert caught.value.field == "labels[0].hotkey"
    assert f"'{key}' is reserved by the annotation page, where it" in caught.value.problem
    assert what in caught.value.problem


def test_a_free_key_is_accepted():
    document = parse_schema_text(schema_with_hotkey("q"), path="annotation_schemas/mini.yaml").document
    assert document["labels"][0]["hotkey"] == "q"


def test_every_one_character_key_the_annotation_page_binds_is_reserved():
    sources = {path.name: path.read_text(encoding="utf-8") for path in ANNOTATOR_JS.glob("*.js")}
    bound = {key for source in sources.values() for key in re.findall(r'e\.key === "(.)"', source)}
    # suggestions.js maps keys to handlers in an object literal: { a: () => …, x: …, A: … }.
    bound |= set(re.findall(r"\b(\w): \(\) => this\.", sources["suggestions.js"]))
    if "BracketLeft" in sources["keyboard.js"]:
        bound |= {"[", "]", "{", "}"}
    assert {"?", "a", "x", "j", "k", "["} <= bound
    assert {key.lower() for key in bound} <= set(RESERVED_HOTKEYS)


def test_the_shipped_schema_lists_every_reserved_key_in_its_comment_and_guidelines():
    text = SHIPPED.read_text(encoding="utf-8")
    comment = "\n".join(line for line in text.splitlines() if line.startswith("#   "))
    listed = set(re.findall(r"^#\s+(\S)(?:\s|$)|/ (\S)\s", comment, flags=re.M))
    assert set(RESERVED_HOTKEYS) <= {key for pair in listed for key in pair if key}
    guidelines = load_schema_file(SHIPPED).document["guidelines"]
    in_guidelines = set(re.findall(r"`(.)`", guidelines)) | {m.lower() for m in re.findall(r"Ctrl\+(\w)\b", guidelines)}
    assert set(RESERVED_HOTKEYS) <= in_guidelines
