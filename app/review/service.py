"""The editors' claims queue: build it from gold, filter and count it, assign claims, comments and history."""
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.auth.service import get_user_by_username
from app.errors import Forbidden, Invalid, NotFound
from app.gold.models import GoldAnnotation, GoldRelease, GoldReleaseText
from app.gold.releases import require_release
from app.review.models import CLAIM_STATES, Claim, ReviewComment, ReviewEvent, Verdict
from app.review.settings import ReviewSettings
from app.review.sources import project_review_settings, refresh_matches
from app.texts.models import Project, Text

EDITOR_ROLES = ("editor", "admin")
CLAIM_BATCH = 1000
SORTS = ("check_worthiness", "position")


@dataclass(frozen=True)
class QueueReport:
    gold_version: str
    created: int
    existing: int
    matched: int


@dataclass(frozen=True)
class ClaimFilters:
    label: str | None = None
    check_type: str | None = None
    status: str | None = None
    rating: str | None = None
    assignee: str | None = None  # a username, or "none" for unassigned claims
    text_id: int | None = None
    gold_version: str | None = None
    weak_only: bool = False


def gold_version_label(gold_version: str) -> str:
    return gold_version or "current gold"


def _gold_spans(session: Session, project: Project, release: GoldRelease | None):
    """(text_id, start, end, label, attributes) of the gold the queue is built from, in text order."""
    if release is not None:
        for text_id, spans in session.execute(select(GoldReleaseText.text_id, GoldReleaseText.spans)
                                              .where(GoldReleaseText.release_id == release.id)
                                              .order_by(GoldReleaseText.text_id)):
            for span in spans:
                yield text_id, span["start"], span["end"], span["label"], span["attributes"]
        return
    yield from session.execute(
        select(GoldAnnotation.text_id, GoldAnnotation.start, GoldAnnotation.end, GoldAnnotation.label,
               GoldAnnotation.attributes)
        .join(Text, Text.id == GoldAnnotation.text_id)
        .where(Text.project_id == project.id, Text.adjudication_status == "adjudicated")
        .order_by(GoldAnnotation.text_id, GoldAnnotation.start))


def build_queue(session: Session, *, project: Project, release_name: str | None = None) -> QueueReport:
    """One claim per gold span of a reviewable label; running it again adds only what is new.

    :raises NotFound: no such release. :raises Invalid: the schema queues no label.
    """
    release = require_release(session, project=project, name=release_name) if release_name else None
    gold_version = release.name if release else ""
    settings = project_review_settings(session, project)
    if not settings.queued:
        raise Invalid("The project's annotation schema sends no label to review; add a review section to its file.",
                      reason="nothing_reviewable")
    existing = {tuple(row) for row in session.execute(
        select(Claim.text_id, Claim.start, Claim.end, Claim.label)
        .where(Claim.project_id == project.id, Claim.gold_version == gold_version))}
    contents: dict[int, str] = {}
    rows: list[dict[str, Any]] = []
    found_existing = 0
    for text_id, start, end, label, attributes in _gold_spans(session, project, release):
        if label not in settings.queued:
            continue
        if (text_id, start, end, label) in existing:
            found_existing += 1
            continue
        if text_id not in contents:
            contents[text_id] = session.scalar(select(Text.content).where(Text.id == text_id))
        rows.append({"project_id": project.id, "text_id": text_id, "release_id": release.id if release else None,
                     "gold_version": gold_version, "start": start, "end": end, "label": label,
                     "attributes": attributes, "span_text": contents[text_id][start:end],
                     "priority": settings.priority(attributes), "status": "unreviewed"})
    for offset in range(0, len(rows), CLAIM_BATCH):
        session.execute(insert(Claim), rows[offset:offset + CLAIM_BATCH])
    matched = 0
    if rows:
        new_ids = session.scalars(select(Claim.id).where(Claim.project_id == project.id,
                                                         Claim.gold_version == gold_version,
                                                         Claim.status == "unreviewed",
                                                         Claim.match_score.is_(None))).all()
        matched = refresh_matches(session, project=project, claim_ids=new_ids)
    return QueueReport(gold_version, len(rows), found_existing, matched)


