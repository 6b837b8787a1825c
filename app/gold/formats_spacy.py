"""spaCy/Prodigy span-categorization JSONL, and a DocBin writer when spaCy is installed."""
import os
from collections.abc import Callable, Iterable, Sequence

from app.gold.formats_bio import token_range
from app.gold.formats_common import Tally, json_line, release_meta
from app.gold.records import ExportContext, ExportStats, GoldDocument, sorted_spans
from app.gold.tokenize import token_arrays


class FormatUnavailable(RuntimeError):
    """The export format needs an optional package that is not installed."""


def _span_records(doc: GoldDocument, starts: Sequence[int], ends: Sequence[int]) -> list[dict]:
    records = []
    for span in sorted_spans(doc.spans):
        record = {"start": span.start, "end": span.end, "label": span.label}
        first, stop = token_range(starts, ends, span.start, span.end)
        if stop > first:  # Prodigy's token_end is inclusive; a whitespace-only span has no tokens
            record |= {"token_start": first, "token_end": stop - 1}
        records.append(record)
    return records


def render_spacy(doc: GoldDocument, ctx: ExportContext) -> tuple[bytes, int]:
    words, starts, ends = token_arrays(doc.text)
    length = len(doc.text)
    tokens = [
        {"text": w, "start": s, "end": e, "id": i, "ws": e < length and doc.text[e].isspace()}
        for i, (w, s, e) in enumerate(zip(words, starts, ends))
    ]
    record = {
        "text": doc.text,
        "tokens": tokens,
        "spans": _span_records(doc, starts, ends),
        "meta": {"id": doc.id, "sha256": doc.sha256, **doc.meta, **release_meta(ctx)},
    }
    return json_line(record), 0


def spacy_words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """spaCy Doc words/spaces whose joined text is exactly `text`: extra whitespace becomes its own token."""
    words: list[str] = []
    spaces: list[bool] = []
    tokens, starts, ends = token_arrays(text)
    leading = text[: starts[0]] if tokens else text
    if leading:
        words.append(leading)
        spaces.append(False)
    bounds = zip(tokens, ends, starts[1:] + [len(text)])
    for word, end, next_start in bounds:
        gap = text[end:next_start]
        words.append(word)
        spaces.append(gap.startswith(" "))
        rest = gap[1:] if gap.startswith(" ") else gap
        if rest:
            words.append(rest)
            spaces.append(False)
    return words, spaces


def write_spacy_docbin(
    documents: Iterable[GoldDocument],
    path: str | os.PathLike[str],
    ctx: ExportContext,
    *,
    on_document: Callable[[], None] | None = None,
) -> ExportStats:
    """Write a .spacy DocBin with gold spans in doc.spans[ctx.spans_key] and the text id in user_data.

    The DocBin holds every document until it is saved, so memory grows with the gold set.

    :raises FormatUnavailable: spaCy is not installed.
    """
    try:
        from spacy.tokens import Doc, DocBin
        from spacy.vocab import Vocab
    except ImportError as exc:
        raise FormatUnavailable("The .spacy format needs spaCy: pip install spacy") from exc
    vocab = Vocab()
    doc_bin = DocBin(store_user_data=True)
    tally = Tally(on_document)
    for gold in documents:
        words, spaces = spacy_words_and_spaces(gold.text)
        doc = Doc(vocab, words=words, spaces=spaces)
        # "expand" widens a span that cuts a token; None only for a span of nothing but whitespace.
        spans = [doc.char_span(s.start, s.end, s.label, alignment_mode="expand") for s in sorted_spans(gold.spans)]
        doc.spans[ctx.spans_key] = [span for span in spans if span is not None]
        doc.user_data["id"] = gold.id
        doc_bin.add(doc)
        tally.document_done(gold)
    doc_bin.to_disk(path)
    return tally.stats(os.path.getsize(path))
