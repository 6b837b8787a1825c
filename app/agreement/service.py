"""Agreement over stored annotations: load a project's work as Documents and compute reports."""
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.agreement.documents import Document, Span as SpanTuple
from app.agreement.metrics import compute_agreement
from app.annotations.models import AnnotationEvent, AnnotationSet, Assignment, Span
from app.auth.models import User
from app.errors import Invalid
from app.texts.models import Project, Text

# Texts are read in batches so a large project never holds every row object at once.
TEXT_BATCH = 500
ROUTING_META_KEY = "agreement_routing"
SUMMARY_KEYS = ("char_alpha_nominal", "token_alpha_nominal", "span_f1_exact_mean", "span_f1_overlap_mean")
# The report key behind the schema's `agreement.metric`; span F1 counts matches by `agreement.match_mode`.
SCHEMA_METRICS = {"krippendorff_alpha": "char_alpha_nominal", "alpha_unitized": "alpha_unitized"}


@dataclass(frozen=True)
class TextAgreementRow:
    """One text of a report for the dashboard: its alpha, or why alpha is undefined."""

    text_id: int
    title: str
    char_alpha: float | None
    undefined_reason: str | None
    routing: dict[str, Any] | None


def schema_labels(project: Project) -> list[str]:
    return [label["id"] for label in project.annotation_schema_version.document.get("labels", [])]


def agreement_settings(project: Project) -> dict[str, str]:
    """The schema's agreement section (match_mode, metric, adjudication_policy), defaults filled by the loader."""
    return dict(project.annotation_schema_version.document.get("agreement", {}))


def primary_metric(project: Project) -> str:
    """The report key of the figure the project's schema leads with, e.g. span_f1_overlap_mean."""
    settings = agreement_settings(project)
    metric = settings.get("metric", "span_f1")
    if metric == "span_f1":
        return f"span_f1_{settings.get('match_mode', 'overlap')}_mean"
    return SCHEMA_METRICS[metric]


def metric_value(report: dict, metric: str) -> float | None:
    if metric == "alpha_unitized":
        return (report.get("alpha_unitized") or {}).get("overall")
    return report.get(metric)


def project_annotators(session: Session, *, project: Project) -> list[str]:
    """Usernames of everyone with an assignment in the project."""
    return list(session.scalars(
        select(User.username).distinct().join(Assignment, Assignment.annotator_id == User.id)
        .join(Text, Text.id == Assignment.text_id).where(Text.project_id == project.id).order_by(User.username)
    ))


def check_filters(session: Session, project: Project, labels=None, annotators=None, text_ids=None) -> None:
    """:raises Invalid: a filter names a label, annotator or text the project does not have."""
    errors: dict[str, list[str]] = {}
    if labels:
        known = set(schema_labels(project))
        unknown = sorted(set(labels) - known)
        if unknown:
            errors["labels"] = [f"Unknown label(s) {', '.join(unknown)}; the schema has {', '.join(sorted(known))}."]
    if annotators:
        unknown = sorted(set(annotators) - set(project_annotators(session, project=project)))
        if unknown:
            errors["annotators"] = [f"{', '.join(unknown)} has no assignment in project '{project.name}'."]
    if text_ids:
        found = set(session.scalars(select(Text.id).where(Text.project_id == project.id, Text.id.in_(text_ids))))
        missing = sorted(set(text_ids) - found)
        if missing:
            errors["text_ids"] = [f"Text(s) {', '.join(map(str, missing))} are not in project '{project.name}'."]
    if errors:
        raise Invalid("; ".join(m for messages in errors.values() for m in messages), reason="invalid_filter",
                      errors=errors)


def _counted(include_drafts: bool) -> tuple[str, ...]:
    """The assignment states whose annotation sets a report counts."""
    return ("submitted", "draft") if include_drafts else ("submitted",)


def count_counted_sets(session: Session, *, project: Project, include_drafts: bool = False) -> int:
    """How many annotation sets the project's report counts: the measure of how long it takes to compute."""
    return session.scalar(select(func.count()).select_from(Assignment).join(Text, Text.id == Assignment.text_id)
                          .where(Text.project_id == project.id, Assignment.status.in_(_counted(include_drafts))))


def annotations_changed_since(session: Session, *, project: Project, include_drafts: bool, since: datetime) -> bool:
    """Whether work a report of the project counts may have changed after `since`.

    A counted set saved, submitted, reopened or reassigned after it has a newer updated_at; without drafts, a
    submission reopened after it has left the counted sets, and is found by its history's reopen event.
    """
    project_sets = (select(AnnotationSet.id).join(Assignment, Assignment.id == AnnotationSet.assignment_id)
                    .join(Text, Text.id == Assignment.text_id).where(Text.project_id == project.id))
    saved = project_sets.where(Assignment.status.in_(_counted(include_drafts)), AnnotationSet.updated_at > since)
    if session.scalar(saved.limit(1)) is not None:
        return True
    if include_drafts:
        return False
    reopened = (select(AnnotationEvent.id).where(
        AnnotationEvent.annotation_set_id.in_(project_sets.where(Assignment.status == "draft")),
        AnnotationEvent.action == "reopen", AnnotationEvent.created_at > since).limit(1))
    return session.scalar(reopened) is not None


