"""Migration 0004 numbers the revisions of existing adjudication work, and names the texts it cannot upgrade."""
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from app.annotations.service import forget_schema_documents
from app.database import normalise_url
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation
from app.gold.workflow import decide_item, start_adjudication
from app.migrate import alembic_config, upgrade_to_head
from tests.conftest import create_postgres_database
from tests.factories import make_user
from tests.gold.helpers import submitted_project


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'migration.sqlite'}"
    else:
        url, drop = create_postgres_database()
    made = create_engine(normalise_url(url))
    upgrade_to_head(made)
    yield made
    made.dispose()
    forget_schema_documents()
    if drop:
        drop()


@pytest.fixture
def twice_decided(engine):
    """A text whose first open item was decided twice, committed; returns the text and item ids."""
    with Session(engine, expire_on_commit=False) as session:
        _, stored, users = submitted_project(session)
        reviewer = make_user(session, role="reviewer", password=None)
        item = next(i for i in start_adjudication(session, text=stored) if i.status == "open")
        decide_item(session, item_id=item.id, reviewer=reviewer, action="reject_all")
        decide_item(session, item_id=item.id, reviewer=reviewer, action="accept_annotator",
                    annotator=users["ann_a"].username)
        session.commit()
        return stored.id, item.id


def _downgrade_to_before_0004(engine) -> None:
    # Later migrations may follow 0004, so step back to its parent rather than one step.
    config = alembic_config(engine)
    command.downgrade(config, ScriptDirectory.from_config(config).get_revision("0004").down_revision)


def test_upgrading_numbers_existing_decisions_and_gold(engine, twice_decided):
    text_id, item_id = twice_decided
    _downgrade_to_before_0004(engine)
    upgrade_to_head(engine)
    with Session(engine) as session:
        assert session.get(AdjudicationItem, item_id).revision == 2
        assert session.scalars(select(AdjudicationDecision.item_revision).where(
            AdjudicationDecision.item_id == item_id).order_by(AdjudicationDecision.id)).all() == [1, 2]
        assert set(session.scalars(select(GoldAnnotation.item_revision).where(
            GoldAnnotation.text_id == text_id, GoldAnnotation.item_id == item_id))) == {2}


def test_upgrading_names_texts_with_duplicate_items(engine, twice_decided):
    text_id, item_id = twice_decided
    _downgrade_to_before_0004(engine)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO adjudication_item (text_id, start, \"end\", kind, status, proposals, annotators, created_at) "
            "SELECT text_id, start, \"end\", kind, status, proposals, annotators, created_at "
            "FROM adjudication_item WHERE id = :id"), {"id": item_id})
    with pytest.raises(RuntimeError, match=rf"texts \[{text_id}\] have duplicate adjudication items"):
        upgrade_to_head(engine)
