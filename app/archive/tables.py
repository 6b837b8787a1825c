"""Which tables an archive carries, derived from the models' metadata so that a new table is never dropped silently.

Every table of `Base.metadata` is exactly one of:
- the root, `project`;
- owned: it has a foreign key to the root or to another owned table (found by following the keys, so a
  table added later that hangs off a project's rows is archived without anyone listing it);
- shared: rows several projects use, matched on import by a natural key instead of their id;
- excluded: named below with the reason, because its rows must not travel.
A table that is none of these stops every export, and tests/archive/test_tables.py fails.
"""
from dataclasses import dataclass

from sqlalchemy import ColumnElement, ForeignKey, MetaData, Table, false, or_, select, union

ROOT = "project"

# Shared tables and the columns that identify one of their rows in any database.
SHARED_KEYS: dict[str, tuple[str, ...]] = {
    "user": ("username",),
    "annotation_schema_version": ("schema_id", "sha256"),
}

# Tables whose rows never travel, with the reason. A table with a foreign key to a project's rows travels unless
# it is listed here: list the ones that describe this installation rather than the project (job rows, idempotency
# keys, rate-limit counters, sessions).
EXCLUDED: dict[str, str] = {
    "api_token": "bearer tokens are credentials; an imported account creates new ones",
    "job": "job rows are this database's work queue; their files stay on the host that wrote them",
    "idempotency_key": "stored answers to retried requests expire within a day and name this database's requests",
    "audit_event": "the audit log records what was done on this database, by its own accounts; the target keeps its own",
}

# Columns replaced on export: an archive carries no credentials.
BLANKED_COLUMNS: dict[str, dict[str, object]] = {
    "user": {"password_hash": None},
}


class UnclassifiedTable(Exception):
    """A model table that the archive neither carries nor excludes."""


@dataclass(frozen=True)
class ArchivedTable:
    """One table of the archive and how its rows belong to a project."""

    table: Table
    kind: str  # "root", "owned" or "shared"
    # For owned tables, the foreign keys to the root or to other owned tables; a row is the project's when
    # any non-null one of them points at one of the project's rows.
    owner_keys: tuple[ForeignKey, ...] = ()

    @property
    def name(self) -> str:
        return self.table.name


def archive_plan(metadata: MetaData) -> list[ArchivedTable]:
    """The archived tables in foreign-key order (parents first).

    :raises UnclassifiedTable: a table is neither archived nor excluded.
    """
    plan: list[ArchivedTable] = []
    # How many keys away from the project each owned table is, so rows are found by the shortest path.
    owned = {ROOT: 0}
    unclassified = []
    for table in metadata.sorted_tables:
        if table.name in EXCLUDED:
            continue
        if table.name == ROOT:
            plan.append(ArchivedTable(table, "root"))
        elif table.name in SHARED_KEYS:
            plan.append(ArchivedTable(table, "shared"))
        else:
            keys = tuple(fk for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name)
                         if fk.column.table.name in owned)
            if keys:
                keys = tuple(sorted(keys, key=lambda fk: owned[fk.column.table.name]))
                owned[table.name] = owned[keys[0].column.table.name] + 1
                plan.append(ArchivedTable(table, "owned", _preferred(keys)))
            else:
                unclassified.append(table.name)
    if unclassified:
        raise UnclassifiedTable(
            f"Table(s) {', '.join(sorted(unclassified))} are neither archived nor excluded: give each a foreign key "
            "to a project's rows, or add it to SHARED_KEYS or EXCLUDED in app/archive/tables.py.")
    return plan


def _preferred(keys: tuple[ForeignKey, ...]) -> tuple[ForeignKey, ...]:
    """The nearest NOT NULL key decides alone (every row has it); otherwise any of the nullable keys may."""
    required = [fk for fk in keys if not fk.parent.nullable]
    return (required[0],) if required else keys


def project_rows(plan: list[ArchivedTable], project_id: int) -> dict[str, ColumnElement[bool]]:
    """For each archived table, the WHERE clause selecting the project's rows (nested IN subqueries)."""
    where: dict[str, ColumnElement[bool]] = {}
    for entry in plan:
        table = entry.table
        if entry.kind == "root":
            where[entry.name] = table.c.id == project_id
        elif entry.kind == "owned":
            clauses = [fk.parent.in_(select(fk.column).where(where[fk.column.table.name])) for fk in entry.owner_keys]
            where[entry.name] = or_(*clauses)
    for entry in plan:
        if entry.kind == "shared":
            where[entry.name] = _referenced(entry.table, plan, where)
    return where


def _referenced(shared: Table, plan: list[ArchivedTable], where: dict[str, ColumnElement[bool]]
                ) -> ColumnElement[bool]:
    """Rows of a shared table that some archived row of the project points at."""
    selects = [select(fk.parent).where(where[entry.name], fk.parent.is_not(None))
               for entry in plan if entry.kind != "shared"
               for fk in entry.table.foreign_keys if fk.column.table is shared]
    if not selects:
        return false()
    return shared.c.id.in_(union(*selects))