def load_project_documents(
    session: Session,
    *,
    project: Project,
    include_drafts: bool = False,
    labels: Collection[str] | None = None,
    annotators: Collection[str] | None = None,
    text_ids: Collection[int] | None = None,
) -> list[Document]:
    """One Document per text with at least one counted annotation set, keyed by annotator username.

    Submitted sets count (drafts too with include_drafts); an empty submitted set is present as ().
    Texts nobody has worked on are left out: they carry no agreement and would only dilute the bootstrap.

    :raises Invalid: a filter names an unknown label, annotator or text.
    """
    check_filters(session, project, labels, annotators, text_ids)
    conditions = [Text.project_id == project.id, Assignment.status.in_(_counted(include_drafts))]
    if annotators:
        conditions.append(User.username.in_(list(annotators)))
    if text_ids:
        conditions.append(Text.id.in_(list(text_ids)))
    span_join = Span.annotation_set_id == AnnotationSet.id
    if labels:
        # In the ON clause, so a set without spans of these labels stays present (as ()).
        span_join = and_(span_join, Span.label.in_(list(labels)))
    rows = session.execute(
        select(Assignment.text_id, User.username, Span.start, Span.end, Span.label)
        .join(Text, Text.id == Assignment.text_id)
        .join(User, User.id == Assignment.annotator_id)
        .join(AnnotationSet, AnnotationSet.assignment_id == Assignment.id)
        .outerjoin(Span, span_join)
        .where(*conditions)
    )
    by_text: dict[int, dict[str, list[SpanTuple]]] = {}
    for text_id, username, start, end, label in rows:
        spans = by_text.setdefault(text_id, {}).setdefault(username, [])
        if start is not None:
            spans.append((start, end, label))
    documents = []
    ordered = sorted(by_text)
    for first in range(0, len(ordered), TEXT_BATCH):
        batch = ordered[first:first + TEXT_BATCH]
        contents = session.execute(select(Text.id, Text.content).where(Text.id.in_(batch)).order_by(Text.id))
        for text_id, content in contents:
            annotations = {name: tuple(sorted(spans)) for name, spans in sorted(by_text[text_id].items())}
            documents.append(Document(id=str(text_id), text=content, annotations=annotations))
    return documents


def compute_project_agreement(
    session: Session,
    *,
    project: Project,
    bootstrap_samples: int = 1000,
    seed: int = 0,
    include_drafts: bool = False,
    labels: Sequence[str] | None = None,
    annotators: Sequence[str] | None = None,
    text_ids: Sequence[int] | None = None,
) -> dict:
    """The full agreement report of a project, plus a `scope` saying what it covers.

    :raises Invalid: unknown label, annotator or text in the filters.
    """
    documents = load_project_documents(
        session, project=project, include_drafts=include_drafts, labels=labels, annotators=annotators,
        text_ids=text_ids,
    )
    report = compute_agreement(documents, bootstrap_samples=bootstrap_samples, seed=seed)
    primary, settings = primary_metric(project), agreement_settings(project)
    report["primary"] = {"metric": primary, "value": metric_value(report, primary),
                         "metric_name": settings.get("metric", "span_f1"), "match_mode": settings.get("match_mode", "overlap")}
    report["scope"] = {
        "project_id": project.id, "project": project.name, "include_drafts": include_drafts,
        "labels": sorted(labels or []), "annotators": sorted(annotators or []),
        "text_ids": sorted(text_ids or []),
    }
    return report


def compute_text_agreement(session: Session, *, text: Text, include_drafts: bool = False) -> dict:
    """The agreement report of one text (no bootstrap: one document cannot be resampled)."""
    report = compute_project_agreement(
        session, project=text.project, bootstrap_samples=0, include_drafts=include_drafts, text_ids=[text.id]
    )
    report["scope"]["text_id"] = text.id
    return report


def agreement_summary(report: dict) -> dict:
    """The few figures a gold release stores with itself."""
    summary = {key: report.get(key) for key in SUMMARY_KEYS}
    summary["alpha_unitized"] = (report.get("alpha_unitized") or {}).get("overall")
    summary["annotators"] = list(report.get("annotators", []))
    summary["documents"] = report.get("documents", 0)
    if "primary" in report:
        summary["primary"] = {key: report["primary"][key] for key in ("metric", "value")}
    return summary


def rank_texts(session: Session, *, report: dict) -> list[TextAgreementRow]:
    """The report's texts, lowest character alpha first; undefined ones last, with their reason."""
    per_doc = report.get("char_alpha_nominal_per_doc", {})
    undefined = report.get("undefined", {})
    ids = [int(doc_id) for doc_id in per_doc]
    titles, routing = {}, {}
    for first in range(0, len(ids), TEXT_BATCH):
        for text_id, title, meta in session.execute(
            select(Text.id, Text.title, Text.meta).where(Text.id.in_(ids[first:first + TEXT_BATCH]))
        ):
            titles[text_id] = title
            routing[text_id] = (meta or {}).get(ROUTING_META_KEY)
    rows = [
        TextAgreementRow(
            text_id=text_id, title=titles.get(text_id, ""), char_alpha=per_doc[str(text_id)],
            undefined_reason=undefined.get(f"char_alpha_nominal_per_doc.{text_id}"),
            routing=routing.get(text_id),
        )
        for text_id in ids
    ]
    return sorted(rows, key=lambda r: (r.char_alpha is None, r.char_alpha if r.char_alpha is not None else 0.0,
                                       r.text_id))
