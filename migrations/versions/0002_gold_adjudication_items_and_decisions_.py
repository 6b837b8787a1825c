"""Gold: adjudication items and decisions, current gold annotations, immutable releases.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 05:38:31.389644
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gold_release',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('annotation_schema_version_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('text_count', sa.Integer(), nullable=False),
    sa.Column('span_count', sa.Integer(), nullable=False),
    sa.Column('label_counts', sa.JSON(), nullable=False),
    sa.Column('agreement', sa.JSON(), nullable=False),
    sa.Column('annotator_count', sa.Integer(), nullable=False),
    sa.Column('adjudicator_count', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['annotation_schema_version_id'], ['annotation_schema_version.id'], name=op.f('fk_gold_release_annotation_schema_version_id_annotation_schema_version')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_gold_release_created_by_id_user')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_gold_release_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gold_release')),
    sa.UniqueConstraint('project_id', 'name', name=op.f('uq_gold_release_project_id_name'))
    )
    op.create_table('adjudication_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('proposals', sa.JSON(), nullable=False),
    sa.Column('annotators', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('agreed', 'conflict')", name=op.f('ck_adjudication_item_kind_known')),
    sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f('ck_adjudication_item_status_known')),
    sa.CheckConstraint('start >= 0 AND start < "end"', name=op.f('ck_adjudication_item_extent_valid')),
    sa.ForeignKeyConstraint(['text_id'], ['text.id'], name=op.f('fk_adjudication_item_text_id_text')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adjudication_item'))
    )
    with op.batch_alter_table('adjudication_item', schema=None) as batch_op:
        batch_op.create_index('ix_adjudication_item_text_id_start', ['text_id', 'start'], unique=False)

    op.create_table('gold_release_text',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('release_id', sa.Integer(), nullable=False),
    sa.Column('text_id', sa.Integer(), nullable=False),
    sa.Column('spans', sa.JSON(), nullable=False),
    sa.Column('offsets', sa.JSON(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['release_id'], ['gold_release.id'], name=op.f('fk_gold_release_text_release_id_gold_release')),
    sa.ForeignKeyConstraint(['text_id'], ['text.id'], name=op.f('fk_gold_release_text_text_id_text')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gold_release_text')),
    sa.UniqueConstraint('release_id', 'text_id', name=op.f('uq_gold_release_text_release_id_text_id'))
    )
    with op.batch_alter_table('gold_release_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gold_release_text_text_id'), ['text_id'], unique=False)

    op.create_table('adjudication_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('policy', sa.String(length=30), nullable=True),
    sa.Column('chosen_annotator', sa.String(length=80), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('tally', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('policy', 'accept_annotator', 'edit', 'reject_all', 'no_span', 'imported')", name=op.f('ck_adjudication_decision_action_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_adjudication_decision_decided_by_id_user')),
    sa.ForeignKeyConstraint(['item_id'], ['adjudication_item.id'], name=op.f('fk_adjudication_decision_item_id_adjudication_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adjudication_decision'))
    )
    with op.batch_alter_table('adjudication_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adjudication_decision_item_id'), ['item_id'], unique=False)

    op.create_table('gold_annotation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('proposed_by', sa.JSON(), nullable=False),
    sa.CheckConstraint('start < "end"', name=op.f('ck_gold_annotation_start_before_end')),
    sa.CheckConstraint('start >= 0', name=op.f('ck_gold_annotation_start_not_negative')),
    sa.ForeignKeyConstraint(['decision_id'], ['adjudication_decision.id'], name=op.f('fk_gold_annotation_decision_id_adjudication_decision')),
    sa.ForeignKeyConstraint(['item_id'], ['adjudication_item.id'], name=op.f('fk_gold_annotation_item_id_adjudication_item')),
    sa.ForeignKeyConstraint(['text_id'], ['text.id'], name=op.f('fk_gold_annotation_text_id_text')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gold_annotation'))
    )
    with op.batch_alter_table('gold_annotation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gold_annotation_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gold_annotation_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_gold_annotation_text_id_start', ['text_id', 'start'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('gold_annotation', schema=None) as batch_op:
        batch_op.drop_index('ix_gold_annotation_text_id_start')
        batch_op.drop_index(batch_op.f('ix_gold_annotation_item_id'))
        batch_op.drop_index(batch_op.f('ix_gold_annotation_decision_id'))

    op.drop_table('gold_annotation')
    with op.batch_alter_table('adjudication_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adjudication_decision_item_id'))

    op.drop_table('adjudication_decision')
    with op.batch_alter_table('gold_release_text', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gold_release_text_text_id'))

    op.drop_table('gold_release_text')
    with op.batch_alter_table('adjudication_item', schema=None) as batch_op:
        batch_op.drop_index('ix_adjudication_item_text_id_start')

    op.drop_table('adjudication_item')
    op.drop_table('gold_release')
