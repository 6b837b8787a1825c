"""Stream text records out of .txt files or folders, JSONL and CSV, with per-line rejections."""
import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, BinaryIO

from app.safe_input import InputError, character_problem, json_lines, parse_json, url_problem

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv")
# The longest text imported unless FACTSPAN_MAX_TEXT_CHARS says otherwise (code points).
DEFAULT_MAX_TEXT_CHARS = 1_000_000
# Column sizes of Text (PostgreSQL refuses longer values); longer titles are cut instead.
MAX_EXTERNAL_ID = 200
MAX_SOURCE_URL = 2000


@dataclass(frozen=True)
class TextRecord:
    content: str
    sha256: str
    location: str
    external_id: str | None = None
    title: str = ""
    source_url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejection:
    location: str
    reason: str


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sha256_text(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def make_record(content: str, location: str, *, external_id: Any = None, title: Any = "", source_url: Any = None,
                meta: Any = None) -> TextRecord | Rejection:
    """A record, or why it is refused: an empty text, control characters or lone surrogates, a link that is
    not http(s), or a value of the wrong type or past its column's size."""
    if problem := _field_problem(content, title, external_id, source_url, meta):
        return Rejection(location, problem)
    content = normalise_newlines(content)
    if not content.strip():
        return Rejection(location, "the text is empty")
    return TextRecord(content=content, sha256=sha256_text(content), location=location, external_id=external_id,
                      title=title, source_url=source_url or None, meta=meta or {})


def _field_problem(content: Any, title: Any, external_id: Any, source_url: Any, meta: Any) -> str | None:
    for name, value, optional in (("text", content, False), ("title", title, False), ("id", external_id, True),
                                  ("source_url", source_url, True)):
        if value is None and optional:
            continue
        if not isinstance(value, str):
            return f"'{name}' must be a string"
        if problem := character_problem(value):
            return f"'{name}' {problem}"
    if meta is not None and not isinstance(meta, dict):
        return "'meta' must be an object"
    if external_id is not None and len(external_id) > MAX_EXTERNAL_ID:
        return f"'id' is longer than {MAX_EXTERNAL_ID} characters"
    if source_url:
        if len(source_url) > MAX_SOURCE_URL:
            return f"'source_url' is longer than {MAX_SOURCE_URL} characters"
        if problem := url_problem(source_url):
            return f"'source_url' {problem}"
    return None


def iter_paths(paths: list[Path]) -> Iterator[Path | Rejection]:
    """Expand folders to their supported files, sorted; name what cannot be read."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        elif not path.exists():
            yield Rejection(str(path), "no such file or folder")
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield Rejection(str(path), f"unsupported file type; use {', '.join(SUPPORTED_SUFFIXES)}")
        else:
            yield path


def count_records(paths: list[Path]) -> int:
    """An upper bound on the records in these paths (lines or files), for a progress bar."""
    total = 0
    for item in iter_paths(paths):
        if isinstance(item, Rejection) or item.suffix.lower() == ".txt":
            total += 1
            continue
        with item.open("rb") as handle:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return total


def iter_records(path: Path) -> Iterator[TextRecord | Rejection]:
    with path.open("rb") as handle:
        yield from iter_stream_records(handle, str(path))


def iter_stream_records(handle: BinaryIO, name: str) -> Iterator[TextRecord | Rejection]:
    """Records of one file read from a binary stream, by its name's suffix (.jsonl, .csv, else .txt);
    locations are `name:line`."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".jsonl":
        yield from _iter_jsonl(handle, name)
    elif suffix == ".csv":
        yield from _iter_csv(handle, name)
    else:
        yield _read_txt(handle, name)


def _read_txt(handle: BinaryIO, name: str) -> TextRecord | Rejection:
    stem = PurePath(name).stem
    try:
        content = handle.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Rejection(name, f"not valid UTF-8 (byte {exc.start})")
    return make_record(content, name, title=stem, external_id=stem[:MAX_EXTERNAL_ID])


def _optional_str(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int)):
        raise ValueError(f"'{name}' must be a string")
    return str(value)


def record_from_mapping(data: Any, location: str) -> TextRecord | Rejection:
    """Validate one JSONL object or CSV row into a record."""
    if not isinstance(data, dict):
        return Rejection(location, "each line must be a JSON object")
    text = data.get("text")
    if text is None:
        return Rejection(location, "missing field 'text'")
    if not isinstance(text, str):
        return Rejection(location, "'text' must be a string")
    meta = data.get("meta") or {}
    if isinstance(meta, str):
        try:
            meta = parse_json(meta)
        except InputError as exc:
            return Rejection(location, f"'meta' is {exc}")
    try:
        external_id = _optional_str(data.get("id"), "id")
        title = _optional_str(data.get("title"), "title") or ""
        source_url = _optional_str(data.get("source_url"), "source_url") or None
    except ValueError as exc:
        return Rejection(location, str(exc))
    return make_record(text, location, external_id=external_id, title=title, source_url=source_url, meta=meta)


def _iter_jsonl(handle: BinaryIO, name: str) -> Iterator[TextRecord | Rejection]:
    for number, data in json_lines(handle):
        location = f"{name}:{number}"
        yield Rejection(location, str(data)) if isinstance(data, InputError) else record_from_mapping(data, location)


def _iter_csv(raw: BinaryIO, name: str) -> Iterator[TextRecord | Rejection]:
    stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
    try:
        reader = csv.DictReader(stream)
        if reader.fieldnames is None or "text" not in reader.fieldnames:
            yield Rejection(f"{name}:1", "the header has no 'text' column")
            return
        for row in reader:
            yield record_from_mapping(row, f"{name}:{reader.line_num}")
    except UnicodeDecodeError as exc:
        # A CSV cell may span lines, so an encoding error ends the file rather than one row.
        yield Rejection(name, f"not valid UTF-8 (byte {exc.start}); the rest of the file was skipped")
    except csv.Error as exc:
        yield Rejection(name, f"malformed CSV: {exc}")
    finally:
        stream.detach()  # the caller owns the underlying stream
