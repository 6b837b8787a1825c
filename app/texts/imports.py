"""Uploaded imports: run one from a stream (page, API or a background job), list and read them back."""
from collections.abc import Callable, Sequence
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.errors import Invalid, NotFound
from app.texts.models import TextImport
from app.texts.readers import DEFAULT_MAX_TEXT_CHARS
from app.texts.service import ImportReport, import_records, require_project
from app.texts.uploads import UploadRefused, ZipLimits, iter_upload_records

# How many records pass between two progress calls.
PROGRESS_EVERY = 500


def import_upload(
    session: Session,
    *,
    project_id: int,
    stream: BinaryIO,
    filename: str,
    actor_id: int | None,
    progress: Callable[[int], None] | None = None,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    zip_limits: ZipLimits = ZipLimits(),
) -> ImportReport:
    """Import an uploaded .jsonl, .csv, .txt or .zip of them into a project, as `factspan import-texts` does.

    `stream` must be seekable (an upload spooled to disk is). `progress` is called with the number of
    records read so far, every PROGRESS_EVERY records and at the end.

    :raises NotFound: no such project.
    :raises Invalid: the file as a whole is refused (type, unreadable or oversized zip); nothing is stored.
    """
    project = require_project(session, project_id)
    try:
        records = iter_upload_records(stream, filename, zip_limits)
    except UploadRefused as exc:
        raise Invalid(f"{filename or 'The file'}: {exc}.", reason="upload_refused",
                      errors={"file": [str(exc)]}) from exc
    seen = 0

    def on_record() -> None:
        nonlocal seen
        seen += 1
        if progress and seen % PROGRESS_EVERY == 0:
            progress(seen)

    report = import_records(session, project=project, records=records, source=filename,
                            created_by_id=actor_id, on_record=on_record, max_text_chars=max_text_chars)
    if progress:
        progress(seen)
    return report


def list_imports(session: Session, *, project_id: int) -> Sequence[tuple[TextImport, User | None]]:
    """The project's imports, newest first, with who ran them."""
    return session.execute(
        select(TextImport, User).outerjoin(User, User.id == TextImport.created_by_id)
        .where(TextImport.project_id == project_id).order_by(TextImport.id.desc())
    ).all()


def require_import(session: Session, *, project_id: int, import_id: int) -> TextImport:
    """:raises NotFound: no such import in this project."""
    text_import = session.get(TextImport, import_id)
    if text_import is None or text_import.project_id != project_id:
        raise NotFound(f"There is no import {import_id} in this project.")
    return text_import


def split_location(location: str) -> tuple[str, str]:
    """`file.jsonl:12` → (`file.jsonl`, `12`); a location without a line number keeps an empty line."""
    name, _, line = location.rpartition(":")
    return (name, line) if name and line.isdigit() else (location, "")