def require_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"There is no claim {claim_id}.")
    return claim


def require_verdict(session: Session, verdict_id: int) -> Verdict:
    verdict = session.get(Verdict, verdict_id)
    if verdict is None:
        raise NotFound(f"There is no verdict {verdict_id}.")
    return verdict


def _filtered(session: Session, project: Project, filters: ClaimFilters):
    query = select(Claim).where(Claim.project_id == project.id)
    if filters.label:
        query = query.where(Claim.label == filters.label)
    if filters.check_type:
        labels = project_review_settings(session, project).labels_with_check(filters.check_type)
        query = query.where(Claim.label.in_(labels))
    if filters.status:
        if filters.status not in CLAIM_STATES:
            raise Invalid(f"Unknown status '{filters.status}'; use one of {', '.join(CLAIM_STATES)}.")
        query = query.where(Claim.status == filters.status)
    if filters.rating:
        query = query.where(Claim.rating == filters.rating)
    if filters.assignee == "none":
        query = query.where(Claim.assignee_id.is_(None))
    elif filters.assignee:
        user = get_user_by_username(session, filters.assignee)
        query = query.where(Claim.assignee_id == (user.id if user else -1))
    if filters.text_id:
        query = query.where(Claim.text_id == filters.text_id)
    if filters.gold_version is not None:
        query = query.where(Claim.gold_version == filters.gold_version)
    if filters.weak_only:
        settings = project_review_settings(session, project)
        comparing = [label for label in settings.queued if settings.compares_with_source(label)]
        query = query.where(Claim.label.in_(comparing),
                            or_(Claim.match_score.is_(None), Claim.match_score < settings.weak_match_below))
    return query


