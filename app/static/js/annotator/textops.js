/** Pure text helpers on UTF-16 indices: word, sentence and grapheme boundaries, snapping and trimming. */

const WORD = /[\p{L}\p{N}\p{M}\p{Pc}]/u;
// Scripts written without spaces: each character is its own word, otherwise a click would grab a sentence.
const ISOLATED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const JOINERS = new Set(["'", "’", "-", "\u00ad"]);
const SPACE = /\s/u;
const TERMINAL = new Set([".", "?", "!", ":", "…", ",", ";"]);
const CLOSERS = /["”’»)\]]/u;
const graphemes = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

function charAt(text, i) { return i >= 0 && i < text.length ? String.fromCodePoint(text.codePointAt(i)) : ""; }
function charBefore(text, i) {
  if (i <= 0) return "";
  const low = text.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && i >= 2 ? String.fromCodePoint(text.codePointAt(i - 2)) : text[i - 1];
}

function wordish(ch) { return ch !== "" && WORD.test(ch) && !ISOLATED.test(ch); }

/** True when i lies strictly inside a word (letters on both sides, or letters joined by ' ’ -). */
function insideWord(text, i) {
  const before = charBefore(text, i);
  const after = charAt(text, i);
  if (wordish(before) && wordish(after)) return true;
  if (JOINERS.has(after) && wordish(before) && wordish(charAt(text, i + 1))) return true;
  return JOINERS.has(before) && wordish(after) && wordish(charBefore(text, i - 1));
}

function step(text, i, dir) { return dir > 0 ? i + charAt(text, i).length : i - charBefore(text, i).length; }

/** Move i to the nearest grapheme-cluster boundary in direction dir (-1 start, +1 end). */
export function graphemeBoundary(text, i, dir) {
  if (!graphemes || i <= 0 || i >= text.length) return i;
  const from = Math.max(0, i - 32);
  const seg = graphemes.segment(text.slice(from, Math.min(text.length, i + 32))).containing(i - from);
  if (!seg || seg.index + from === i) return i;
  return dir < 0 ? seg.index + from : seg.index + from + seg.segment.length;
}

/** Expand [start, end) outwards to whole words (word granularity) or grapheme clusters (char). */
export function snapRange(text, start, end, granularity) {
  let s = graphemeBoundary(text, start, -1);
  let e = graphemeBoundary(text, end, 1);
  if (granularity === "word") {
    while (s > 0 && insideWord(text, s)) s = step(text, s, -1);
    while (e < text.length && insideWord(text, e)) e = step(text, e, 1);
  }
  return [s, e];
}

/** Drop whitespace at both ends and, with trimPunctuation, terminal punctuation (. ? ! : … , ;) at either end. */
export function trimRange(text, start, end, trimPunctuation) {
  let s = start;
  let e = end;
  let changed = true;
  while (changed && s < e) {
    changed = false;
    const first = charAt(text, s);
    const last = charBefore(text, e);
    if (SPACE.test(first) || (trimPunctuation && TERMINAL.has(first))) { s += first.length; changed = true; }
    if (s < e && (SPACE.test(last) || (trimPunctuation && TERMINAL.has(last)))) { e -= last.length; changed = true; }
  }
  return [s, Math.max(s, e)];
}

/** Snap then trim: the range a mouse or keyboard selection turns into. */
export function normaliseRange(text, start, end, { granularity, trimPunctuation }) {
  const [s, e] = snapRange(text, Math.min(start, end), Math.max(start, end), granularity);
  return trimRange(text, s, e, trimPunctuation);
}

/** Caret target one word (or one character when byChar) away in direction dir. */
export function moveCaret(text, i, dir, byChar) {
  if (byChar) {
    const next = step(text, i, dir);
    return Math.min(text.length, Math.max(0, graphemeBoundary(text, next, dir)));
  }
  let p = i;
  const look = dir > 0 ? (q) => charAt(text, q) : (q) => charBefore(text, q);
  const edge = (q) => (dir > 0 ? q >= text.length : q <= 0);
  // Skip the gap (spaces, punctuation) then the word, so Right lands on word ends and Left on word starts.
  while (!edge(p) && !wordish(look(p)) && !ISOLATED.test(look(p))) p = step(text, p, dir);
  if (!edge(p) && ISOLATED.test(look(p))) return step(text, p, dir);
  do { p = step(text, p, dir); } while (!edge(p) && insideWord(text, p));
  return p;
}

/**
 * Where a span boundary lands one word away: starts move between word starts, ends between word ends
 * (or one grapheme when byChar).
 */
export function moveBoundary(text, i, edge, dir, byChar) {
  if (byChar) return moveCaret(text, i, dir, true);
  if ((edge === "start") === (dir < 0)) return moveCaret(text, i, dir, false);
  const skipGap = (from) => {
    let q = from;
    const look = dir > 0 ? (x) => charAt(text, x) : (x) => charBefore(text, x);
    while (q > 0 && q < text.length && !wordish(look(q)) && !ISOLATED.test(look(q))) q = step(text, q, dir);
    return q;
  };
  // Leave the current word first, then stop at the near edge of the next one.
  let p = moveCaret(text, i, dir, false);
  if (dir > 0 && edge === "start") p = skipGap(p);
  if (dir < 0 && edge === "end") p = skipGap(p);
  return p;
}

function isSentenceStart(text, i) {
  if (i <= 0 || i >= text.length) return true;
  if (text[i - 1] === "\n") return !SPACE.test(text[i]) || text[i] === "\n";
  if (SPACE.test(text[i])) return false;
  let j = i;
  while (j > 0 && SPACE.test(text[j - 1])) j -= 1;
  if (j === i) return false;
  while (j > 0 && CLOSERS.test(text[j - 1])) j -= 1;
  return j > 0 && (text[j - 1] === "." || text[j - 1] === "?" || text[j - 1] === "!" || text[j - 1] === "…");
}

/** Start of the next (dir > 0) or previous (dir < 0) sentence from i; paragraphs count as sentences. */
export function moveSentence(text, i, dir) {
  let p = i + dir;
  while (p > 0 && p < text.length && !isSentenceStart(text, p)) p += dir;
  return Math.min(text.length, Math.max(0, p));
}

/** Start (dir < 0) or end (dir > 0) of the paragraph holding i. */
export function paragraphEdge(text, i, dir) {
  if (dir < 0) return text.lastIndexOf("\n", i - 1) + 1;
  const nl = text.indexOf("\n", i);
  return nl === -1 ? text.length : nl;
}
