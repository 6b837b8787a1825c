"""The verdict state machine: draft -> awaiting sign-off -> published (-> corrected by a newer version)."""
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.audit.service import record_event as record_audit_event
from app.auth.models import User
from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid
from app.review.models import Claim, EvidenceItem, Source, Verdict
from app.review.service import EDITOR_ROLES, record_event
from app.review.settings import ReviewSettings
from app.review.sources import project_review_settings
from app.texts.models import Project

CLAIM_REVIEWED_LIMIT = 75
VERDICT_FIELDS = ("check_type", "rating", "claim_reviewed", "claimant", "claim_date", "claim_appearance",
                  "first_appearance", "explanation", "language")
STALE_MESSAGE = "Someone changed this verdict after you loaded it. Reload to see their version."


def signoff_required(project: Project) -> bool:
    """Whether a second editor must sign a verdict off before it is published (project setting, default on)."""
    return bool(project.settings.get("review_signoff", True))


def warnings_for(verdict: Verdict) -> list[str]:
    """What an editor should fix but may publish anyway."""
    if len(verdict.claim_reviewed) > CLAIM_REVIEWED_LIMIT:
        return [f"The claim reviewed has {len(verdict.claim_reviewed)} characters; Google shows at most "
                f"{CLAIM_REVIEWED_LIMIT}."]
    return []


def _editor(user: User) -> None:
    if user.role not in EDITOR_ROLES:
        raise Forbidden(f"Only editors write verdicts; you are {user.role}.")


def _current(verdict: Verdict, version: int) -> None:
    if verdict.lock_version != version:
        raise Conflict(STALE_MESSAGE, reason="stale_version", errors={"version": [f"Current is {verdict.lock_version}."]})


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(STALE_MESSAGE, reason="stale_version") from exc


def _checked_fields(settings: ReviewSettings, claim: Claim, fields: dict[str, Any]) -> dict[str, Any]:
    checks = settings.queued.get(claim.label, ())
    check_type = fields.get("check_type")
    if check_type not in checks:
        raise Invalid(f"A {claim.label} claim is checked for {', '.join(checks) or 'nothing'}, not {check_type}.",
                      errors={"check_type": [f"Choose one of {', '.join(checks)}."]})
    rating = fields.get("rating")
    scale = settings.check_types[check_type]
    if rating is not None and scale.rating(rating) is None:
        raise Invalid(f"'{rating}' is not a rating of {scale.name}.",
                      errors={"rating": [f"Choose one of {', '.join(r.value for r in scale.scale)}."]})
    return {key: fields[key] for key in VERDICT_FIELDS if key in fields}


