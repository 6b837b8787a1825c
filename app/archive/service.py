"""Export one project with every row that belongs to it into a zip of JSON lines, and import such a zip."""
import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, Table, and_, func, insert, select, text, true
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from app.archive.manifest import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    check_members,
    check_revision,
    member_lines,
    member_name,
    open_archive,
    read_manifest,
)
from app.archive.rows import RowDecoder, encode_row
from app.archive.tables import BLANKED_COLUMNS, EXCLUDED, SHARED_KEYS, ArchivedTable, archive_plan, project_rows
from app.db import Base, utcnow
from app.errors import Conflict, Invalid, NotFound
from app.migrate import MIGRATIONS_DIR
from app.texts.models import Project

BATCH = 1000
Progress = Callable[[int, int], None] | None


@dataclass
class ImportReport:
    project_id: int
    project_name: str
    rows: dict[str, int] = field(default_factory=dict)
    # Accounts the archive brought that this database did not have; they have no password yet.
    new_users: list[str] = field(default_factory=list)
    # Accounts matched by username to ones this database already had (kept as they are here).
    existing_users: list[str] = field(default_factory=list)


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS_DIR))


def archived_tables() -> list[ArchivedTable]:
    import app.models  # noqa: F401  every model's table in the metadata

    return archive_plan(Base.metadata)


def export_snapshot(session: Session) -> None:
    """Read every table of the coming export in one snapshot: a row added meanwhile could name a parent the
    archive lacks. Call before the session's first query.

    (SQLite's transaction is one already; a session bound to a connection, as in the tests, runs in its owner's.)
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and isinstance(bind, Engine):
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def export_archive(session: Session, *, project_id: int, out: IO[bytes], progress: Progress = None,
                   all_users: bool = False) -> dict[str, Any]:
    """Write the project's archive to `out` (a zip, streamed a batch of rows at a time); returns its manifest.

    It carries the accounts the project's rows name, or with `all_users` every account (for moving a database).
    :raises NotFound: no such project.
    """
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"There is no project with id {project_id}.")
    plan = archived_tables()
    where = project_rows(plan, project_id)
    if all_users:
        where["user"] = true()
    totals = {e.name: session.scalar(select(func.count()).select_from(e.table).where(where[e.name])) for e in plan}
    total, done = sum(totals.values()), 0
    tables = []
    # The fastest deflate level: texts still shrink about threefold, at a fraction of the default's time.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for entry in plan:
            digest, rows = hashlib.sha256(), 0
            blanked = BLANKED_COLUMNS.get(entry.name, {})
            query = (select(entry.table).where(where[entry.name]).order_by(*entry.table.primary_key.columns)
                     .execution_options(yield_per=BATCH))
            with archive.open(member_name(entry.name), "w", force_zip64=True) as member:
                for batch in session.execute(query).mappings().partitions():
                    # One write per batch: the compressor is called per write, and small calls cost.
                    chunk = b"".join(encode_row({**row, **blanked}) for row in batch)
                    member.write(chunk)
                    digest.update(chunk)
                    rows += len(batch)
                    if progress is not None:
                        progress(done + rows, total)
            done += rows
            tables.append({"name": entry.name, "rows": rows, "sha256": digest.hexdigest()})
            if progress is not None:
                progress(done, total)
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "alembic_revision": _scripts().get_current_head(), "created_at": utcnow().isoformat(),
            "project": {"id": project.id, "name": project.name}, "tables": tables,
            "excluded_tables": EXCLUDED, "blanked_columns": {t: sorted(c) for t, c in BLANKED_COLUMNS.items()},
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def import_archive(session: Session, *, source: IO[bytes], progress: Progress = None) -> ImportReport:
    """Add an archived project to this database, keeping every id of its own rows.

    Users and annotation schema versions are matched by username and by (schema_id, sha256); the others are
    added (users without a password). The whole archive is checked before anything is written; `source` must be
    seekable (a file), since a zip is read from its end. The caller commits, or rolls back on an error.
    :raises Invalid: a damaged, altered or foreign archive, or one from another database revision.
    :raises Conflict: the project's name or any of its rows' ids are already taken here.
    """
    plan = archived_tables()
    with open_archive(source) as archive:
        manifest = read_manifest(archive)
        database_revision = MigrationContext.configure(session.connection()).get_current_revision()
        check_revision(manifest, scripts=_scripts(), database_revision=database_revision)
        check_members(archive, manifest, plan)
        total = sum(table["rows"] for table in manifest["tables"])
        report = ImportReport(project_id=manifest["project"]["id"], project_name=manifest["project"]["name"])
        if session.scalar(select(Project.id).where(Project.name == report.project_name)) is not None:
            raise Conflict(f"This database already has a project named '{report.project_name}': it was imported "
                           "before, or another project bears its name; nothing was imported.", reason="project_exists")
        id_maps: dict[str, dict[int, int]] = {}
        done = 0
        for entry in plan:
            importer = _SharedRows(session, entry, report) if entry.kind == "shared" else _OwnedRows(session, entry)
            decoder = RowDecoder(entry.table)
            count = 0
            for number, line in enumerate(member_lines(archive, entry.name), start=1):
                try:
                    row = decoder.decode(line)
                except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested beyond reason
                    raise Invalid(f"{member_name(entry.name)} line {number}: {exc}", reason="bad_archive") from exc
                importer.add(_remapped(entry.table, row, id_maps, number))
                count += 1
                if progress is not None and count % BATCH == 0:
                    progress(done + count, total)
            importer.finish()
            if entry.kind == "shared":
                id_maps[entry.name] = importer.id_map
            done += count
            report.rows[entry.name] = count
            if progress is not None:
                progress(done, total)
        _advance_sequences(session, plan)
    return report


def _remapped(table: Table, row: dict[str, Any], id_maps: dict[str, dict[int, int]], number: int) -> dict[str, Any]:
    """The row with its references to shared rows turned into this database's ids."""
    for fk in table.foreign_keys:
        mapping = id_maps.get(fk.column.table.name)
        value = row[fk.parent.key]
        if mapping is None or value is None:
            continue
        if value not in mapping:
            raise Invalid(f"{member_name(table.name)} line {number}: {fk.parent.key} {value!r} names a "
                          f"{fk.column.table.name} row the archive does not carry.", reason="bad_archive")
        row[fk.parent.key] = mapping[value]
    return row


