"""What the text page shows: the text's metadata, who has it, its agreement, adjudication and gold."""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.annotations.models import Assignment
from app.auth.models import User
from app.gold.models import AdjudicationItem, GoldAnnotation, GoldRelease, GoldReleaseText
from app.texts.models import Text
from app.texts.service import require_text


@dataclass(frozen=True)
class TextOverview:
    text: Text
    assignments: list[tuple[str, str]]  # (annotator, status)
    open_conflicts: int
    gold_spans: int
    releases: list[str]


def text_overview(session: Session, *, text_id: int) -> TextOverview:
    """:raises NotFound: no such text."""
    text = require_text(session, text_id)
    assignments = session.execute(
        select(User.username, Assignment.status).join(User, User.id == Assignment.annotator_id)
        .where(Assignment.text_id == text.id).order_by(User.username)).all()
    open_conflicts = session.scalar(select(func.count()).where(AdjudicationItem.text_id == text.id,
                                                               AdjudicationItem.kind == "conflict",
                                                               AdjudicationItem.status == "open"))
    gold_spans = session.scalar(select(func.count()).where(GoldAnnotation.text_id == text.id))
    releases = session.scalars(
        select(GoldRelease.name).join(GoldReleaseText, GoldReleaseText.release_id == GoldRelease.id)
        .where(GoldReleaseText.text_id == text.id).order_by(GoldRelease.id)).all()
    return TextOverview(text, [tuple(a) for a in assignments], open_conflicts, gold_spans, list(releases))
