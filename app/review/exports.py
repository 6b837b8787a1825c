"""Pure writers of the review exports: a CSV of every verdict version, and gold JSONL with verdicts attached."""
import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any, BinaryIO

from app.gold.formats_common import json_line
from app.gold.formats_jsonl import jsonl_record
from app.gold.records import ExportContext, GoldDocument
from app.review.records import VerdictRecord
from app.spreadsheet import neutralise_formula

CSV_HEADER = (
    "verdict_id", "claim_id", "version", "status", "text_id", "text_title", "start", "end", "label", "gold_version",
    "span_text", "claim_reviewed", "claimant", "claim_date", "claim_appearance", "check_type", "rating",
    "rating_value", "best_rating", "worst_rating", "explanation", "evidence", "language", "correction_note",
    "author", "signed_off_by", "published_at", "url",
)


def csv_row(record: VerdictRecord) -> list[str]:
    """One verdict version as spreadsheet-safe cells."""
    evidence = json.dumps([{k: v for k, v in asdict(item).items() if v not in (None, "")} for item in record.evidence],
                          ensure_ascii=False, separators=(",", ":"))
    values: Sequence[object] = (
        record.verdict_id, record.claim_id, record.number, record.status, record.text_id, record.text_title,
        record.start, record.end, record.label, record.gold_version, record.span_text, record.claim_reviewed,
        record.claimant, record.claim_date, record.claim_appearance, record.check_type, record.rating_name,
        record.rating_value, record.best_rating, record.worst_rating, record.explanation, evidence, record.language,
        record.correction_note, record.author, record.signed_off_by, record.published_at, record.url,
    )
    return [neutralise_formula(value) for value in values]


def write_verdicts_csv(records: Iterable[VerdictRecord], out: BinaryIO) -> int:
    """Every verdict version, one row each; returns how many rows."""
    count = 0
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for record in records:
        writer.writerow(csv_row(record))
        count += 1
        if buffer.tell() > 64 * 1024:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    return count


def verdict_summary(record: VerdictRecord) -> dict[str, Any]:
    """What the JSONL export attaches to a span for one verdict version."""
    return {
        "verdict_id": record.verdict_id, "version": record.number, "status": record.status,
        "claim_reviewed": record.claim_reviewed, "claimant": record.claimant, "check_type": record.check_type,
        "rating": record.rating, "rating_name": record.rating_name, "rating_value": record.rating_value,
        "best_rating": record.best_rating, "worst_rating": record.worst_rating, "explanation": record.explanation,
        "evidence": [{k: v for k, v in asdict(item).items() if v not in (None, "")} for item in record.evidence],
        "correction_note": record.correction_note, "author": record.author, "published_at": record.published_at,
        "url": record.url,
    }


def render_reviewed_jsonl(doc: GoldDocument, ctx: ExportContext,
                          verdicts: Mapping[tuple[int, int, int, str], Sequence[VerdictRecord]]) -> bytes:
    """The gold JSONL line of a text, each span carrying its verdicts (empty list when none)."""
    record = jsonl_record(doc, ctx)
    for span in record["spans"]:
        key = (int(doc.id), span["start"], span["end"], span["label"])
        span["verdicts"] = [verdict_summary(v) for v in verdicts.get(key, ())]
    return json_line(record)
