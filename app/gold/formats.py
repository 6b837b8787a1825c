"""Streaming writers for the gold export formats, behind one write_export entry point."""
from collections.abc import Callable, Iterable
from typing import BinaryIO

from app.gold.formats_bio import bio_tag_ids, hf_tag_names, write_conll, write_hf
from app.gold.formats_brat import write_brat
from app.gold.formats_common import CountingWriter, Tally
from app.gold.formats_csv import write_csv
from app.gold.formats_jsonl import read_gold_jsonl, write_jsonl
from app.gold.formats_spacy import FormatUnavailable, spacy_words_and_spaces, write_spacy, write_spacy_docbin
from app.gold.records import ExportContext, ExportStats, GoldDocument

__all__ = [
    "FORMATS",
    "FORMAT_MEDIA_TYPE",
    "FORMAT_SUFFIX",
    "FormatUnavailable",
    "bio_tag_ids",
    "hf_tag_names",
    "read_gold_jsonl",
    "spacy_words_and_spaces",
    "write_export",
    "write_spacy_docbin",
]

_Writer = Callable[[Iterable[GoldDocument], CountingWriter, ExportContext, Tally], None]
_WRITERS: dict[str, _Writer] = {
    "jsonl": write_jsonl,
    "hf": write_hf,
    "spacy": write_spacy,
    "brat": write_brat,
    "conll": write_conll,
    "csv": write_csv,
}
FORMATS = tuple(_WRITERS)
# Distinct suffixes, so several formats of one release can share a folder.
FORMAT_SUFFIX = {
    "jsonl": ".jsonl",
    "hf": ".hf.jsonl",
    "spacy": ".spacy.jsonl",
    "brat": ".brat.zip",
    "conll": ".conll",
    "csv": ".csv",
}
FORMAT_MEDIA_TYPE = {
    "jsonl": "application/x-ndjson",
    "hf": "application/x-ndjson",
    "spacy": "application/x-ndjson",
    "brat": "application/zip",
    "conll": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def write_export(
    fmt: str,
    documents: Iterable[GoldDocument],
    out: BinaryIO,
    ctx: ExportContext,
    *,
    on_document: Callable[[], None] | None = None,
) -> ExportStats:
    """Stream `documents` (consumed once) to `out` in format `fmt`, calling on_document after each text.

    :raises ValueError: unknown format, or (hf, conll) a span label missing from ctx.labels.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    counter = CountingWriter(out)
    tally = Tally(on_document)
    writer(documents, counter, ctx, tally)
    counter.flush()
    return tally.stats(counter.count)
