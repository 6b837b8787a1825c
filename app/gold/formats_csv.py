"""One CSV row per gold span, for spreadsheets and quick analysis."""
import csv
import io
import json
from collections.abc import Iterable

from app.gold.formats_common import CountingWriter, Tally
from app.gold.records import ExportContext, GoldDocument, sorted_spans

CSV_HEADER = ("text_id", "start", "end", "label", "attributes", "span_text", "provenance")


def _json_cell(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def write_csv(documents: Iterable[GoldDocument], out: CountingWriter, ctx: ExportContext, tally: Tally) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for doc in documents:
        for span in sorted_spans(doc.spans):
            writer.writerow(
                (
                    doc.id,
                    span.start,
                    span.end,
                    span.label,
                    _json_cell(dict(span.attributes)),
                    doc.text[span.start : span.end],
                    _json_cell(dict(span.provenance)),
                )
            )
        # Flush each text's rows so memory stays per document.
        out.write(buffer.getvalue().encode("utf-8"))
        buffer.seek(0)
        buffer.truncate()
        tally.document_done(doc)
    if buffer.tell():
        out.write(buffer.getvalue().encode("utf-8"))
