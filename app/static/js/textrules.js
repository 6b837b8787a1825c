/**
 * Where sentences start and which lines open with a heading: the mirror of app/annotations/textrules.py.
 * Both are checked against tests/vectors/textrules.json; the rules are described there. Offsets here are
 * UTF-16 units (JavaScript string indices); every character the rules look at is in the BMP, and astral
 * characters are tested by code point.
 */

const SPACES = new Set(" \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000");
const TERMINALS = new Set(".!?…");
const CJK_TERMINALS = new Set("。！？｡");
const CLOSERS = new Set("\"'”’»)]」』）】〕〉》");
const OPENERS = new Set("\"'“‘«([「『（【");
const SMALL_WORDS = new Set("a an and as at but by for from in into nor of on or per the to vs via with".split(" "));
const WORD_JOINERS = new Set("'’-/&.");
const MAX_HEADING_WORDS = 8;
const MAX_HEADING_LENGTH = 60;
const ABBREVIATIONS = new Set(`mr. mrs. ms. dr. prof. st. jr. sr. vs. gen. sen. rep. gov. lt. col. capt. sgt. rev. hon. pres.
  inc. ltd. co. corp. dept. univ. approx. cf. al. ca. e.g. i.e. u.s. u.k. u.n.
  jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.`.split(/\s+/));
const NUMBER_ABBREVIATIONS = new Set("no. nos. p. pp. vol. fig. art. sec.".split(" "));

const CAPITAL = /^[\p{Lu}\p{Lt}]$/u;
const OPENS_SENTENCE = /^[\p{Lu}\p{Lt}\p{Lo}\p{Nd}]$/u;
const DIGIT = /^\p{Nd}$/u;
const LETTER = /^\p{L}$/u;
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

/** The whole character (one or two UTF-16 units) at i. */
function charAt(text, i) { return i < text.length ? String.fromCodePoint(text.codePointAt(i)) : ""; }

function nextNonSpace(text, i) {
  let j = i;
  while (j < text.length && SPACES.has(text[j])) j += 1;
  return j;
}

/** Python's str.lower() agrees with toLowerCase() on the ASCII abbreviations compared here. */
function isAbbreviation(text, period, following) {
  let start = period;
  while (start > 0 && !SPACES.has(text[start - 1]) && period - start < 30) start -= 1;
  let chunk = text.slice(start, period + 1);
  let k = 0;
  while (k < chunk.length && OPENERS.has(chunk[k])) k += 1;
  chunk = chunk.slice(k);
  const lower = chunk.toLowerCase();
  if (NUMBER_ABBREVIATIONS.has(lower)) return DIGIT.test(following);
  if (ABBREVIATIONS.has(lower)) return true;
  const chars = [...chunk];
  const dotted = chars.length >= 4 && chars.length % 2 === 0
    && chars.every((c, i) => (i % 2 ? c === "." : LETTER.test(c)));
  const initial = chars.length === 2 && chars[1] === "." && chars[0] >= "A" && chars[0] <= "Z";
  return dotted || initial;
}

/** UTF-16 offsets where a sentence other than the first begins, ascending. */
export function sentenceStarts(text) {
  const starts = [];
  const add = (found) => {
    if (found < text.length && found > 0 && !(starts.length && starts[starts.length - 1] >= found)) starts.push(found);
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\n") {
      add(nextNonSpace(text, i + 1));
      i += 1;
    } else if (CJK_TERMINALS.has(ch)) {
      let j = i + 1;
      while (j < text.length && CLOSERS.has(text[j])) j += 1;
      add(nextNonSpace(text, j));
      i = j;
    } else if (TERMINALS.has(ch)) {
      let j = i;
      while (j < text.length && TERMINALS.has(text[j])) j += 1;
      const last = j - 1;
      while (j < text.length && CLOSERS.has(text[j])) j += 1;
      if (j < text.length && SPACES.has(text[j])) {
        const found = nextNonSpace(text, j);
        const first = charAt(text, found);
        const opens = OPENS_SENTENCE.test(first) || OPENERS.has(first);
        if (found < text.length && opens && !(text[last] === "." && isAbbreviation(text, last, first))) add(found);
      }
      i = Math.max(j, i + 1);
    } else {
      i += 1;
    }
  }
  return starts;
}

function headingEnd(text, start) {
  let position = start;
  let words = 0;
  for (;;) {
    const wordStart = position;
    if (position >= text.length || !WORD_CHAR.test(charAt(text, position))) return null;
    while (position < text.length) {
      const c = charAt(text, position);
      if (!WORD_CHAR.test(c) && !WORD_JOINERS.has(c)) break;
      position += c.length;
    }
    const word = text.slice(wordStart, position);
    const first = charAt(word, 0);
    words += 1;
    const capitalised = CAPITAL.test(first) || (words > 1 && (DIGIT.test(first) || SMALL_WORDS.has(word.toLowerCase())));
    // Lengths are compared in code points, as the Python side counts them.
    if (!capitalised || words > MAX_HEADING_WORDS || [...text.slice(start, position)].length >= MAX_HEADING_LENGTH) return null;
    if (text[position] === ":") {
      const after = position + 1;
      return after === text.length || SPACES.has(text[after]) ? after : null;
    }
    if (position >= text.length || (text[position] !== " " && text[position] !== "\t")) return null;
    while (position < text.length && (text[position] === " " || text[position] === "\t")) position += 1;
  }
}

/** [start, end) in UTF-16 units of every heading, the colon included. */
export function headings(text) {
  const found = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    const end = headingEnd(text, lineStart);
    if (end !== null) found.push([lineStart, end]);
    const newline = text.indexOf("\n", lineStart);
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return found;
}