def list_claims(session: Session, *, project: Project, filters: ClaimFilters, page: int = 1, per_page: int = 50,
                sort: str = "check_worthiness") -> tuple[Sequence[Claim], int]:
    """One page of the queue, most check-worthy first, then in text order; and the total."""
    if sort not in SORTS:
        raise Invalid(f"Unknown sort '{sort}'; use one of {', '.join(SORTS)}.")
    query = _filtered(session, project, filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    order = [Claim.text_id, Claim.start, Claim.id]
    if sort == "check_worthiness":
        order.insert(0, Claim.priority)
    items = session.scalars(query.order_by(*order).limit(per_page).offset((page - 1) * per_page)).all()
    return items, total


def claim_row(claim: Claim, settings: ReviewSettings) -> dict[str, Any]:
    """A claim as the queue lists it, with its assignee's name and whether its best match is weak (or missing)."""
    row = {column: getattr(claim, column) for column in (
        "id", "project_id", "text_id", "gold_version", "start", "end", "label", "attributes", "span_text", "status",
        "check_type", "rating", "match_score", "match_source_id", "match_start", "match_end")}
    row["assignee"] = claim.assignee.username if claim.assignee else None
    row["weak_match"] = settings.compares_with_source(claim.label) and (
        claim.match_score is None or claim.match_score < settings.weak_match_below)
    return row


def queue_counts(session: Session, *, project_ids: Sequence[int] | None = None) -> dict[int, dict[str, int]]:
    """Claims per status for each project (all projects with claims when none are named)."""
    query = select(Claim.project_id, Claim.status, func.count()).group_by(Claim.project_id, Claim.status)
    if project_ids is not None:
        query = query.where(Claim.project_id.in_(project_ids))
    counts: dict[int, dict[str, int]] = {}
    for project_id, status, count in session.execute(query):
        counts.setdefault(project_id, {})[status] = count
    return counts


def assigned_counts(session: Session, *, user: User) -> dict[int, int]:
    """Claims not yet published that are assigned to the user, per project."""
    return dict(session.execute(select(Claim.project_id, func.count()).where(
        Claim.assignee_id == user.id, Claim.status != "published").group_by(Claim.project_id)).all())


def gold_versions(session: Session, *, project: Project) -> list[str]:
    """Gold versions the project's queue was built from, newest claims first."""
    rows = session.execute(select(Claim.gold_version, func.max(Claim.id)).where(Claim.project_id == project.id)
                           .group_by(Claim.gold_version)).all()
    return [version for version, _ in sorted(rows, key=lambda row: -row[1])]


def record_event(session: Session, *, claim: Claim, user: User | None, action: str, changes: dict[str, Any],
                 verdict_id: int | None = None) -> None:
    """Append one history row, in the caller's transaction."""
    session.add(ReviewEvent(claim_id=claim.id, verdict_id=verdict_id, user_id=user.id if user else None,
                            action=action, changes=changes))


def require_editor(session: Session, username: str) -> User:
    """:raises Invalid: no such active user, or not an editor."""
    user = get_user_by_username(session, username)
    if user is None or not user.active:
        raise Invalid(f"There is no active user '{username}'.", errors={"editors": [f"Unknown: {username}"]})
    if user.role not in EDITOR_ROLES:
        raise Invalid(f"'{username}' is a {user.role}; claims go to editors.", errors={"editors": [username]})
    return user


def assign_claim(session: Session, *, claim: Claim, assignee: User | None, user: User | None) -> Claim:
    """Give a claim to an editor by hand (None takes it back)."""
    before = claim.assignee_id
    claim.assignee_id = assignee.id if assignee else None
    if before != claim.assignee_id:
        record_event(session, claim=claim, user=user, action="assigned",
                     changes={"assignee": {"before": _username(session, before),
                                           "after": assignee.username if assignee else None}})
    session.flush()
    return claim


def assign_round_robin(session: Session, *, project: Project, editors: Sequence[str], user: User | None,
                       gold_version: str | None = None) -> dict[str, int]:
    """Deal the unassigned claims to the editors in turn, in queue order; returns how many each got."""
    if not editors:
        raise Invalid("Name at least one editor.", errors={"editors": ["Required."]})
    people = [require_editor(session, name) for name in editors]
    claims, _ = list_claims(session, project=project, per_page=10**9,
                            filters=ClaimFilters(assignee="none", gold_version=gold_version))
    dealt = {person.username: 0 for person in people}
    for claim, person in zip(claims, itertools.cycle(people)):
        assign_claim(session, claim=claim, assignee=person, user=user)
        dealt[person.username] += 1
    return dealt


def _username(session: Session, user_id: int | None) -> str | None:
    return session.scalar(select(User.username).where(User.id == user_id)) if user_id else None


def add_comment(session: Session, *, claim: Claim, user: User, body: str) -> ReviewComment:
    """:raises Invalid: an empty comment. :raises Forbidden: not an editor."""
    if user.role not in EDITOR_ROLES:
        raise Forbidden("Only editors comment on claims.")
    if not body.strip():
        raise Invalid("Write something to comment.", errors={"body": ["Required."]})
    comment = ReviewComment(claim_id=claim.id, author_id=user.id, body=body.strip())
    session.add(comment)
    session.flush()
    record_event(session, claim=claim, user=user, action="commented", changes={"comment_id": comment.id})
    return comment


def list_comments(session: Session, *, claim: Claim) -> list[dict[str, Any]]:
    rows = session.execute(select(ReviewComment, User.username).join(User, User.id == ReviewComment.author_id)
                           .where(ReviewComment.claim_id == claim.id).order_by(ReviewComment.id))
    return [{"id": c.id, "author": name, "body": c.body, "created_at": c.created_at} for c, name in rows]


def list_history(session: Session, *, claim: Claim) -> list[dict[str, Any]]:
    """Every change to the claim, oldest first."""
    rows = session.execute(select(ReviewEvent, User.username).outerjoin(User, User.id == ReviewEvent.user_id)
                           .where(ReviewEvent.claim_id == claim.id).order_by(ReviewEvent.id))
    return [{"id": e.id, "action": e.action, "user": name, "verdict_id": e.verdict_id, "changes": e.changes,
             "created_at": e.created_at} for e, name in rows]
