"""Guarantees: a per-user session generation; constraints that make duplicate gold work impossible.

Items are unique per text and extent; each item counts its decisions (revision), no two decisions of an
item share a revision, and gold rows reference the item's current revision.

Revision ID: 0004
Revises: 0006
Create Date: 2026-12-02 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0006'
branch_labels = None
depends_on = None


def _refuse_duplicates() -> None:
    """Races before this revision could store duplicate items or gold of two decisions; say where, not just fail."""
    connection = op.get_bind()
    duplicate_items = connection.execute(sa.text(
        'SELECT DISTINCT text_id FROM adjudication_item GROUP BY text_id, start, "end" HAVING count(*) > 1'
    )).scalars().all()
    stale_gold = connection.execute(sa.text(
        "SELECT DISTINCT g.text_id FROM gold_annotation g WHERE g.item_id IS NOT NULL AND g.decision_id <> "
        "(SELECT max(d.id) FROM adjudication_decision d WHERE d.item_id = g.item_id)"
    )).scalars().all()
    if duplicate_items or stale_gold:
        raise RuntimeError(
            f"Cannot add the gold constraints: texts {sorted(duplicate_items)} have duplicate adjudication items and "
            f"texts {sorted(stale_gold)} have gold from an outdated decision. Remove the duplicates, then upgrade."
        )


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default=sa.text('1'), nullable=False))

    _refuse_duplicates()
    with op.batch_alter_table('adjudication_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default=sa.text('0'), nullable=False))
    op.execute("UPDATE adjudication_item SET revision = "
               "(SELECT count(*) FROM adjudication_decision d WHERE d.item_id = adjudication_item.id)")
    with op.batch_alter_table('adjudication_item', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_adjudication_item_text_id_start_end'),
                                          ['text_id', 'start', 'end'])
        batch_op.create_unique_constraint(batch_op.f('uq_adjudication_item_id_revision'), ['id', 'revision'])

    with op.batch_alter_table('adjudication_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('item_revision', sa.Integer(), nullable=True))
    op.execute("UPDATE adjudication_decision SET item_revision = (SELECT count(*) FROM adjudication_decision d "
               "WHERE d.item_id = adjudication_decision.item_id AND d.id <= adjudication_decision.id)")
    with op.batch_alter_table('adjudication_decision', schema=None) as batch_op:
        batch_op.alter_column('item_revision', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_adjudication_decision_item_id_item_revision'),
                                          ['item_id', 'item_revision'])

    with op.batch_alter_table('gold_annotation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('item_revision', sa.Integer(), nullable=True))
    op.execute("UPDATE gold_annotation SET item_revision = "
               "(SELECT i.revision FROM adjudication_item i WHERE i.id = gold_annotation.item_id)")
    with op.batch_alter_table('gold_annotation', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_gold_annotation_item_revision_adjudication_item', 'adjudication_item',
                                    ['item_id', 'item_revision'], ['id', 'revision'])


def downgrade() -> None:
    with op.batch_alter_table('gold_annotation', schema=None) as batch_op:
        batch_op.drop_constraint('fk_gold_annotation_item_revision_adjudication_item', type_='foreignkey')
        batch_op.drop_column('item_revision')

    with op.batch_alter_table('adjudication_decision', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_adjudication_decision_item_id_item_revision'), type_='unique')
        batch_op.drop_column('item_revision')

    with op.batch_alter_table('adjudication_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_adjudication_item_id_revision'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_adjudication_item_text_id_start_end'), type_='unique')
        batch_op.drop_column('revision')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
