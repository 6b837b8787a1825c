"""Read an uploaded .jsonl, .csv, .txt or a .zip of them as text records, refusing hostile archives."""
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from app.safe_input import character_problem
from app.texts.readers import SUPPORTED_SUFFIXES, Rejection, TextRecord, iter_stream_records

UPLOAD_SUFFIXES = (*SUPPORTED_SUFFIXES, ".zip")
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class ZipLimits:
    """What a zip may unpack to: a small archive that inflates past these is a zip bomb."""

    max_members: int = 10_000
    max_total_bytes: int = 1 << 30
    max_member_bytes: int = 256 << 20
    max_ratio: int = 200  # uncompressed / compressed size of one member


class UploadRefused(ValueError):
    """The whole upload is refused (not one line): unreadable zip, bomb, unsupported file type."""


def upload_problem(filename: str) -> str | None:
    """Why an upload's name is refused, or None."""
    if not filename or character_problem(filename):
        return "the file needs a plain name"
    if PurePosixPath(filename).suffix.lower() not in UPLOAD_SUFFIXES:
        return f"unsupported file type; use {', '.join(UPLOAD_SUFFIXES)}"
    return None


def iter_upload_records(stream: BinaryIO, filename: str,
                        limits: ZipLimits = ZipLimits()) -> Iterator[TextRecord | Rejection]:
    """Stream the upload's records; a zip is read member by member, each named `archive.zip/member`.

    :raises UploadRefused: before any record, when the name, the archive or its sizes are refused.
    """
    if problem := upload_problem(filename):
        raise UploadRefused(problem)
    name = PurePosixPath(filename).name
    head = stream.read(4)
    stream.seek(0)
    if name.lower().endswith(".zip") or head == ZIP_MAGIC:
        archive = _open_zip(stream, name, limits)
        return _iter_zip(archive, name)
    return iter_stream_records(stream, name)


def _open_zip(stream: BinaryIO, name: str, limits: ZipLimits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadRefused(f"{name} is not a readable zip ({exc})") from exc
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > limits.max_members:
        raise UploadRefused(f"{name} holds {len(members):,} files; the most is {limits.max_members:,}")
    total = sum(info.file_size for info in members)
    if total > limits.max_total_bytes:
        raise UploadRefused(f"{name} unpacks to {total:,} bytes; the most is {limits.max_total_bytes:,}")
    for info in members:
        if info.file_size > limits.max_member_bytes or (
                info.file_size > 1 << 20 and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
            raise UploadRefused(f"{name}: {_shown(info.filename)} inflates to {info.file_size:,} bytes, "
                                "too much for its size (a zip bomb?)")
    return archive


def _iter_zip(archive: zipfile.ZipFile, name: str) -> Iterator[TextRecord | Rejection]:
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            member = info.filename
            if info.is_dir() or member.startswith("__MACOSX/") or PurePosixPath(member).name.startswith("."):
                continue
            location = f"{name}/{_shown(member)}"
            if problem := _member_problem(member):
                yield Rejection(location, problem)
                continue
            try:
                with archive.open(info) as handle:
                    yield from iter_stream_records(handle, location)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
                # A corrupt or encrypted member costs that member, reported by name.
                yield Rejection(location, f"cannot be read from the zip ({exc})")


def _member_problem(member: str) -> str | None:
    path = PurePosixPath(member)
    if member.startswith("/") or ".." in path.parts or "\\" in member or character_problem(member):
        return "unsafe file name inside the zip; not read"
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return "a zip inside the zip is not read"
    if suffix not in SUPPORTED_SUFFIXES:
        return f"unsupported file type; use {', '.join(SUPPORTED_SUFFIXES)}"
    return None


def _shown(member: str) -> str:
    """A member name safe to show: control characters replaced, length capped."""
    return "".join(ch if ch.isprintable() else "?" for ch in member)[:200]
