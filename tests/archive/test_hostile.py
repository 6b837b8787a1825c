"""`factspan archive import` refuses a damaged, altered or foreign archive with a clear error and writes nothing."""
import hashlib
import io
import json
import zipfile

import pytest
from sqlalchemy import func, select

from app.archive.service import archived_tables
from tests.archive.conftest import run_import


def _counts(session) -> dict[str, int]:
    return {e.name: session.scalar(select(func.count()).select_from(e.table)) for e in archived_tables()}


def _rebuilt(archive: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
             manifest: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = (replace or {}).get(name, source.read(name))
            if name == "manifest.json" and manifest is not None:
                data = json.dumps({**json.loads(data), **manifest}).encode()
            target.writestr(name, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _altered_text_member(archive: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        return source.read("tables/text.jsonl").replace(b"Putin", b"Tupin", 1)


HOSTILE = {
    "zip slip": (lambda a: _rebuilt(a, add={"../../evil.jsonl": b"{}\n"}), "unexpected member '../../evil.jsonl'"),
    "absolute path": (lambda a: _rebuilt(a, add={"/etc/cron.d/evil": b"x"}), "unexpected member '/etc/cron.d/evil'"),
    "altered member": (lambda a: _rebuilt(a, replace={"tables/text.jsonl": _altered_text_member(a)}),
                       "tables/text.jsonl does not match its manifest"),
    "newer revision": (lambda a: _rebuilt(a, manifest={"alembic_revision": "9999"}),
                       "'9999', which this factspan does not know"),
    "older revision": (lambda a: _rebuilt(a, manifest={"alembic_revision": "0006"}),
                       "revision 0006, older than this factspan's"),
    "other format version": (lambda a: _rebuilt(a, manifest={"format_version": 2}), "format version 2"),
    "manifest without a project": (lambda a: _rebuilt(a, manifest={"project": ["Seed project"]}),
                                   "does not name the archived project"),
    "truncated zip": (lambda a: a[: len(a) // 2], "damaged or truncated"),
    "not a zip": (lambda a: b"PK\x03\x04 certainly not a zip", "damaged or truncated"),
    "no manifest": (lambda a: _without_manifest(a), "has no manifest.json"),
}


def _without_manifest(archive: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name != "manifest.json":
                target.writestr(name, source.read(name))
    return out.getvalue()


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_archive_is_refused_and_nothing_is_written(case, desk, runner, session, tmp_path):
    damage, message = HOSTILE[case]
    before = _counts(session)
    result = run_import(runner, tmp_path, damage(desk.archive))
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert _counts(session) == before


def test_a_row_that_does_not_fit_its_table_rolls_back_the_whole_import(desk, runner, session, tmp_path):
    """An archive re-signed after tampering passes the checksums; the bad row still stops the import, and the
    rows of the tables before it go too."""
    with zipfile.ZipFile(io.BytesIO(desk.archive)) as source:
        lines = source.read("tables/span.jsonl").splitlines(keepends=True)
        manifest = json.loads(source.read("manifest.json"))
    row = json.loads(lines[-1])
    lines[-1] = (json.dumps({**row, "colour": "red"}) + "\n").encode()
    member = b"".join(lines)
    for table in manifest["tables"]:
        if table["name"] == "span":
            table["sha256"] = hashlib.sha256(member).hexdigest()
    before = _counts(session)
    result = run_import(runner, tmp_path, _rebuilt(desk.archive, replace={"tables/span.jsonl": member},
                                                manifest={"tables": manifest["tables"]}))
    assert result.exit_code == 1, result.output
    assert f"tables/span.jsonl line {len(lines)}: a row of span must be an object with exactly its columns" in (
        result.output)
    assert _counts(session) == before
