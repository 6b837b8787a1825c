"""Import annotations (one JSONL document per line) as submitted sets, or a gold export as adjudicated gold."""
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.annotation_schemas.file_format import validate_attributes
from app.annotations.assignments import create_assignment
from app.annotations.models import AnnotationEvent, Assignment, Span
from app.annotations.spans import SpanInput, check_spans
from app.auth.models import User
from app.auth.service import create_user, get_user_by_username
from app.errors import AppError
from app.gold.formats import read_gold_jsonl
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation
from app.gold.records import GoldDocument, LineError
from app.texts.models import Project, Text
from app.texts.readers import Rejection, make_record
from app.texts.service import import_records


@dataclass
class AnnotationImportReport:
    texts_created: int = 0
    texts_reused: int = 0
    annotators_created: list[str] = field(default_factory=list)
    annotation_sets: int = 0
    spans: int = 0
    rejected: list[LineError] = field(default_factory=list)

    def add(self, line: "AnnotationImportReport") -> None:
        """Count a line only once its savepoint is committed."""
        self.texts_created += line.texts_created
        self.texts_reused += line.texts_reused
        self.annotators_created.extend(line.annotators_created)
        self.annotation_sets += line.annotation_sets
        self.spans += line.spans


class _LineRejected(Exception):
    pass


def import_annotations(session: Session, *, project: Project, lines: Iterable[str], as_gold: bool = False
                       ) -> AnnotationImportReport:
    """Each line is all-or-nothing (a SAVEPOINT); bad lines are reported with their number and reason."""
    report = AnnotationImportReport()
    labels = {label["id"]: label for label in project.annotation_schema_version.document["labels"]}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parsed = _parse_gold_line(line, labels) if as_gold else _parse_annotation_line(line)
        problem = parsed if isinstance(parsed, str) else store_document(session, project=project, document=parsed,
                                                                        report=report)
        if problem is not None:
            report.rejected.append(LineError(number, problem))
    return report


def store_document(session: Session, *, project: Project, document: dict[str, Any] | GoldDocument,
                   report: AnnotationImportReport) -> str | None:
    """Store one document (annotation sets, or gold for a GoldDocument) all-or-nothing in a SAVEPOINT.

    Returns why it was rejected, or None; the report counts it only once stored.
    """
    labels = {label["id"]: label for label in project.annotation_schema_version.document["labels"]}
    savepoint = session.begin_nested()
    line_report = AnnotationImportReport()
    try:
        if isinstance(document, GoldDocument):
            _store_gold(session, project, document, labels, line_report)
        else:
            _store_annotations(session, project, document, labels, line_report)
        savepoint.commit()
    except (_LineRejected, AppError) as exc:
        savepoint.rollback()
        return _reason(exc)
    report.add(line_report)
    return None


def _reason(exc: Exception) -> str:
    """The message, with a validator's per-span details, which a report reader needs to fix the file."""
    message = getattr(exc, "message", None) or str(exc)
    details = [f"span {index} {field}: {' '.join(messages)}"
               for index, fields in (getattr(exc, "errors", {}) or {}).get("spans", {}).items()
               for field, messages in fields.items()]
    return f"{message} ({'; '.join(details)})" if details else message


def _parse_gold_line(line: str, labels: dict[str, dict]) -> GoldDocument | str:
    [parsed] = read_gold_jsonl([line], labels=list(labels))
    return parsed.reason if isinstance(parsed, LineError) else parsed


def _parse_annotation_line(line: str) -> dict[str, Any] | str:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"malformed JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not isinstance(raw.get("annotations"), list):
        return "each line needs 'text' (a string) and 'annotations' (a list)"
    return raw


def _text_for(session: Session, project: Project, content: str, external_id: str | None, report, meta=None) -> Text:
    record = make_record(content, "import", external_id=external_id, title=str((meta or {}).get("title") or ""),
                         source_url=(meta or {}).get("source_url"), meta=dict((meta or {}).get("text_meta", {})))
    if isinstance(record, Rejection):
        raise _LineRejected(record.reason)
    existing = session.scalars(select(Text).where(Text.project_id == project.id, Text.sha256 == record.sha256)).first()
    if existing is not None:
        report.texts_reused += 1
        return existing
    import_records(session, project=project, records=[record], source="import-annotations")
    report.texts_created += 1
    return session.scalars(select(Text).where(Text.project_id == project.id, Text.sha256 == record.sha256)).one()


