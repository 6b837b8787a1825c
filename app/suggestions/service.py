"""Suggestions: store a suggester's proposals, show an annotator the open ones, accept (through the normal
versioned save) or reject them, and record each decision."""
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.annotation_schemas.values import validate_attributes
from app.annotations.models import AnnotationSet, Assignment
from app.annotations.saving import SavePlan, save_annotation_set
from app.annotations.service import get_annotation_set
from app.annotations.spans import SpanInput
from app.auth.models import User
from app.db import utcnow
from app.errors import Invalid, NotFound
from app.suggestions.models import Suggester, Suggestion, SuggestionDecision
from app.texts.models import Project, Text

SHOW_SETTING = "show_suggestions"


def shows_suggestions(project: Project) -> bool:
    """On unless the project turned them off (for a blind baseline): suggestions exist only when someone
    deliberately imported them or ran a suggester."""
    return bool(project.settings.get(SHOW_SETTING, True))


def suggester_named(session: Session, *, project: Project, name: str, kind: str, user: User | None = None,
                    **fields: Any) -> Suggester:
    """The project's suggester of that name, created on first use."""
    suggester = session.scalars(select(Suggester).where(Suggester.project_id == project.id,
                                                        Suggester.name == name)).one_or_none()
    if suggester is None:
        suggester = Suggester(project_id=project.id, name=name, kind=kind, created_by_id=user.id if user else None,
                              **{"metrics": {}, **fields})
        session.add(suggester)
        session.flush()
    return suggester


def store_suggestions(session: Session, *, text: Text, suggester: Suggester,
                      spans: Iterable[Mapping[str, Any]]) -> int:
    """Replace the suggester's undecided suggestions on the text with `spans`; decided ones stay on record.

    :raises Invalid: a span outside the text, with a label or attributes the schema does not have.
    """
    labels = {label["id"]: label for label in text.project.annotation_schema_version.document["labels"]}
    rows = []
    for index, span in enumerate(spans):
        problems = _problems(span, text.char_count, labels)
        if problems:
            raise Invalid(f"Suggestion {index} cannot be stored: {problems}", errors={"spans": {str(index): problems}})
        rows.append(Suggestion(text_id=text.id, suggester_id=suggester.id, start=span["start"], end=span["end"],
                               label=span["label"], attributes=dict(span.get("attributes") or {}),
                               confidence=span.get("confidence")))
    decided = select(SuggestionDecision.suggestion_id)
    session.execute(delete(Suggestion).where(Suggestion.text_id == text.id, Suggestion.suggester_id == suggester.id,
                                             Suggestion.id.not_in(decided)))
    session.add_all(rows)
    session.flush()
    return len(rows)


def _problems(span: Mapping[str, Any], length: int, labels: Mapping[str, dict]) -> str:
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length):
        return f"offsets {start}–{end} are not inside the text (0–{length})"
    if label not in labels:
        return f"unknown label {label!r}"
    errors = validate_attributes(labels[label], span.get("attributes") or {}, require=False)
    return "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())


def open_suggestions(session: Session, *, annotation_set_id: int, user: User) -> list[Suggestion]:
    """The suggestions on the text of the user's own set that they have not decided, if the project shows them.

    :raises NotFound: not the user's set (annotators are blind to each other).
    """
    annotation_set = _own_set(session, annotation_set_id, user)
    text = annotation_set.assignment.text
    if not shows_suggestions(text.project):
        return []
    decided = select(SuggestionDecision.suggestion_id).where(SuggestionDecision.user_id == user.id)
    return list(session.scalars(select(Suggestion).where(Suggestion.text_id == text.id,
                                                         Suggestion.id.not_in(decided))
                                .order_by(Suggestion.start, Suggestion.end, Suggestion.id)))


def _own_set(session: Session, annotation_set_id: int, user: User) -> AnnotationSet:
    annotation_set = get_annotation_set(session, annotation_set_id=annotation_set_id, user=user)
    if annotation_set.assignment.annotator_id != user.id:
        raise NotFound(f"There is no annotation set {annotation_set_id} of yours.")
    return annotation_set


