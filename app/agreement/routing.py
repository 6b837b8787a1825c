"""Agreement-based routing: a fully submitted text with low agreement gets one more annotator or a flag."""
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.agreement.service import ROUTING_META_KEY, compute_text_agreement, metric_value
from app.annotations.assignments import create_assignment
from app.annotations.models import Assignment
from app.auth.models import User
from app.db import utcnow
from app.errors import Invalid
from app.texts.models import Project, Text
from app.texts.service import update_project_settings

SETTINGS_KEY = "agreement_routing"
ACTIONS = ("add_annotator", "flag")
METRICS = (
    "char_alpha_nominal", "token_alpha_nominal", "char_cohen_kappa_mean", "token_cohen_kappa_mean",
    "char_fleiss_kappa", "token_fleiss_kappa", "span_f1_exact_mean", "span_f1_overlap_mean", "alpha_unitized",
)
# A text is sent to one extra annotator at most; if agreement is still low after that, it is flagged.
MAX_ADDED_ANNOTATORS = 1
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoutingDecision:
    text_id: int
    action: str  # "none", "add_annotator" or "flag"
    value: float | None
    sent_to: str | None = None


def routing_settings(project: Project) -> dict[str, Any] | None:
    """The project's routing setting, or None when routing is off."""
    settings = (project.settings or {}).get(SETTINGS_KEY)
    return settings if isinstance(settings, dict) and settings.get("action") in ACTIONS else None


def set_routing(session: Session, *, project: Project, action: str, threshold: float | None = None,
                metric: str = "char_alpha_nominal", actor_id: int | None = None) -> Project:
    """Turn routing on (action add_annotator or flag, below `threshold` of `metric`) or off; the change goes to
    the audit log with the project's other settings.

    :raises Invalid: unknown action or metric, or no threshold for an action.
    """
    routing = None
    if action != "off":
        if action not in ACTIONS:
            raise Invalid(f"Unknown routing action '{action}'; choose add_annotator, flag or off.")
        if metric not in METRICS:
            raise Invalid(f"Unknown metric '{metric}'; choose one of {', '.join(METRICS)}.")
        if threshold is None:
            raise Invalid("Routing needs a threshold.", errors={"threshold": ["Required."]})
        routing = {"threshold": float(threshold), "metric": metric, "action": action}
    # None removes the setting, which turns routing off.
    return update_project_settings(session, project=project, changes={SETTINGS_KEY: routing}, actor_id=actor_id)


def _text_fully_submitted(session: Session, text_id: int) -> bool:
    statuses = session.scalars(select(Assignment.status).where(Assignment.text_id == text_id)).all()
    return len(statuses) >= 2 and all(status == "submitted" for status in statuses)


def _least_loaded_annotator(session: Session, text: Text) -> User | None:
    """Of the project's active annotators not yet on the text: fewest open assignments, then fewest overall."""
    on_text = select(Assignment.annotator_id).where(Assignment.text_id == text.id)
    open_count = func.sum(case((Assignment.status != "submitted", 1), else_=0))
    return session.scalars(
        select(User)
        .join(Assignment, Assignment.annotator_id == User.id)
        .join(Text, Text.id == Assignment.text_id)
        .where(Text.project_id == text.project_id, User.active.is_(True), User.role.in_(("annotator", "admin")),
               User.id.not_in(on_text))
        .group_by(User.id)
        .order_by(open_count, func.count(Assignment.id), User.username)
        .limit(1)
    ).first()


def route_text(session: Session, *, text: Text, settings: dict[str, Any]) -> RoutingDecision:
    """Compute the text's agreement and act on it; the decision is kept in Text.meta for the dashboard.

    Undefined is never "low": alpha and kappa are undefined only when nothing can be compared or
    everyone gave the same value everywhere (for example, no spans at all), which is agreement.
    """
    metric, threshold = settings.get("metric", "char_alpha_nominal"), float(settings["threshold"])
    value = metric_value(compute_text_agreement(session, text=text), metric)
    previous = dict((text.meta or {}).get(ROUTING_META_KEY) or {})
    if value is None or value >= threshold:
        if previous:
            _store(text, previous, metric, value, threshold, "none")
        return RoutingDecision(text.id, "none", value)
    sent_to = list(previous.get("sent_to", []))
    if settings["action"] == "add_annotator" and len(sent_to) < MAX_ADDED_ANNOTATORS:
        annotator = _least_loaded_annotator(session, text)
        if annotator is not None:
            create_assignment(session, text_id=text.id, annotator=annotator,
                              schema_version_id=text.project.annotation_schema_version_id)
            previous["sent_to"] = [*sent_to, annotator.username]
            _store(text, previous, metric, value, threshold, "add_annotator")
            session.flush()
            return RoutingDecision(text.id, "add_annotator", value, annotator.username)
    _store(text, previous, metric, value, threshold, "flag")
    session.flush()
    return RoutingDecision(text.id, "flag", value)


def _store(text: Text, record: dict, metric: str, value: float | None, threshold: float, action: str) -> None:
    record.update(metric=metric, value=value, threshold=threshold, action=action, checked_at=utcnow().isoformat())
    text.meta = {**(text.meta or {}), ROUTING_META_KEY: record}


def route_after_submit(session: Session, assignment: Assignment) -> None:
    """The annotations after-submit hook: route the text once its last assignment is submitted.

    It runs in a SAVEPOINT and logs its own failures, so a routing problem never undoes a submission.
    """
    text = assignment.text
    settings = routing_settings(text.project)
    if settings is None or not _text_fully_submitted(session, text.id):
        return
    try:
        with session.begin_nested():
            route_text(session, text=text, settings=settings)
    except Exception:
        log.exception("Agreement routing failed for text %s", text.id)


def apply_project_routing(session: Session, *, project: Project) -> list[RoutingDecision]:
    """Route every fully submitted text of the project (for texts submitted before routing was on).

    :raises Invalid: routing is off for the project.
    """
    settings = routing_settings(project)
    if settings is None:
        raise Invalid(f"Routing is off for project '{project.name}'; turn it on with `factspan agreement routing`.")
    text_ids = session.scalars(
        select(Assignment.text_id).join(Text, Text.id == Assignment.text_id).where(Text.project_id == project.id)
        .group_by(Assignment.text_id)
        .having(func.count() >= 2, func.sum(case((Assignment.status != "submitted", 1), else_=0)) == 0)
        .order_by(Assignment.text_id)
    ).all()
    return [route_text(session, text=session.get(Text, text_id), settings=settings) for text_id in text_ids]
