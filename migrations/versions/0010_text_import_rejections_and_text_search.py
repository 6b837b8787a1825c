"""Imports keep their rejected lines for the report page.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-07 21:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("text_import") as batch:
        batch.add_column(sa.Column("rejections", sa.JSON(), nullable=True))
    op.execute(sa.text("UPDATE text_import SET rejections = '[]'"))
    with op.batch_alter_table("text_import") as batch:
        batch.alter_column("rejections", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("text_import") as batch:
        batch.drop_column("rejections")
