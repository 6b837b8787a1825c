"""The database itself refuses duplicate adjudication items, two decisions on one item revision, and stale gold."""
import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from app.errors import Conflict
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation
from app.gold.workflow import decide_item, start_adjudication
from tests.factories import make_user
from tests.gold.helpers import submitted_project


@pytest.fixture
def decided(session):
    """A started text; its first open item decided once (revision 1) by a reviewer."""
    _, text, _ = submitted_project(session)
    reviewer = make_user(session, role="reviewer", password=None)
    item = next(i for i in start_adjudication(session, text=text) if i.status == "open")
    decide_item(session, item_id=item.id, reviewer=reviewer, action="reject_all")
    return text, item, reviewer


def refused(session, statement, rows=None) -> bool:
    try:
        with session.begin_nested():
            session.execute(statement, rows) if rows is not None else session.execute(statement)
    except IntegrityError:
        return True
    return False


def test_a_second_item_of_the_same_extent_is_refused(session, decided):
    text, item, _ = decided
    assert refused(session, insert(AdjudicationItem), [{
        "text_id": text.id, "start": item.start, "end": item.end, "kind": "conflict", "status": "open",
        "proposals": [], "annotators": [], "created_at": item.created_at}])


def test_a_second_decision_on_the_same_item_revision_is_refused(session, decided):
    _, item, reviewer = decided
    assert refused(session, insert(AdjudicationDecision), [{
        "item_id": item.id, "item_revision": 1, "decided_by_id": reviewer.id, "action": "no_span", "reason": "",
        "tally": {}, "result": [], "created_at": item.created_at}])


def test_gold_for_a_revision_the_item_is_not_at_is_refused(session, decided):
    text, item, _ = decided
    decision_id = session.scalars(select(AdjudicationDecision.id).where(AdjudicationDecision.item_id == item.id)).one()
    assert refused(session, insert(GoldAnnotation), [{
        "text_id": text.id, "item_id": item.id, "item_revision": 0, "decision_id": decision_id, "start": item.start,
        "end": item.end, "label": "author_inference", "attributes": {}, "proposed_by": []}])


def test_an_item_cannot_move_on_while_gold_of_its_earlier_decision_remains(session, decided):
    text, item, reviewer = decided
    decide_item(session, item_id=item.id, reviewer=reviewer, action="accept_annotator",
                annotator=item.proposals[0]["annotator"])
    assert session.scalars(select(GoldAnnotation).where(GoldAnnotation.item_id == item.id)).all()
    assert refused(session, update(AdjudicationItem).where(AdjudicationItem.id == item.id)
                   .values(revision=AdjudicationItem.revision + 1))


def test_a_decision_on_an_outdated_revision_is_refused(session, decided):
    _, item, reviewer = decided
    with pytest.raises(Conflict) as error:
        decide_item(session, item_id=item.id, reviewer=reviewer, action="no_span", revision=0)
    assert error.value.reason == "stale_decision"


def test_each_decision_moves_the_item_one_revision_on(session, decided):
    _, item, reviewer = decided
    decide_item(session, item_id=item.id, reviewer=reviewer, action="no_span", revision=1)
    revisions = session.scalars(select(AdjudicationDecision.item_revision)
                                .where(AdjudicationDecision.item_id == item.id).order_by(AdjudicationDecision.id))
    assert list(revisions) == [1, 2]
    assert session.get(AdjudicationItem, item.id).revision == 2
