"""One CSV row per gold span, for spreadsheets and quick analysis."""
import csv
import io
import json
from collections.abc import Iterable, Sequence

from app.gold.records import ExportContext, GoldDocument, sorted_spans
from app.spreadsheet import neutralise_formula

CSV_HEADER = ("text_id", "start", "end", "label", "attributes", "span_text", "provenance")


def _json_cell(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def csv_header() -> bytes:
    return _rows([CSV_HEADER])


def render_csv(doc: GoldDocument, ctx: ExportContext) -> tuple[bytes, int]:
    """The text's rows, one per span."""
    return _rows(
        (
            doc.id,
            span.start,
            span.end,
            span.label,
            _json_cell(dict(span.attributes)),
            doc.text[span.start : span.end],
            _json_cell(dict(span.provenance)),
        )
        for span in sorted_spans(doc.spans)
    ), 0


def _rows(rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([neutralise_formula(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
