"""Suggestions: suggesters, suggestions and per-annotator decisions; suggested_by on spans; model uncertainty on texts.

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-29 22:46:40.320962
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('suggester',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('release_id', sa.Integer(), nullable=True),
    sa.Column('metrics', sa.JSON(), nullable=False),
    sa.Column('model_path', sa.String(length=500), nullable=True),
    sa.Column('model_sha256', sa.String(length=64), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('rules', 'crf', 'imported')", name=op.f('ck_suggester_kind_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_suggester_created_by_id_user')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_suggester_project_id_project')),
    sa.ForeignKeyConstraint(['release_id'], ['gold_release.id'], name=op.f('fk_suggester_release_id_gold_release')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggester')),
    sa.UniqueConstraint('project_id', 'name', name=op.f('uq_suggester_project_id_name'))
    )
    with op.batch_alter_table('suggester', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggester_project_id'), ['project_id'], unique=False)

    op.create_table('suggestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text_id', sa.Integer(), nullable=False),
    sa.Column('suggester_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('start < "end"', name=op.f('ck_suggestion_start_before_end')),
    sa.CheckConstraint('start >= 0', name=op.f('ck_suggestion_start_not_negative')),
    sa.ForeignKeyConstraint(['suggester_id'], ['suggester.id'], name=op.f('fk_suggestion_suggester_id_suggester')),
    sa.ForeignKeyConstraint(['text_id'], ['text.id'], name=op.f('fk_suggestion_text_id_text')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion'))
    )
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_suggester_id'), ['suggester_id'], unique=False)
        batch_op.create_index('ix_suggestion_text_id_start', ['text_id', 'start'], unique=False)

    op.create_table('suggestion_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('suggestion_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('accepted', 'rejected')", name=op.f('ck_suggestion_decision_state_known')),
    sa.ForeignKeyConstraint(['suggestion_id'], ['suggestion.id'], name=op.f('fk_suggestion_decision_suggestion_id_suggestion')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_suggestion_decision_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_decision')),
    sa.UniqueConstraint('suggestion_id', 'user_id', name=op.f('uq_suggestion_decision_suggestion_id_user_id'))
    )
    with op.batch_alter_table('suggestion_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_decision_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('span', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suggested_by', sa.JSON(), nullable=True))

    with op.batch_alter_table('text', schema=None) as batch_op:
        batch_op.add_column(sa.Column('model_uncertainty', sa.Float(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('text', schema=None) as batch_op:
        batch_op.drop_column('model_uncertainty')

    with op.batch_alter_table('span', schema=None) as batch_op:
        batch_op.drop_column('suggested_by')

    with op.batch_alter_table('suggestion_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestion_decision_user_id'))

    op.drop_table('suggestion_decision')
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.drop_index('ix_suggestion_text_id_start')
        batch_op.drop_index(batch_op.f('ix_suggestion_suggester_id'))

    op.drop_table('suggestion')
    with op.batch_alter_table('suggester', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggester_project_id'))

    op.drop_table('suggester')
