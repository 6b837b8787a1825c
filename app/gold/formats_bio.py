"""Token-level BIO exports: Hugging Face token classification JSONL and CoNLL."""
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import chain, pairwise
from operator import attrgetter

from app.gold.formats_common import json_text
from app.gold.records import ExportContext, GoldDocument
from app.gold.tokenize import sentence_breaks, token_arrays


def hf_tag_names(ctx: ExportContext) -> list[str]:
    """The ClassLabel names behind ner_tags: "O", then B-/I- of each label in ctx.labels order."""
    names = ["O"]
    for label in ctx.labels:
        stem = ctx.tag_stem(label)
        names += [f"B-{stem}", f"I-{stem}"]
    return names


def token_range(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Indices [first, stop) of the tokens that overlap the half-open character range start-end."""
    return bisect_right(ends, start), bisect_left(starts, end)


_SPAN_ORDER = attrgetter("start", "end", "label")


def bio_tag_ids(
    doc: GoldDocument, starts: Sequence[int], ends: Sequence[int], ctx: ExportContext
) -> tuple[list[int], int]:
    """BIO ids per token (see hf_tag_names) and how many spans lost tokens to an overlapping earlier span.

    A token partly inside a span counts as inside. Spans are applied by (start, end, label), so where gold
    spans overlap the later-starting one keeps only its tokens past the earlier one, and begins with B there.

    :raises ValueError: a span's label is not in ctx.labels.
    """
    label_index = {label: i for i, label in enumerate(ctx.labels)}
    tags = [0] * len(starts)
    conflicts = 0
    claimed = 0  # tokens before this index already belong to an earlier span
    for span in sorted(doc.spans, key=_SPAN_ORDER):
        index = label_index.get(span.label)
        if index is None:
            raise ValueError(f"text {doc.id!r}: label {span.label!r} is not one of the export's labels")
        first, stop = token_range(starts, ends, span.start, span.end)
        free = max(first, claimed)
        if free > first and stop > first:
            conflicts += 1
        if free < stop:
            tags[free] = 2 * index + 1
            tags[free + 1 : stop] = [2 * index + 2] * (stop - free - 1)
            claimed = stop
    return tags, conflicts


def restart_at_sentences(tags: list[int], breaks: Sequence[int]) -> list[int]:
    """Begin each sentence's part of a span with B-: an I- tag on a sentence's first token becomes B-.

    A schema may let a span cross a sentence; readers that reset at sentence breaks would otherwise
    see a span that starts with I-, and split or drop it.
    """
    for first in breaks:
        if tags[first] and tags[first] % 2 == 0:
            tags[first] -= 1
    return tags


def _hf_line(doc_id: str, words: list[str], tags: list[int], starts: list[int], ends: list[int]) -> bytes:
    # Assembled by hand because json's encoder spends most of an hf export on the nested offset pairs.
    pairs = ("[%d,%d]," * len(starts))[:-1] % tuple(chain.from_iterable(zip(starts, ends)))
    line = (
        f'{{"id":{json_text(doc_id)},"tokens":{json_text(words)},'
        f'"ner_tags":{json_text(tags)},"token_offsets":[{pairs}]}}\n'
    )
    return line.encode("utf-8")


def render_hf(doc: GoldDocument, ctx: ExportContext) -> tuple[bytes, int]:
    words, starts, ends = token_arrays(doc.text)
    tags, conflicts = bio_tag_ids(doc, starts, ends, ctx)
    if doc.spans:
        restart_at_sentences(tags, sentence_breaks(doc.text, starts))
    return _hf_line(doc.id, words, tags, starts, ends), conflicts


def render_conll(doc: GoldDocument, ctx: ExportContext) -> tuple[bytes, int]:
    names = hf_tag_names(ctx)
    words, starts, ends = token_arrays(doc.text)
    tags, conflicts = bio_tag_ids(doc, starts, ends, ctx)
    breaks = sentence_breaks(doc.text, starts)
    restart_at_sentences(tags, breaks)
    rows = list(map("{}\t{}\t{}\t{}\n".format, words, starts, ends, [names[t] for t in tags]))
    chunks = [f"# text_id = {' '.join(doc.id.splitlines())}\n"]
    # Each sentence, even the empty one of a text without tokens, ends with a blank line.
    for first, stop in pairwise([0, *breaks, len(rows)]):
        chunks.append("".join(rows[first:stop]) + "\n")
    return "".join(chunks).encode("utf-8"), conflicts
