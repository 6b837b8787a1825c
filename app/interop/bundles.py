"""What an import reads from: one file, a folder or a zip, behind one small interface."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from app.errors import Invalid


class Bundle:
    """Named files, read whole or line by line (lines split on \\n only, as JSONL wants)."""

    name: str

    def names(self) -> list[str]:
        raise NotImplementedError

    def read(self, name: str) -> bytes:
        raise NotImplementedError

    def lines(self, name: str) -> Iterator[bytes]:
        """Undecoded: readers decode each line on its own, so a bad byte costs that line, reported by number."""
        yield from io.BytesIO(self.read(name))


class FileBundle(Bundle):
    def __init__(self, path: Path) -> None:
        self.path, self.name = path, path.name

    def names(self) -> list[str]:
        return [self.path.name]

    def read(self, name: str) -> bytes:
        return self.path.read_bytes()

    def lines(self, name: str) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            yield from handle


class BytesBundle(Bundle):
    """An uploaded file: a zip is opened as a folder, anything else is one file."""

    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name = data, name

    def names(self) -> list[str]:
        return [self.name]

    def read(self, name: str) -> bytes:
        return self.data


class FolderBundle(Bundle):
    def __init__(self, path: Path) -> None:
        self.path, self.name = path, path.name

    def names(self) -> list[str]:
        return sorted(p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file())

    def read(self, name: str) -> bytes:
        return (self.path / name).read_bytes()


class ZipBundle(Bundle):
    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive, self.name = archive, name

    def names(self) -> list[str]:
        return sorted(info.filename for info in self.archive.infolist()
                      if not info.is_dir() and not info.filename.startswith("__MACOSX/"))

    def read(self, name: str) -> bytes:
        return self.archive.read(name)


def open_path(path: Path) -> Bundle:
    if path.is_dir():
        return FolderBundle(path)
    if zipfile.is_zipfile(path):
        return ZipBundle(_zip(path, path.name), path.stem)
    return FileBundle(path)


def open_upload(data: bytes, filename: str) -> Bundle:
    """:raises Invalid: the upload starts like a zip but is not one."""
    if data[:4] == b"PK\x03\x04":
        return ZipBundle(_zip(io.BytesIO(data), filename), PurePosixPath(filename).stem or "upload")
    return BytesBundle(data, filename or "upload")


def _zip(source: Path | io.BytesIO, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        raise Invalid(f"{name} looks like a zip but cannot be opened ({exc}).",
                      errors={"file": ["Not a readable zip."]}) from exc
