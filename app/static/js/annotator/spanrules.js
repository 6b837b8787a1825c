/** The schema's span rules on the page: headings trimmed off a selection, spans across a sentence refused. */

import { headings, sentenceStarts } from "../textrules.js";

function firstAfter(sorted, value) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (sorted[mid] <= value) lo = mid + 1; else hi = mid; }
  return lo;
}

const HORIZONTAL_SPACE = /[ \t\u00a0\u3000]/;

export class SpanRules {
  /** text: the document; rules: the schema's span_rules. Offsets are UTF-16 units, as on the page. */
  constructor(text, rules) {
    this.text = text;
    this.excludeHeadings = (rules.excluded_regions || []).includes("heading");
    this.oneSentence = !rules.allow_cross_sentence;
    this.headings = headings(text);
    this.starts = sentenceStarts(text);
  }

  /** Heading ranges to draw, each with the spaces after it so the text below starts flush. */
  displayHeadings() {
    return this.headings.map(([s, e]) => {
      let end = e;
      while (end < this.text.length && HORIZONTAL_SPACE.test(this.text[end])) end += 1;
      return [s, end];
    });
  }

  headingOverlapping(start, end) {
    return this.headings.find(([s, e]) => s < end && e > start) || null;
  }

  /**
   * Leave headings out of [start, end): a heading at either end is cut off (with the spaces next to it).
   * Returns {start, end, heading} where heading is the text left out (or null); start === end when nothing is left.
   */
  trim(start, end) {
    let s = start;
    let e = end;
    let cut = null;
    if (!this.excludeHeadings) return { start: s, end: e, heading: null };
    for (const [hs, he] of this.headings) {
      if (hs >= e || he <= s) continue;
      if (hs <= s) {
        s = he;
        while (s < e && /\s/.test(this.text[s])) s += 1;
        cut = this.text.slice(hs, he);
      } else if (he >= e) {
        e = hs;
        while (e > s && /\s/.test(this.text[e - 1])) e -= 1;
        cut = this.text.slice(hs, he);
      }
    }
    return { start: s, end: Math.max(s, e), heading: cut };
  }

  /** Why [start, end) breaks a rule, as a sentence for the person; null when it keeps them all. */
  problem(start, end) {
    if (this.excludeHeadings) {
      const heading = this.headingOverlapping(start, end);
      if (heading) {
        return `the span would include the heading “${this.text.slice(...heading)}”, and this schema leaves headings out of spans`;
      }
    }
    if (this.oneSentence) {
      const i = firstAfter(this.starts, start);
      if (i < this.starts.length && this.starts[i] < end) {
        const at = this.starts[i];
        const before = this.text.slice(Math.max(start, at - 16), at).trimEnd();
        return `the span would cross a sentence boundary (between “…${before}” and “${this.text.slice(at, at + 16)}…”), `
          + "and this schema keeps each span within one sentence; label each sentence separately";
      }
    }
    return null;
  }
}
