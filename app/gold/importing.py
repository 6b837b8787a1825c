"""Import annotations (one JSONL document per line) as submitted sets, or a gold export as adjudicated gold."""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.annotations.assignments import create_assignment
from app.annotations.models import AnnotationEvent, Assignment, Span
from app.annotations.spans import SpanInput, SpanRules, check_spans, describe_invalid, validate_spans
from app.auth.models import User
from app.auth.service import create_user, get_user_by_username
from app.errors import AppError, Invalid
from app.gold.formats_jsonl import gold_document
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation
from app.gold.records import GoldDocument, LineError
from app.safe_input import InputError, json_lines
from app.texts.models import Project, Text
from app.texts.readers import DEFAULT_MAX_TEXT_CHARS, Rejection, make_record
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


@dataclass(frozen=True)
class _Context:
    project: Project
    rules: SpanRules
    max_text_chars: int


def import_annotations(session: Session, *, project: Project, lines: Iterable[bytes | str], as_gold: bool = False,
                       max_text_chars: int = DEFAULT_MAX_TEXT_CHARS) -> AnnotationImportReport:
    """Each line is all-or-nothing (a SAVEPOINT); bad lines are reported with their number and reason.

    Lines may be bytes (decoded here, line by line, so a bad one is reported instead of replaced).
    """
    report = AnnotationImportReport()
    rules = SpanRules.of_schema(project.annotation_schema_version.document)
    for number, raw in json_lines(lines):
        try:
            document = _parse_line(raw, rules, as_gold)
        except (InputError, _LineRejected) as exc:
            report.rejected.append(LineError(number, str(exc)))
            continue
        problem = store_document(session, project=project, document=document, report=report,
                                 max_text_chars=max_text_chars)
        if problem is not None:
            report.rejected.append(LineError(number, problem))
    return report


def store_document(session: Session, *, project: Project, document: dict[str, Any] | GoldDocument,
                   report: AnnotationImportReport, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS) -> str | None:
    """Store one document (annotation sets, or gold for a GoldDocument) all-or-nothing in a SAVEPOINT; its
    text passes the text checks and every span the one span validator under the project's schema.

    Returns why it was rejected, or None; the report counts it only once stored.
    """
    context = _Context(project, SpanRules.of_schema(project.annotation_schema_version.document), max_text_chars)
    savepoint = session.begin_nested()
    line_report = AnnotationImportReport()
    try:
        if isinstance(document, GoldDocument):
            _store_gold(session, context, document, line_report)
        else:
            _store_annotations(session, context, document, line_report)
        savepoint.commit()
    except (_LineRejected, AppError) as exc:
        savepoint.rollback()
        return describe_invalid(exc) if isinstance(exc, Invalid) else getattr(exc, "message", None) or str(exc)
    report.add(line_report)
    return None


def _parse_line(raw: Any, rules: SpanRules, as_gold: bool) -> GoldDocument | dict[str, Any]:
    if isinstance(raw, InputError):
        raise raw
    if as_gold:
        try:
            return gold_document(raw, rules)
        except ValueError as exc:
            raise _LineRejected(str(exc)) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not isinstance(raw.get("annotations"), list):
        raise _LineRejected("each line needs 'text' (a string) and 'annotations' (a list)")
    return raw


def _text_for(session: Session, context: _Context, content: str, external_id: str | None,
              report: AnnotationImportReport, meta: dict[str, Any] | None = None) -> Text:
    meta = meta or {}
    record = make_record(content, "import", external_id=external_id, title=meta.get("title") or "",
                         source_url=meta.get("source_url"), meta=meta.get("text_meta", {}))
    if isinstance(record, Rejection):
        raise _LineRejected(record.reason)
    if record.content != content:
        raise _LineRejected("the text has \\r line breaks, which factspan stores as \\n, so the offsets would "
                            "point elsewhere; write the file with \\n line breaks")
    existing = session.scalars(select(Text).where(Text.project_id == context.project.id,
                                                  Text.sha256 == record.sha256)).first()
    if existing is not None:
        report.texts_reused += 1
        return existing
    imported = import_records(session, project=context.project, records=[record], source="import-annotations",
                              max_text_chars=context.max_text_chars)
    if imported.rejected:
        raise _LineRejected(imported.rejected[0].reason)
    report.texts_created += 1
    return session.scalars(select(Text).where(Text.project_id == context.project.id,
                                              Text.sha256 == record.sha256)).one()


def _annotator(session: Session, username: str, report: AnnotationImportReport) -> User:
    user = get_user_by_username(session, username)
    if user is None:
        # Imported people cannot log in until an admin activates them and sets a password.
        user = create_user(session, username=username, role="annotator", password=None, active=False)
        report.annotators_created.append(username)
    return user


def _checked_spans(raw_spans: Any, text: Text, rules: SpanRules) -> list[dict[str, Any]]:
    """The one span validator's verdict on outside spans, as rows; a span's suggested_by object is kept."""
    spans = validate_spans(raw_spans, text=text.content, rules=rules)
    return [{"start": s.start, "end": s.end, "label": s.label, "attributes": dict(s.attributes),
             "suggested_by": raw.get("suggested_by") if isinstance(raw.get("suggested_by"), dict) else None}
            for s, raw in zip(spans, raw_spans)]


def _store_annotations(session: Session, context: _Context, raw: dict[str, Any],
                       report: AnnotationImportReport) -> None:
    meta = {"title": raw.get("title"), "text_meta": raw.get("meta") if isinstance(raw.get("meta"), dict) else {}}
    external_id = str(raw["id"]) if raw.get("id") is not None else None
    text = _text_for(session, context, raw["text"], external_id, report, meta=meta)
    for entry in raw["annotations"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("annotator"), str) or not entry["annotator"]:
            raise _LineRejected("each annotation needs an 'annotator' name")
        spans = _checked_spans(entry.get("spans", []), text, context.rules)
        status = "draft" if entry.get("status") == "draft" else "submitted"
        user = _annotator(session, entry["annotator"], report)
        assignment = session.scalars(select(Assignment).where(Assignment.text_id == text.id,
                                                              Assignment.annotator_id == user.id)).first()
        if assignment is not None:
            raise _LineRejected(f"{user.username} already has annotations for this text")
        assignment = create_assignment(session, text_id=text.id, annotator=user,
                                       schema_version_id=context.project.annotation_schema_version_id)
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


def _store_gold(session: Session, context: _Context, document: GoldDocument, report: AnnotationImportReport) -> None:
    text = _text_for(session, context, document.text, document.meta.get("external_id") or document.id, report,
                     meta=document.meta)
    if text.adjudication_status != "pending":
        raise _LineRejected("this text already has gold in the project")
    # Gold built by other importers has not met the validator yet; a gold export's spans meet it again, cheaply.
    check_spans([SpanInput(s.start, s.end, s.label, s.attributes) for s in document.spans],
                text=text.content, rules=context.rules)
    item = AdjudicationItem(text_id=text.id, start=0, end=text.char_count, kind="agreed", status="resolved",
                            proposals=[], annotators=[], revision=1)
    session.add(item)
    session.flush()
    result = [{"start": s.start, "end": s.end, "label": s.label, "attributes": dict(s.attributes),
               "proposed_by": _proposed_by(s.provenance)} for s in document.spans]
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


def _proposed_by(provenance: Mapping[str, Any]) -> list[str]:
    names = provenance.get("proposed_by", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise _LineRejected("provenance.proposed_by must be a list of annotator names")
    return names