def suggested_by(suggestion: Suggestion) -> dict[str, Any]:
    """What an accepted span remembers of its origin."""
    return {"suggestion_id": suggestion.id, "suggester": suggestion.suggester.name,
            "confidence": suggestion.confidence}


def accept_suggestions(session: Session, *, annotation_set_id: int, suggestion_ids: Sequence[int], user: User,
                       version: int) -> AnnotationSet:
    """Add the suggestions to the user's set through the normal versioned save; the save records the decisions.

    :raises NotFound: a suggestion of another text. :raises Conflict: stale version, or submitted.
    """
    annotation_set = _own_set(session, annotation_set_id, user)
    text_id = annotation_set.assignment.text_id
    suggestions = list(session.scalars(select(Suggestion).where(Suggestion.id.in_(suggestion_ids))))
    if len(suggestions) != len(set(suggestion_ids)) or any(s.text_id != text_id for s in suggestions):
        raise NotFound("Some of these suggestions are not on this text.")
    # Stored spans keep their suggested_by through the save (the diff carries it over).
    spans = [SpanInput(s.start, s.end, s.label, s.attributes, s.id) for s in annotation_set.spans]
    spans += [SpanInput(s.start, s.end, s.label, s.attributes, suggested_by=suggested_by(s)) for s in suggestions]
    return save_annotation_set(session, annotation_set_id=annotation_set_id, user=user, version=version, spans=spans)


def reject_suggestion(session: Session, *, suggestion_id: int, user: User) -> SuggestionDecision:
    """Record that the user rejected the suggestion; it no longer shows for them.

    :raises NotFound: no such suggestion on a text assigned to the user.
    """
    suggestion = session.get(Suggestion, suggestion_id)
    if suggestion is None or not _assigned(session, suggestion.text_id, user):
        raise NotFound(f"There is no suggestion {suggestion_id} for you.")
    return _decide(session, suggestion.id, user.id, "rejected")


def _assigned(session: Session, text_id: int, user: User) -> bool:
    return session.scalar(select(Assignment.id).where(Assignment.text_id == text_id,
                                                      Assignment.annotator_id == user.id)) is not None


def _decide(session: Session, suggestion_id: int, user_id: int, state: str) -> SuggestionDecision:
    decision = session.scalars(select(SuggestionDecision).where(SuggestionDecision.suggestion_id == suggestion_id,
                                                                SuggestionDecision.user_id == user_id)).one_or_none()
    if decision is None:
        decision = SuggestionDecision(suggestion_id=suggestion_id, user_id=user_id, state=state)
        session.add(decision)
    else:
        decision.state, decision.decided_at = state, utcnow()
    session.flush()
    return decision


def record_decisions_after_save(session: Session, plan: SavePlan) -> None:
    """A saved span carrying a suggestion accepts it; removing such a span reopens it (an undo, for instance).

    :raises Invalid: a span claims a suggestion of another text.
    """
    added = {span["suggested_by"]["suggestion_id"] for span in plan.added if _claims(span)}
    removed = {span["suggested_by"]["suggestion_id"] for span in plan.removed if _claims(span)} - added
    if added:
        texts = dict(session.execute(select(Suggestion.id, Suggestion.text_id).where(Suggestion.id.in_(added))).all())
        foreign = sorted(i for i in added if texts.get(i) != plan.text_id)
        if foreign:
            raise Invalid(f"Suggestion(s) {', '.join(map(str, foreign))} are not on this text.",
                          errors={"spans": {"suggested_by": ["Not a suggestion of this text."]}})
        for suggestion_id in sorted(added):
            _decide(session, suggestion_id, plan.user_id, "accepted")
    if removed:
        session.execute(delete(SuggestionDecision).where(SuggestionDecision.suggestion_id.in_(removed),
                                                         SuggestionDecision.user_id == plan.user_id,
                                                         SuggestionDecision.state == "accepted"))


def _claims(span: Mapping[str, Any]) -> bool:
    origin = span.get("suggested_by")
    return isinstance(origin, Mapping) and isinstance(origin.get("suggestion_id"), int)


def list_suggesters(session: Session, *, project: Project) -> list[Suggester]:
    return list(session.scalars(select(Suggester).where(Suggester.project_id == project.id).order_by(Suggester.id)))