def _checked_spans(raw_spans: Any, text_length: int, labels: dict[str, dict]) -> list[dict[str, Any]]:
    if not isinstance(raw_spans, list):
        raise _LineRejected("'spans' must be a list")
    spans = []
    for index, span in enumerate(raw_spans):
        if not isinstance(span, dict):
            raise _LineRejected(f"span {index} is not an object")
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= text_length):
            raise _LineRejected(f"span {index} has offsets outside the text (0–{text_length})")
        if label not in labels:
            raise _LineRejected(f"span {index} has label {label!r}, which the project's schema does not have")
        attributes = span.get("attributes") or {}
        problems = validate_attributes(labels[label], attributes, require=False)
        if problems:
            raise _LineRejected(f"span {index}: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in problems.items()))
        suggested_by = span.get("suggested_by") if isinstance(span.get("suggested_by"), dict) else None
        spans.append({"start": start, "end": end, "label": label, "attributes": attributes,
                      "suggested_by": suggested_by})
    return spans


def _annotator(session: Session, username: str, report: AnnotationImportReport) -> User:
    user = get_user_by_username(session, username)
    if user is None:
        # Imported people cannot log in until an admin activates them and sets a password.
        user = create_user(session, username=username, role="annotator", password=None, active=False)
        report.annotators_created.append(username)
    return user


def _store_annotations(session: Session, project: Project, raw: dict[str, Any], labels, report) -> None:
    meta = {"title": raw.get("title"), "text_meta": raw.get("meta") if isinstance(raw.get("meta"), dict) else {}}
    text = _text_for(session, project, raw["text"], str(raw["id"]) if raw.get("id") is not None else None, report,
                     meta=meta)
    for entry in raw["annotations"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("annotator"), str) or not entry["annotator"]:
            raise _LineRejected("each annotation needs an 'annotator' name")
        spans = _checked_spans(entry.get("spans", []), text.char_count, labels)
        check_spans([SpanInput(s["start"], s["end"], s["label"], s["attributes"]) for s in spans],
                    text=text.content, schema_document=project.annotation_schema_version.document,
                    require_attributes=False)
        status = "draft" if entry.get("status") == "draft" else "submitted"
        user = _annotator(session, entry["annotator"], report)
        assignment = session.scalars(select(Assignment).where(Assignment.text_id == text.id,
                                                              Assignment.annotator_id == user.id)).first()
        if assignment is not None:
            raise _LineRejected(f"{user.username} already has annotations for this text")
        assignment = create_assignment(session, text_id=text.id, annotator=user,
                                       schema_version_id=project.annotation_schema_version_id)
        assignment.status = status
        session.flush()
        set_id = assignment.annotation_set.id
        if spans:
            session.execute(insert(Span), [dict(s, annotation_set_id=set_id) for s in spans])
        added = [{k: v for k, v in span.items() if v is not None} for span in spans]
        session.add(AnnotationEvent(annotation_set_id=set_id, user_id=None, action="import", set_version=1,
                                    changes={"added": added, "removed": [], "changed": [],
                                             "status": {"before": "not_started", "after": status}}))
        report.annotation_sets += 1
        report.spans += len(spans)


def _store_gold(session: Session, project: Project, document: GoldDocument, labels, report) -> None:
    text = _text_for(session, project, document.text, document.meta.get("external_id") or document.id, report,
                     meta=document.meta)
    if text.adjudication_status != "pending":
        raise _LineRejected("this text already has gold in the project")
    spans = [{k: v for k, v in span.items() if k != "suggested_by"} for span in _checked_spans(
        [{"start": s.start, "end": s.end, "label": s.label, "attributes": dict(s.attributes)} for s in document.spans],
        text.char_count, labels)]
    item = AdjudicationItem(text_id=text.id, start=0, end=text.char_count, kind="agreed", status="resolved",
                            proposals=[], annotators=[], revision=1)
    session.add(item)
    session.flush()
    result = [dict(s, proposed_by=list(d.provenance.get("proposed_by", []))) for s, d in zip(spans, document.spans)]
    decision = AdjudicationDecision(item_id=item.id, item_revision=1, action="imported", tally={}, result=result,
                                    reason="imported from a gold export")
    session.add(decision)
    session.flush()
    if result:
        session.execute(insert(GoldAnnotation), [
            {"text_id": text.id, "item_id": item.id, "item_revision": 1, "decision_id": decision.id, **s}
            for s in result])
    text.adjudication_status = "adjudicated"
    report.spans += len(result)
