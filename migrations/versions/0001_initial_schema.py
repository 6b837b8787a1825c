"""Initial schema: users, projects, annotation schema versions, texts, assignments, annotation sets, spans, history.

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 05:28:09.090388
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('annotation_schema_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schema_id', sa.String(length=100), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=50), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('source_path', sa.String(length=500), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation_schema_version')),
    sa.UniqueConstraint('schema_id', 'revision', name=op.f('uq_annotation_schema_version_schema_id_revision')),
    sa.UniqueConstraint('schema_id', 'sha256', name=op.f('uq_annotation_schema_version_schema_id_sha256'))
    )
    with op.batch_alter_table('annotation_schema_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annotation_schema_version_schema_id'), ['schema_id'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('annotator', 'reviewer', 'editor', 'admin')", name=op.f('ck_user_role_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('username', name=op.f('uq_user_username'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_api_token_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_api_token_token_sha256'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('annotation_schema_version_id', sa.Integer(), nullable=False),
    sa.Column('annotators_per_text', sa.Integer(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('annotators_per_text >= 1', name=op.f('ck_project_annotators_per_text_positive')),
    sa.ForeignKeyConstraint(['annotation_schema_version_id'], ['annotation_schema_version.id'], name=op.f('fk_project_annotation_schema_version_id_annotation_schema_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('name', name=op.f('uq_project_name'))
    )
    op.create_table('text_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=1000), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_count', sa.Integer(), nullable=False),
    sa.Column('skipped_count', sa.Integer(), nullable=False),
    sa.Column('rejected_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_text_import_created_by_id_user')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_text_import_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text_import'))
    )
    with op.batch_alter_table('text_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_text_import_project_id'), ['project_id'], unique=False)

    op.create_table('text',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('source_url', sa.String(length=2000), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('char_count', sa.Integer(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('adjudication_status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("adjudication_status IN ('pending', 'in_progress', 'adjudicated')", name=op.f('ck_text_adjudication_status_known')),
    sa.ForeignKeyConstraint(['import_id'], ['text_import.id'], name=op.f('fk_text_import_id_text_import')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_text_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text')),
    sa.UniqueConstraint('project_id', 'sha256', name=op.f('uq_text_project_id_sha256'))
    )
    with op.batch_alter_table('text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_text_import_id'), ['import_id'], unique=False)
        batch_op.create_index('ix_text_project_id_external_id', ['project_id', 'external_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text_id', sa.Integer(), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('not_started', 'draft', 'submitted')", name=op.f('ck_assignment_status_known')),
    sa.ForeignKeyConstraint(['annotator_id'], ['user.id'], name=op.f('fk_assignment_annotator_id_user')),
    sa.ForeignKeyConstraint(['text_id'], ['text.id'], name=op.f('fk_assignment_text_id_text')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('text_id', 'annotator_id', name=op.f('uq_assignment_text_id_annotator_id'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_annotator_id_status', ['annotator_id', 'status'], unique=False)

    op.create_table('annotation_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('annotation_schema_version_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['annotation_schema_version_id'], ['annotation_schema_version.id'], name=op.f('fk_annotation_set_annotation_schema_version_id_annotation_schema_version')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_annotation_set_assignment_id_assignment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation_set')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_annotation_set_assignment_id'))
    )
    op.create_table('annotation_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('annotation_set_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('set_version', sa.Integer(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['annotation_set_id'], ['annotation_set.id'], name=op.f('fk_annotation_event_annotation_set_id_annotation_set')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_annotation_event_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation_event'))
    )
    with op.batch_alter_table('annotation_event', schema=None) as batch_op:
        batch_op.create_index('ix_annotation_event_annotation_set_id_created_at', ['annotation_set_id', 'created_at'], unique=False)

    op.create_table('span',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('annotation_set_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.CheckConstraint('start < "end"', name=op.f('ck_span_start_before_end')),
    sa.CheckConstraint('start >= 0', name=op.f('ck_span_start_not_negative')),
    sa.ForeignKeyConstraint(['annotation_set_id'], ['annotation_set.id'], name=op.f('fk_span_annotation_set_id_annotation_set')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_span'))
    )
    with op.batch_alter_table('span', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_span_annotation_set_id'), ['annotation_set_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('span', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_span_annotation_set_id'))

    op.drop_table('span')
    with op.batch_alter_table('annotation_event', schema=None) as batch_op:
        batch_op.drop_index('ix_annotation_event_annotation_set_id_created_at')

    op.drop_table('annotation_event')
    op.drop_table('annotation_set')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_annotator_id_status')

    op.drop_table('assignment')
    with op.batch_alter_table('text', schema=None) as batch_op:
        batch_op.drop_index('ix_text_project_id_external_id')
        batch_op.drop_index(batch_op.f('ix_text_import_id'))

    op.drop_table('text')
    with op.batch_alter_table('text_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_text_import_project_id'))

    op.drop_table('text_import')
    op.drop_table('project')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
    op.drop_table('user')
    with op.batch_alter_table('annotation_schema_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annotation_schema_version_schema_id'))

    op.drop_table('annotation_schema_version')