def _apply(settings: ReviewSettings, verdict: Verdict, fields: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for key, value in fields.items():
        before = getattr(verdict, key)
        if before != value:
            changes[key] = {"before": _plain(before), "after": _plain(value)}
            setattr(verdict, key, value)
    scale = settings.check_types[verdict.check_type]
    rating = scale.rating(verdict.rating) if verdict.rating else None
    verdict.rating_name = rating.name if rating else None
    numbers = scale.numbers(rating.value) if rating else (None, None, None)
    verdict.rating_value, verdict.best_rating, verdict.worst_rating = numbers
    return changes


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _evidence(session: Session, claim: Claim, items: Sequence[dict[str, Any]]) -> list[EvidenceItem]:
    built = []
    for index, item in enumerate(items):
        if item["kind"] == "source_passage":
            source = session.get(Source, item.get("source_id") or 0)
            if source is None or source.project_id != claim.project_id:
                raise Invalid("Evidence must come from one of the project's sources.",
                              errors={"evidence": {str(index): {"source_id": ["Unknown source."]}}})
            start, end = item.get("start"), item.get("end")
            if start is None or end is None or not 0 <= start < end <= source.char_count:
                raise Invalid(f"The passage {start}-{end} is outside the source (0-{source.char_count}).",
                              errors={"evidence": {str(index): {"start": ["Outside the source."]}}})
            built.append(EvidenceItem(kind="source_passage", position=index, source_id=source.id, start=start, end=end,
                                      score=item.get("score"), quoted_passage=source.content[start:end],
                                      url=source.url, publisher=source.publisher, title=source.title,
                                      accessed_at=item.get("accessed_at")))
        else:
            if not item.get("url"):
                raise Invalid("External evidence needs the URL of the page.",
                              errors={"evidence": {str(index): {"url": ["Required."]}}})
            built.append(EvidenceItem(kind="external", position=index, url=item["url"],
                                      publisher=item.get("publisher", ""), title=item.get("title", ""),
                                      quoted_passage=item.get("quoted_passage", ""),
                                      accessed_at=item.get("accessed_at")))
    return built


def _evidence_key(item: EvidenceItem) -> tuple:
    return item.kind, item.source_id, item.start, item.end, item.url, item.quoted_passage, item.title, item.publisher


def _replace_evidence(verdict: Verdict, items: list[EvidenceItem]) -> dict[str, Any]:
    before = {_evidence_key(e): e for e in verdict.evidence}
    after = {_evidence_key(e): e for e in items}
    changes = {}
    if before.keys() != after.keys():
        changes["evidence"] = {"added": [_described(after[k]) for k in after.keys() - before.keys()],
                               "removed": [_described(before[k]) for k in before.keys() - after.keys()]}
    verdict.evidence = items
    return changes


def _described(item: EvidenceItem) -> dict[str, Any]:
    return {"kind": item.kind, "source_id": item.source_id, "start": item.start, "end": item.end, "url": item.url,
            "quoted_passage": item.quoted_passage[:200]}


def _sync_claim(claim: Claim, verdict: Verdict) -> None:
    claim.status = verdict.status
    claim.check_type, claim.rating = verdict.check_type, verdict.rating


def create_verdict(session: Session, *, claim: Claim, user: User, fields: dict[str, Any],
                   evidence: Sequence[dict[str, Any]] = ()) -> Verdict:
    """Start the claim's verdict as a draft.

    :raises Conflict: the claim already has one (edit it, or start a correction).
    """
    _editor(user)
    if claim.verdicts:
        raise Conflict("This claim already has a verdict; edit it, or correct it once published.",
                       reason="verdict_exists")
    settings = project_review_settings(session, session.get(Project, claim.project_id))
    verdict = Verdict(number=1, status="draft", author_id=user.id, claim_reviewed="", claimant="",
                      explanation="", language="en", correction_note="", check_type="")
    session.add(verdict)
    verdict.claim = claim
    changes = _apply(settings, verdict, _checked_fields(settings, claim, fields))
    changes.update(_replace_evidence(verdict, _evidence(session, claim, evidence)))
    _sync_claim(claim, verdict)
    _flush(session)
    record_event(session, claim=claim, user=user, action="drafted", changes=changes, verdict_id=verdict.id)
    return verdict


def save_verdict(session: Session, *, verdict: Verdict, user: User, version: int, fields: dict[str, Any],
                 evidence: Sequence[dict[str, Any]] | None = None) -> Verdict:
    """Change a draft; `version` must be the one the editor loaded.

    :raises Conflict: stale version, or the verdict is no longer a draft.
    """
    _editor(user)
    _current(verdict, version)
    if verdict.status != "draft":
        raise Conflict("Only a draft can change; return it to draft or start a correction.", reason="not_draft")
    claim = verdict.claim
    settings = project_review_settings(session, session.get(Project, claim.project_id))
    merged = {key: getattr(verdict, key) for key in VERDICT_FIELDS} | fields
    changes = _apply(settings, verdict, _checked_fields(settings, claim, merged))
    if evidence is not None:
        changes.update(_replace_evidence(verdict, _evidence(session, claim, evidence)))
    if changes:
        verdict.updated_at = utcnow()
        _sync_claim(claim, verdict)
        _flush(session)
        record_event(session, claim=claim, user=user, action="saved", changes=changes, verdict_id=verdict.id)
    return verdict


def _complete(verdict: Verdict) -> None:
    missing = [name for name, value in (("rating", verdict.rating), ("claim_reviewed", verdict.claim_reviewed.strip()))
               if not value]
    if missing:
        raise Invalid("Rate the claim and restate it before it goes further.", reason="verdict_incomplete",
                      errors={name: ["Required."] for name in missing})


def _transition(session: Session, verdict: Verdict, user: User, action: str, status: str,
                extra: dict[str, Any] | None = None) -> Verdict:
    changes = {"status": {"before": verdict.status, "after": status}, **(extra or {})}
    verdict.status = status
    verdict.updated_at = utcnow()
    _sync_claim(verdict.claim, verdict)
    _flush(session)
    record_event(session, claim=verdict.claim, user=user, action=action, changes=changes, verdict_id=verdict.id)
    return verdict


def submit_verdict(session: Session, *, verdict: Verdict, user: User, version: int) -> Verdict:
    """Send a complete draft for sign-off by a second editor."""
    _editor(user)
    _current(verdict, version)
    if verdict.status != "draft":
        raise Conflict("Only a draft can be submitted for sign-off.", reason="not_draft")
    _complete(verdict)
    return _transition(session, verdict, user, "submitted", "awaiting_signoff")


def sign_off(session: Session, *, verdict: Verdict, user: User, version: int) -> Verdict:
    """A second editor approves the verdict for publication.

    :raises Forbidden: reason own_verdict, when the author tries to sign off their own verdict.
    """
    _editor(user)
    _current(verdict, version)
    if verdict.status != "awaiting_signoff" or verdict.signed_off_by_id is not None:
        raise Conflict("Only a verdict awaiting sign-off can be signed off.", reason="not_awaiting_signoff")
    if verdict.author_id == user.id:
        raise Forbidden("A second editor, not the author, signs a verdict off.", reason="own_verdict")
    verdict.signed_off_by_id, verdict.signed_off_at = user.id, utcnow()
    verdict.updated_at = utcnow()
    _flush(session)
    record_event(session, claim=verdict.claim, user=user, action="signed_off",
                 changes={"signed_off_by": {"before": None, "after": user.username}}, verdict_id=verdict.id)
    record_audit_event(session, actor_id=user.id, action="review.verdict_signed_off", target_type="verdict",
                       target_id=verdict.id, project_id=verdict.claim.project_id,
                       changes={"claim_id": verdict.claim_id, "number": verdict.number})
    return verdict


def return_to_draft(session: Session, *, verdict: Verdict, user: User, version: int, note: str = "") -> Verdict:
    """Send a verdict awaiting sign-off back to its author as a draft (its sign-off, if any, is dropped)."""
    _editor(user)
    _current(verdict, version)
    if verdict.status != "awaiting_signoff":
        raise Conflict("Only a verdict awaiting sign-off can go back to draft.", reason="not_awaiting_signoff")
    verdict.signed_off_by_id, verdict.signed_off_at = None, None
    return _transition(session, verdict, user, "returned", "draft", {"note": note})


def publish_verdict(session: Session, *, verdict: Verdict, user: User, version: int) -> Verdict:
    """Publish; with sign-off on, only once a second editor signed it off. The version it corrects is kept.

    :raises Conflict: reason signoff_required, or not publishable in its state.
    """
    _editor(user)
    _current(verdict, version)
    claim = verdict.claim
    if signoff_required(session.get(Project, claim.project_id)):
        if verdict.status != "awaiting_signoff" or verdict.signed_off_by_id is None:
            raise Conflict("A second editor must sign this verdict off before it is published.",
                           reason="signoff_required")
    elif verdict.status not in ("draft", "awaiting_signoff"):
        raise Conflict("This verdict is already published.", reason="already_published")
    _complete(verdict)
    if verdict.number > 1 and not verdict.correction_note.strip():
        raise Invalid("A correction needs a note saying what changed.", errors={"correction_note": ["Required."]})
    previous = session.scalars(select(Verdict).where(Verdict.claim_id == claim.id, Verdict.status == "published",
                                                     Verdict.id != verdict.id)).all()
    for older in previous:
        older.status = "corrected"
    verdict.published_at, verdict.published_by_id = utcnow(), user.id
    extra = {"corrects": [older.number for older in previous]} if previous else {}
    record_audit_event(session, actor_id=user.id, action="review.verdict_published", target_type="verdict",
                       target_id=verdict.id, project_id=claim.project_id,
                       changes={"claim_id": claim.id, "number": verdict.number, "rating": verdict.rating, **extra})
    return _transition(session, verdict, user, "published", "published", extra)


def start_correction(session: Session, *, claim: Claim, user: User, note: str) -> Verdict:
    """A new draft version of a published verdict, with a note; the published version stays readable.

    :raises Conflict: the latest version is not published. :raises Invalid: no note.
    """
    _editor(user)
    if not note.strip():
        raise Invalid("Say what the correction changes.", errors={"note": ["Required."]})
    latest = claim.verdicts[-1] if claim.verdicts else None
    if latest is None or latest.status != "published":
        raise Conflict("Only a published verdict can be corrected; edit the draft instead.", reason="not_published")
    # Copy the evidence before the new version joins the claim, so loading it cannot flush a half-built row.
    evidence = [EvidenceItem(**{column: getattr(item, column) for column in (
        "position", "kind", "source_id", "start", "end", "score", "quoted_passage", "url", "publisher", "title",
        "accessed_at")}) for item in latest.evidence]
    correction = Verdict(number=latest.number + 1, status="draft", author_id=user.id, evidence=evidence,
                         correction_note=note.strip(), **{key: getattr(latest, key) for key in VERDICT_FIELDS},
                         rating_name=latest.rating_name, rating_value=latest.rating_value,
                         best_rating=latest.best_rating, worst_rating=latest.worst_rating)
    session.add(correction)
    correction.claim = claim
    _sync_claim(claim, correction)
    _flush(session)
    record_event(session, claim=claim, user=user, action="correction_started",
                 changes={"version": correction.number, "note": correction.correction_note}, verdict_id=correction.id)
    return correction
