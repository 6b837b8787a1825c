"""Fixtures of the review tests: the released seed project with its readouts and a built queue."""
import pytest
from sqlalchemy import select

from app.review.models import Claim
from app.review.service import build_queue
from tests.factories import make_user
from tests.review.helpers import add_readouts, released_seed_project


@pytest.fixture
def desk(session):
    """(project, {"author", "second"} editors, {"russian", "chinese"} sources) with the v1 queue built."""
    project = released_seed_project(session)
    author, second = make_user(session, "editor"), make_user(session, "editor")
    russian, chinese = add_readouts(session, project, author)
    build_queue(session, project=project, release_name="v1")
    return project, {"author": author, "second": second}, {"russian": russian, "chinese": chinese}


def claim_for(session, project, phrase: str, occurrence: int = 0) -> Claim:
    claims = session.scalars(select(Claim).where(Claim.project_id == project.id, Claim.span_text.startswith(phrase))
                             .order_by(Claim.start)).all()
    return claims[occurrence]
