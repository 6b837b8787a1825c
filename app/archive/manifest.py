"""The archive's manifest and the checks an archive passes before a single row of it is read into the database."""
import hashlib
import json
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from alembic.script import ScriptDirectory
from alembic.util import CommandError

from app.archive.tables import ArchivedTable
from app.errors import Invalid

FORMAT = "factspan-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_MAX_BYTES = 1 << 20
CHUNK = 1 << 16


def member_name(table_name: str) -> str:
    return f"tables/{table_name}.jsonl"


def _refused(message: str, reason: str = "bad_archive") -> Invalid:
    return Invalid(message, reason=reason)


def open_archive(source: IO[bytes]) -> zipfile.ZipFile:
    """:raises Invalid: not a zip, or a damaged or truncated one."""
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _refused(f"This is not a readable factspan archive: the zip is damaged or truncated ({exc}).") from exc


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The manifest, checked for its format.

    :raises Invalid: missing, too large, not JSON, or another format or format version.
    """
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise _refused("This zip has no manifest.json, so it is not a factspan archive.") from None
    if info.file_size > MANIFEST_MAX_BYTES:
        raise _refused("The archive's manifest.json is implausibly large.")
    try:
        manifest = json.loads(archive.read(info))
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _refused(f"The archive's manifest.json cannot be read: {exc}.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refused("The manifest does not describe a factspan archive.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise _refused(f"This archive has format version {manifest.get('format_version')!r}; this factspan reads "
                       f"version {FORMAT_VERSION}.", reason="archive_version")
    project = manifest.get("project")
    if not isinstance(project, dict) or not isinstance(project.get("name"), str) or not isinstance(
            project.get("id"), int):
        raise _refused("The manifest does not name the archived project.")
    return manifest


def check_revision(manifest: dict[str, Any], *, scripts: ScriptDirectory, database_revision: str | None) -> None:
    """The archive must come from the schema this database is at (the head this factspan knows).

    :raises Invalid: a newer or unknown revision, an older one, or a database not at the head.
    """
    revision, head = manifest.get("alembic_revision"), scripts.get_current_head()
    if revision != head:
        try:
            known = isinstance(revision, str) and scripts.get_revision(revision) is not None
        except CommandError:
            known = False
        if not known:
            raise _refused(f"This archive was written at database revision {revision!r}, which this factspan does not "
                           f"know (it knows up to {head}): it comes from a newer factspan; upgrade this one first.",
                           reason="archive_revision")
        raise _refused(f"This archive was written at database revision {revision}, older than this factspan's {head}. "
                       "Upgrade the source installation (factspan init runs its migrations), export again, and "
                       "import that archive.", reason="archive_revision")
    if database_revision != head:
        raise _refused(f"This database is at revision {database_revision!r}, not {head}: upgrade it first "
                       "(factspan archive import does that for an empty database).", reason="database_revision")


def check_members(archive: zipfile.ZipFile, manifest: dict[str, Any], plan: list[ArchivedTable]) -> None:
    """Every member is one the plan expects, listed with its row count and sha256, and its bytes match.

    Nothing is ever extracted to disk, yet a path like ../../etc/passwd is refused here all the same.
    :raises Invalid: an unexpected or duplicated member, a table list that differs, or a checksum that does not match.
    """
    tables = manifest.get("tables")
    expected = [entry.name for entry in plan]
    if not isinstance(tables, list) or [t.get("name") if isinstance(t, dict) else None for t in tables] != expected:
        raise _refused("The archive's table list is not the one this factspan writes at the same revision.")
    allowed = {MANIFEST} | {member_name(name) for name in expected}
    names = archive.namelist()
    for name in names:
        if name not in allowed:
            raise _refused(f"The archive holds an unexpected member {name!r}; nothing was imported.")
    if len(names) != len(set(names)):
        raise _refused("The archive holds the same member twice; nothing was imported.")
    for table in tables:
        digest, rows = _digest(archive, member_name(table["name"]))
        if digest != table.get("sha256") or rows != table.get("rows"):
            raise _refused(f"The archive's {member_name(table['name'])} does not match its manifest (sha256 or row "
                           "count differs): the file was damaged or altered; nothing was imported.",
                           reason="archive_checksum")


def _digest(archive: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest, rows = hashlib.sha256(), 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                digest.update(chunk)
                rows += chunk.count(b"\n")
    except KeyError:
        raise _refused(f"The archive lacks {name}, which its manifest lists; nothing was imported.") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _refused(f"The archive's {name} cannot be read ({exc}); nothing was imported.") from exc
    return digest.hexdigest(), rows


def member_lines(archive: zipfile.ZipFile, table_name: str) -> Iterator[bytes]:
    """A verified member's rows, one line at a time."""
    with archive.open(member_name(table_name)) as member:
        yield from member