def _database_error(table: Table, exc: Exception) -> Invalid:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return Invalid(f"Rows of {table.name} do not fit this database: {detail}", reason="bad_archive")


class _OwnedRows:
    """The project's own rows, inserted in batches with their ids, refused when an id is taken."""

    def __init__(self, session: Session, entry: ArchivedTable) -> None:
        self.session, self.table, self.batch = session, entry.table, []
        # A composite key (none today) is left to the database's own check, which refuses the batch.
        keys = list(entry.table.primary_key.columns)
        self.key = keys[0] if len(keys) == 1 else None

    def add(self, row: dict[str, Any]) -> None:
        self.batch.append(row)
        if len(self.batch) >= BATCH:
            self.finish()

    def finish(self) -> None:
        if not self.batch:
            return
        taken = [] if self.key is None else self.session.scalars(
            select(self.key).where(self.key.in_([row[self.key.key] for row in self.batch])).limit(5)).all()
        if taken:
            raise Conflict(
                f"This database already has {self.table.name} rows with the archive's ids ({', '.join(map(str, taken))}"
                "): an archive keeps its ids, so import it into an empty database, or one holding only other "
                "projects from the same source database; nothing was imported.",
                reason="ids_taken")
        try:
            self.session.execute(insert(self.table), self.batch)
        except (DBAPIError, StatementError) as exc:
            raise _database_error(self.table, exc) from exc
        self.batch = []


class _SharedRows:
    """Rows several projects use: matched by natural key, otherwise added (keeping the id when it is free)."""

    def __init__(self, session: Session, entry: ArchivedTable, report: ImportReport) -> None:
        self.session, self.table, self.report = session, entry.table, report
        self.keys = SHARED_KEYS[entry.name]
        self.blanked = BLANKED_COLUMNS.get(entry.name, {})
        self.id_map: dict[int, int] = {}

    def add(self, row: dict[str, Any]) -> None:
        table, archived_id = self.table, row["id"]
        existing = self.session.scalar(select(table.c.id).where(and_(*(table.c[k] == row[k] for k in self.keys))))
        is_user = table.name == "user"
        if existing is None:
            row = {**row, **self.blanked}
            if self.session.scalar(select(table.c.id).where(table.c.id == archived_id)) is not None:
                del row["id"]
            try:
                existing = self.session.execute(insert(table).values(row)).inserted_primary_key[0]
            except (DBAPIError, StatementError) as exc:
                raise _database_error(table, exc) from exc
            if is_user:
                self.report.new_users.append(row["username"])
        elif is_user:
            self.report.existing_users.append(row["username"])
        self.id_map[archived_id] = existing

    def finish(self) -> None:
        pass


def _advance_sequences(session: Session, plan: list[ArchivedTable]) -> None:
    """PostgreSQL's id sequences do not see explicit ids: move each past the largest id now stored."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    quote = bind.dialect.identifier_preparer.format_table
    for entry in plan:
        if "id" not in entry.table.c:
            continue
        name = quote(entry.table)
        session.execute(text(f"SELECT setval(pg_get_serial_sequence(:name, 'id'), max_id) FROM "
                             f"(SELECT max(id) AS max_id FROM {name}) AS m WHERE max_id IS NOT NULL"),
                        {"name": name})
