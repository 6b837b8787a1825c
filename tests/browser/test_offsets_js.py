"""The browser's offsets.js against the same vectors the Python offsets module is tested on."""
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

VECTORS = json.loads((Path(__file__).resolve().parent.parent / "vectors" / "offsets.json").read_text(encoding="utf-8"))

CHECK_JS = """async (cases) => {
  const {utf16ToCodePoint, codePointToUtf16, OffsetIndex} = await import('/static/js/offsets.js');
  const failures = [];
  for (const c of cases) {
    const index = new OffsetIndex(c.text);
    if (index.codePointLength !== c.codepoint_length) failures.push(`${c.name}: code-point length`);
    if (index.utf16Length !== c.utf16_length) failures.push(`${c.name}: UTF-16 length`);
    for (const [cp, u16] of c.pairs) {
      if (utf16ToCodePoint(c.text, u16) !== cp) failures.push(`${c.name}: utf16ToCodePoint(${u16})`);
      if (codePointToUtf16(c.text, cp) !== u16) failures.push(`${c.name}: codePointToUtf16(${cp})`);
      if (index.toCodePoint(u16) !== cp || index.toUtf16(cp) !== u16) failures.push(`${c.name}: OffsetIndex ${cp}`);
    }
    for (const inside of c.utf16_inside_pair || []) {
      let refused = false;
      try { utf16ToCodePoint(c.text, inside); } catch (e) { refused = e instanceof RangeError; }
      if (!refused) failures.push(`${c.name}: ${inside} splits a surrogate pair but was accepted`);
    }
  }
  return failures;
}"""


def test_offsets_js_matches_the_shared_vectors(server, page):
    page.goto(f"{server.url}/login")
    assert page.evaluate(CHECK_JS, VECTORS["cases"]) == []
    assert len(VECTORS["cases"]) >= 10
