"""Streaming writers for the gold export formats, behind one write_export entry point."""
import multiprocessing
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from app.gold.formats_bio import bio_tag_ids, hf_tag_names, render_conll, render_hf
from app.gold.formats_brat import write_brat
from app.gold.formats_common import CountingWriter, Tally
from app.gold.formats_csv import csv_header, render_csv
from app.gold.formats_jsonl import read_gold_jsonl, render_jsonl
from app.gold.formats_spacy import FormatUnavailable, render_spacy, spacy_words_and_spaces, write_spacy_docbin
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

_Renderer = Callable[[GoldDocument, ExportContext], tuple[bytes, int]]
# Formats whose output is a plain concatenation of per-text chunks; these can render in parallel.
_RENDERERS: dict[str, _Renderer] = {
    "jsonl": render_jsonl,
    "hf": render_hf,
    "spacy": render_spacy,
    "conll": render_conll,
    "csv": render_csv,
}
FORMATS = ("jsonl", "hf", "spacy", "brat", "conll", "csv")
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
_IN_FLIGHT_PER_WORKER = 64


def write_export(
    fmt: str,
    documents: Iterable[Any],
    out: BinaryIO,
    ctx: ExportContext,
    *,
    on_document: Callable[[], None] | None = None,
    prepare: Callable[[Any], GoldDocument] | None = None,
    workers: int = 1,
    header: bool = True,
) -> ExportStats:
    """Stream `documents` (consumed once) to `out` in format `fmt`, calling on_document after each text.

    `prepare` turns each item into a GoldDocument (for instance a raw database row), in the worker
    processes when `workers` > 1, so decoding runs in parallel too; the output order is kept.

    :raises ValueError: unknown format, or (hf, conll) a span label missing from ctx.labels.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    counter = CountingWriter(out)
    tally = Tally(on_document)
    if fmt == "brat":
        write_brat(map(prepare, documents) if prepare else documents, counter, ctx, tally)
    else:
        if fmt == "csv" and header:
            counter.write(csv_header())
        for chunk, spans, labels, conflicts in _rendered(fmt, documents, ctx, prepare, workers):
            counter.write(chunk)
            tally.record(spans, labels, conflicts)
    counter.flush()
    return tally.stats(counter.count)


def _render(fmt: str, ctx: ExportContext, prepare: Callable[[Any], GoldDocument] | None, item: Any
            ) -> tuple[bytes, int, Counter[str], int]:
    doc = prepare(item) if prepare else item
    chunk, conflicts = _RENDERERS[fmt](doc, ctx)
    return chunk, len(doc.spans), Counter(span.label for span in doc.spans), conflicts


_worker_job: tuple[str, ExportContext, Callable[[Any], GoldDocument] | None] | None = None


def _start_worker(fmt: str, ctx: ExportContext, prepare: Callable[[Any], GoldDocument] | None) -> None:
    global _worker_job
    _worker_job = (fmt, ctx, prepare)


def _render_in_worker(item: Any) -> tuple[bytes, int, Counter[str], int]:
    assert _worker_job is not None
    return _render(*_worker_job, item)


def _rendered(fmt: str, documents: Iterable[Any], ctx: ExportContext,
              prepare: Callable[[Any], GoldDocument] | None, workers: int
              ) -> Iterator[tuple[bytes, int, Counter[str], int]]:
    if workers <= 1:
        for item in documents:
            yield _render(fmt, ctx, prepare, item)
        return
    # Pool.imap would read the whole input ahead; the semaphore keeps a bounded number of texts in flight.
    slots = threading.BoundedSemaphore(workers * _IN_FLIGHT_PER_WORKER)

    def bounded() -> Iterator[Any]:
        for item in documents:
            slots.acquire()
            yield item

    with multiprocessing.Pool(workers, initializer=_start_worker, initargs=(fmt, ctx, prepare)) as pool:
        for result in pool.imap(_render_in_worker, bounded(), chunksize=16):
            slots.release()
            yield result
