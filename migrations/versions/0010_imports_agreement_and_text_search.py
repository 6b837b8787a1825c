"""Imports keep their rejected lines; texts keep their agreement; full-text search over title and content.

Search objects are not in the models (SQLAlchemy has no type for them) and tests/test_migrations.py leaves
exactly these out of its comparison:
- SQLite: the FTS5 table `text_search` (external content: `text`, rowid = text.id) and its triggers. A
  later batch migration of `text` recreates the table and drops the triggers: recreate them after it
  (create_sqlite_search(rebuild=True)).
- PostgreSQL: the stored generated column `text.search_vector` and its GIN index `ix_text_search_vector`.
Both read the title and the first SEARCH_CHARS characters of the content (a tsvector holds at most 1 MB).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 21:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

SEARCH_CHARS = 200_000
SQLITE_SEARCH = [
    # Prefix indexes: the last word is searched as a prefix, and a short one ("su*") would otherwise merge
    # the lists of thousands of words.
    "CREATE VIRTUAL TABLE text_search USING fts5(title, content, content='text', content_rowid='id', "
    "prefix='2 3 4', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER text_search_insert AFTER INSERT ON text BEGIN "
    f"INSERT INTO text_search(rowid, title, content) VALUES (new.id, new.title, substr(new.content, 1, {SEARCH_CHARS})); "
    f"END",
    f"CREATE TRIGGER text_search_delete AFTER DELETE ON text BEGIN "
    f"INSERT INTO text_search(text_search, rowid, title, content) "
    f"VALUES ('delete', old.id, old.title, substr(old.content, 1, {SEARCH_CHARS})); END",
    f"CREATE TRIGGER text_search_update AFTER UPDATE OF title, content ON text BEGIN "
    f"INSERT INTO text_search(text_search, rowid, title, content) "
    f"VALUES ('delete', old.id, old.title, substr(old.content, 1, {SEARCH_CHARS})); "
    f"INSERT INTO text_search(rowid, title, content) VALUES (new.id, new.title, substr(new.content, 1, {SEARCH_CHARS})); "
    f"END",
]


def create_sqlite_search(rebuild: bool) -> None:
    for statement in SQLITE_SEARCH:
        op.execute(statement)
    if rebuild:
        # Index the texts already stored (the external content table reads them through the triggers' columns).
        op.execute(f"INSERT INTO text_search(rowid, title, content) "
                   f"SELECT id, title, substr(content, 1, {SEARCH_CHARS}) FROM text")


def upgrade() -> None:
    with op.batch_alter_table("text_import") as batch:
        batch.add_column(sa.Column("rejections", sa.JSON(), nullable=True))
    op.execute(sa.text("UPDATE text_import SET rejections = '[]'"))
    with op.batch_alter_table("text_import") as batch:
        batch.alter_column("rejections", existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table("text") as batch:
        batch.add_column(sa.Column("agreement", sa.Float(), nullable=True))
    op.create_index("ix_text_project_id_id", "text", ["project_id", "id"])
    op.create_index("ix_text_project_id_title_id", "text", ["project_id", "title", "id"])
    op.create_index("ix_text_project_id_char_count_id", "text", ["project_id", "char_count", "id"])
    op.create_index("ix_text_project_id_agreement_id", "text", ["project_id", "agreement", "id"])
    if op.get_bind().dialect.name == "sqlite":
        create_sqlite_search(rebuild=True)
    else:
        op.execute(f"ALTER TABLE text ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                   f"(to_tsvector('simple'::regconfig, title || ' ' || left(content, {SEARCH_CHARS}))) STORED")
        op.execute("CREATE INDEX ix_text_search_vector ON text USING gin (search_vector)")
        # With the default statistics a word outside the 1,000 most common is guessed at 0.5% of the texts,
        # and PostgreSQL then walks the ids waiting for matches that are far rarer; ten times the sample keeps
        # the guess close enough that it reads the GIN index instead.
        op.execute("ALTER TABLE text ALTER COLUMN search_vector SET STATISTICS 1000")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("text_search_insert", "text_search_delete", "text_search_update"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE text_search")
    else:
        op.execute("DROP INDEX ix_text_search_vector")
        op.execute("ALTER TABLE text DROP COLUMN search_vector")
    op.drop_index("ix_text_project_id_agreement_id", "text")
    op.drop_index("ix_text_project_id_char_count_id", "text")
    op.drop_index("ix_text_project_id_title_id", "text")
    op.drop_index("ix_text_project_id_id", "text")
    with op.batch_alter_table("text") as batch:
        batch.drop_column("agreement")
    with op.batch_alter_table("text_import") as batch:
        batch.drop_column("rejections")
