"""`factspan archive export PROJECT OUT.zip` and `factspan archive import IN.zip`."""
import os
import tempfile
from pathlib import Path

import click

from app.extensions import db, session


@click.group("archive")
def archive_group() -> None:
    """Carry a project with all its rows to another database (for example from SQLite to PostgreSQL)."""


class _Percent:
    """Prints progress to stderr every tenth of the way, so long runs show they are alive."""

    def __init__(self, verb: str) -> None:
        self.verb, self.shown = verb, 0

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // total if total else 10
        if tenth > self.shown:
            self.shown = tenth
            click.echo(f"{self.verb} {done:,} of {total:,} rows", err=True)


@archive_group.command("export")
@click.argument("project")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--all-users", is_flag=True,
              help="Carry every account of this database, not only those the project's rows name (for a move).")
def export_command(project: str, out: Path, all_users: bool) -> None:
    """Write PROJECT (name or id) with everything that belongs to it to the zip OUT."""
    from app.archive.service import export_archive, export_snapshot
    from app.texts.service import require_project

    current = session()
    export_snapshot(current)
    found = require_project(current, project)
    # Written beside OUT and renamed at the end, so a failed export never leaves a partial archive.
    handle, partial = tempfile.mkstemp(dir=out.resolve().parent, prefix=f".{out.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as stream:
            manifest = export_archive(current, project_id=found.id, out=stream, progress=_Percent("exported"),
                                      all_users=all_users)
        os.replace(partial, out)
    except BaseException:
        os.unlink(partial)
        raise
    rows = sum(table["rows"] for table in manifest["tables"])
    click.echo(f"wrote {out}: project {found.id} '{found.name}', {rows:,} rows in {len(manifest['tables'])} tables "
               f"at database revision {manifest['alembic_revision']}")


@archive_group.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(source: Path) -> None:
    """Add the archived project in SOURCE to this database (an empty one is migrated first)."""
    from app.archive.service import import_archive
    from app.migrate import upgrade_to_head

    if upgrade_to_head(db.engine):
        click.echo("upgraded the database to the latest migration")
    with source.open("rb") as stream:
        report = import_archive(session(), source=stream, progress=_Percent("imported"))
    session().commit()
    click.echo(f"imported project {report.project_id} '{report.project_name}': "
               f"{sum(report.rows.values()):,} rows in {len(report.rows)} tables")
    for name, count in report.rows.items():
        click.echo(f"  {name:<24} {count:>10,}")
    if report.existing_users:
        click.echo(f"accounts already here, kept as they are: {', '.join(report.existing_users)}")
    if report.new_users:
        click.echo(f"new accounts without a password: {', '.join(report.new_users)}\n"
                   "an admin gives each one with: factspan users set-password NAME")
