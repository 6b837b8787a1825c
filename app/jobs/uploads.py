"""Uploaded files waiting for their job: stored whole under a random name, removed when the job is done with them."""
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from app.errors import Invalid, NotFound

COPY_BYTES = 1024 * 1024


def store_upload(folder: Path, stream: BinaryIO) -> str:
    """Copy an upload into the folder under a new random name; returns that name.

    It is written beside its final name and renamed, so a job never reads half an upload.
    :raises Invalid: the upload is empty (nothing is kept).
    """
    folder.mkdir(parents=True, exist_ok=True)
    name = f"upload-{secrets.token_hex(16)}"
    partial = folder / f".{name}.part"
    with partial.open("wb") as out:
        shutil.copyfileobj(stream, out, COPY_BYTES)
    if partial.stat().st_size == 0:
        partial.unlink()
        raise Invalid("The file is empty.", reason="empty_upload", errors={"upload": ["Empty."]})
    partial.replace(folder / name)
    return name


def discard_uploads(folder: Path, names: list[str]) -> None:
    """Remove stored uploads that no job will read (the job was refused)."""
    for name in names:
        (folder / name).unlink(missing_ok=True)


def upload_path(folder: Path, name: str) -> Path:
    """A stored upload inside the uploads folder. :raises Invalid: the name leaves the folder or is missing."""
    path = (folder / name).resolve()
    if path.parent != folder.resolve() or name.startswith(".") or not path.is_file():
        raise Invalid(f"There is no stored upload '{name}'.", errors={"params": {"upload": ["Unknown upload."]}})
    return path


@contextmanager
def consumed(*paths: Path) -> Iterator[None]:
    """The job's stored uploads, removed once it is done with them whatever the outcome: a job that returns or
    raises has ended. (A worker that dies runs no cleanup, so a retry still finds them.)

    :raises NotFound: an upload is gone (an earlier job on it ended).
    """
    try:
        for path in paths:
            if not path.is_file():
                raise NotFound(f"The uploaded file {path.name} is no longer stored; upload it again.")
        yield
    finally:
        for path in paths:
            path.unlink(missing_ok=True)
