"""Review: source documents, the claims queue, versioned verdicts with evidence, comments and history.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 22:37:35.605352
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('publisher', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('char_count', sa.Integer(), nullable=False),
    sa.Column('linked_values', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_source_created_by_id_user')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_source_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source')),
    sa.UniqueConstraint('project_id', 'sha256', name=op.f('uq_source_project_id_sha256'))
    )
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_project_id'), ['project_id'], unique=False)

    op.create_table('review_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('text_id', sa.Integer(), nullable=False),
    sa.Column('release_id', sa.Integer(), nullable=True),
    sa.Column('gold_version', sa.String(length=100), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('span_text', sa.Text(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('check_type', sa.String(length=100), nullable=True),
    sa.Column('rating', sa.String(length=100), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('match_score', sa.Float(), nullable=True),
    sa.Column('match_source_id', sa.Integer(), nullable=True),
    sa.Column('match_start', sa.Integer(), nullable=True),
    sa.Column('match_end', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('unreviewed', 'draft', 'awaiting_signoff', 'published')", name=op.f('ck_review_claim_status_known')),
    sa.CheckConstraint('start >= 0 AND start < "end"', name=op.f('ck_review_claim_extent_valid')),
    sa.ForeignKeyConstraint(['assignee_id'], ['user.id'], name=op.f('fk_review_claim_assignee_id_user')),
    sa.ForeignKeyConstraint(['match_source_id'], ['source.id'], name=op.f('fk_review_claim_match_source_id_source')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_review_claim_project_id_project')),
    sa.ForeignKeyConstraint(['release_id'], ['gold_release.id'], name=op.f('fk_review_claim_release_id_gold_release')),
    sa.ForeignKeyConstraint(['text_id'], ['text.id'], name=op.f('fk_review_claim_text_id_text')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_claim')),
    sa.UniqueConstraint('project_id', 'gold_version', 'text_id', 'start', 'end', 'label', name=op.f('uq_review_claim_project_id_gold_version_text_id_start_end_label'))
    )
    with op.batch_alter_table('review_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_claim_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index('ix_review_claim_project_id_priority', ['project_id', 'priority', 'text_id', 'start'], unique=False)
        batch_op.create_index('ix_review_claim_project_id_status', ['project_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_claim_text_id'), ['text_id'], unique=False)

    op.create_table('review_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_review_comment_author_id_user')),
    sa.ForeignKeyConstraint(['claim_id'], ['review_claim.id'], name=op.f('fk_review_comment_claim_id_review_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_comment'))
    )
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.create_index('ix_review_comment_claim_id_created_at', ['claim_id', 'created_at'], unique=False)

    op.create_table('verdict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('check_type', sa.String(length=100), nullable=False),
    sa.Column('rating', sa.String(length=100), nullable=True),
    sa.Column('rating_name', sa.String(length=200), nullable=True),
    sa.Column('rating_value', sa.Integer(), nullable=True),
    sa.Column('best_rating', sa.Integer(), nullable=True),
    sa.Column('worst_rating', sa.Integer(), nullable=True),
    sa.Column('claim_reviewed', sa.Text(), nullable=False),
    sa.Column('claimant', sa.String(length=300), nullable=False),
    sa.Column('claim_date', sa.Date(), nullable=True),
    sa.Column('claim_appearance', sa.String(length=2000), nullable=True),
    sa.Column('first_appearance', sa.String(length=2000), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=False),
    sa.Column('correction_note', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('signed_off_by_id', sa.Integer(), nullable=True),
    sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'awaiting_signoff', 'published', 'corrected')", name=op.f('ck_verdict_status_known')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_verdict_author_id_user')),
    sa.ForeignKeyConstraint(['claim_id'], ['review_claim.id'], name=op.f('fk_verdict_claim_id_review_claim')),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_verdict_published_by_id_user')),
    sa.ForeignKeyConstraint(['signed_off_by_id'], ['user.id'], name=op.f('fk_verdict_signed_off_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verdict')),
    sa.UniqueConstraint('claim_id', 'number', name=op.f('uq_verdict_claim_id_number'))
    )
    with op.batch_alter_table('verdict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verdict_claim_id'), ['claim_id'], unique=False)

    op.create_table('evidence_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verdict_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('quoted_passage', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('publisher', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('accessed_at', sa.Date(), nullable=True),
    sa.CheckConstraint("kind IN ('source_passage', 'external')", name=op.f('ck_evidence_item_kind_known')),
    sa.CheckConstraint('kind <> \'source_passage\' OR (source_id IS NOT NULL AND start >= 0 AND start < "end")', name=op.f('ck_evidence_item_passage_has_offsets')),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_evidence_item_source_id_source')),
    sa.ForeignKeyConstraint(['verdict_id'], ['verdict.id'], name=op.f('fk_evidence_item_verdict_id_verdict')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_item'))
    )
    with op.batch_alter_table('evidence_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_item_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_item_verdict_id'), ['verdict_id'], unique=False)

    op.create_table('review_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('verdict_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['review_claim.id'], name=op.f('fk_review_event_claim_id_review_claim')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_review_event_user_id_user')),
    sa.ForeignKeyConstraint(['verdict_id'], ['verdict.id'], name=op.f('fk_review_event_verdict_id_verdict')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_event'))
    )
    with op.batch_alter_table('review_event', schema=None) as batch_op:
        batch_op.create_index('ix_review_event_claim_id_created_at', ['claim_id', 'created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('review_event', schema=None) as batch_op:
        batch_op.drop_index('ix_review_event_claim_id_created_at')

    op.drop_table('review_event')
    with op.batch_alter_table('evidence_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_item_verdict_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_item_source_id'))

    op.drop_table('evidence_item')
    with op.batch_alter_table('verdict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verdict_claim_id'))

    op.drop_table('verdict')
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.drop_index('ix_review_comment_claim_id_created_at')

    op.drop_table('review_comment')
    with op.batch_alter_table('review_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_claim_text_id'))
        batch_op.drop_index('ix_review_claim_project_id_status')
        batch_op.drop_index('ix_review_claim_project_id_priority')
        batch_op.drop_index(batch_op.f('ix_review_claim_assignee_id'))

    op.drop_table('review_claim')
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_project_id'))

    op.drop_table('source')
