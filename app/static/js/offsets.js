/** Convert span offsets between UTF-16 code units (DOM, JS strings) and code points (stored text). */

function isHigh(code) { return code >= 0xd800 && code <= 0xdbff; }
function isLow(code) { return code >= 0xdc00 && code <= 0xdfff; }

function checkRange(offset, length, unit) {
  if (!Number.isInteger(offset)) throw new TypeError(`${unit} offset must be an integer`);
  if (offset < 0 || offset > length) throw new RangeError(`${unit} offset ${offset} is out of range 0..${length}`);
}

/** Code-point offset of the UTF-16 offset `utf16Offset` into `text`; throws RangeError inside a surrogate pair. */
export function utf16ToCodePoint(text, utf16Offset) {
  checkRange(utf16Offset, text.length, "UTF-16");
  let cp = 0;
  for (let i = 0; i < utf16Offset; i += 1) {
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      if (i + 1 === utf16Offset) throw new RangeError(`UTF-16 offset ${utf16Offset} falls inside a surrogate pair`);
      i += 1;
    }
    cp += 1;
  }
  return cp;
}

/** UTF-16 offset of the code-point offset `cpOffset` into `text`; throws RangeError when out of range. */
export function codePointToUtf16(text, cpOffset) {
  if (!Number.isInteger(cpOffset)) throw new TypeError("code-point offset must be an integer");
  let u16 = 0;
  for (let cp = 0; cp < cpOffset; cp += 1) {
    if (u16 >= text.length) throw new RangeError(`code-point offset ${cpOffset} is out of range`);
    const pair = isHigh(text.charCodeAt(u16)) && u16 + 1 < text.length && isLow(text.charCodeAt(u16 + 1));
    u16 += pair ? 2 : 1;
  }
  if (cpOffset < 0) throw new RangeError(`code-point offset ${cpOffset} is out of range`);
  return u16;
}

/** First index in the sorted array `values` whose value is >= `target`. */
function lowerBound(values, target) {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < target) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * O(log n) conversions for one long text: the UTF-16 start of every surrogate pair is found once,
 * so a conversion only counts the pairs before an offset by binary search.
 */
export class OffsetIndex {
  constructor(text) {
    this.text = text;
    const pairsU16 = [];
    for (let i = 0; i < text.length - 1; i += 1) {
      if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) { pairsU16.push(i); i += 1; }
    }
    this.pairsU16 = Int32Array.from(pairsU16);
    // The k-th pair starts at code point pairsU16[k] - k, since each earlier pair took one extra unit.
    this.pairsCp = Int32Array.from(pairsU16, (u16, k) => u16 - k);
    this.utf16Length = text.length;
    this.codePointLength = text.length - pairsU16.length;
  }

  /**
   * Code-point offset for a UTF-16 offset. `mode` says what to do inside a surrogate pair:
   * "strict" throws RangeError, "floor"/"ceil" snap to the pair's start/end.
   */
  toCodePoint(utf16Offset, mode = "strict") {
    checkRange(utf16Offset, this.utf16Length, "UTF-16");
    const k = lowerBound(this.pairsU16, utf16Offset);
    if (k > 0 && this.pairsU16[k - 1] + 1 === utf16Offset) {
      if (mode === "floor") return utf16Offset - 1 - (k - 1);
      if (mode === "ceil") return utf16Offset + 1 - k;
      throw new RangeError(`UTF-16 offset ${utf16Offset} falls inside a surrogate pair`);
    }
    return utf16Offset - k;
  }

  /** UTF-16 offset for a code-point offset; throws RangeError when out of range. */
  toUtf16(cpOffset) {
    checkRange(cpOffset, this.codePointLength, "code-point");
    return cpOffset + lowerBound(this.pairsCp, cpOffset);
  }
}
