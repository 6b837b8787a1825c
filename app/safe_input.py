"""Checks every door applies to outside input: JSON that a database can store, text characters, URLs."""
import json
import math
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

# Deeper nesting is no record of ours; refusing it early beats a RecursionError halfway through a file.
MAX_JSON_DEPTH = 64
# PostgreSQL cannot store NUL in text or JSON, and a lone surrogate cannot be written as UTF-8.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# In a text also the other control characters, except tab and newlines (C0, DEL and C1).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
URL_SCHEMES = ("http", "https")
_TOO_DEEP = f"not valid JSON: nested more than {MAX_JSON_DEPTH} levels deep"


class InputError(ValueError):
    """Input refused; `path` names the value inside a JSON document (None: the document as a whole)."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path


class NotJson(InputError):
    """Input that is not JSON at all (or not UTF-8, or nested too deeply to read)."""


def character_problem(value: str, *, pattern: re.Pattern[str] = _CONTROL) -> str | None:
    """Why a text cannot be stored (a control character or a lone surrogate, with its position), or None."""
    found = pattern.search(value)
    if found is None:
        return None
    char = found.group()
    what = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "the control character"
    return f"contains {what} U+{ord(char):04X} at character {found.start()}"


def url_problem(url: str) -> str | None:
    """Why a link to a source is refused (only absolute http and https URLs are kept), or None."""
    if problem := character_problem(url):
        return problem
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
        return "must be an http:// or https:// address"
    return None


def parse_json(data: str | bytes) -> Any:
    """json.loads for outside input: refuses non-UTF-8 bytes, nesting past MAX_JSON_DEPTH, NaN and
    Infinity, and strings with NUL or lone surrogates.

    :raises InputError: with the position (syntax) or the path of the value (content) that is refused.
    """
    if isinstance(data, bytes):
        data = decode_utf8(data)
    try:
        value = json.loads(data)
    except json.JSONDecodeError as exc:
        raise NotJson(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise NotJson(_TOO_DEEP) from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise NotJson("not valid JSON: a number has too many digits") from None
    _check_storable(value)
    return value


def decode_utf8(data: bytes) -> str:
    """:raises NotJson: naming the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotJson(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at byte {exc.start})") from None


def _check_storable(value: Any) -> None:
    # Almost every document passes: check it fast, and walk it again with paths only to name a problem.
    if not _is_storable(value, 0):
        _raise_unstorable(value)


def _is_storable(value: Any, depth: int) -> bool:
    """Whether _raise_unstorable would pass `value` at `depth`; recursion stops at MAX_JSON_DEPTH.

    Integers and clean strings inside containers are settled inline: a call per leaf would cost more
    than the check (a JSONL file of spans holds millions of them).
    """
    kind = type(value)
    if kind is dict:
        if depth >= MAX_JSON_DEPTH:
            return False
        for key, child in value.items():
            if _UNSTORABLE.search(key) is not None:
                return False
            child_kind = type(child)
            if child_kind is int or (child_kind is str and _UNSTORABLE.search(child) is None):
                continue
            if not _is_storable(child, depth + 1):
                return False
        return True
    if kind is list:
        if depth >= MAX_JSON_DEPTH:
            return False
        for child in value:
            child_kind = type(child)
            if child_kind is int or (child_kind is str and _UNSTORABLE.search(child) is None):
                continue
            if not _is_storable(child, depth + 1):
                return False
        return True
    if kind is str:
        return _UNSTORABLE.search(value) is None
    if kind is float:
        return math.isfinite(value)
    # Subclasses (never from json.loads, possible from other callers) take the careful walk.
    return kind in (int, bool, type(None))


def _raise_unstorable(value: Any) -> None:
    pending: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while pending:
        item, path = pending.pop()
        if isinstance(item, (dict, list)) and len(path) >= MAX_JSON_DEPTH:
            raise NotJson(_TOO_DEEP)
        if isinstance(item, str):
            if problem := character_problem(item, pattern=_UNSTORABLE):
                raise InputError(problem, _dotted(path))
        elif isinstance(item, float) and not math.isfinite(item):
            raise InputError("must be a finite number (NaN and Infinity are not JSON)", _dotted(path))
        elif isinstance(item, dict):
            for key, child in item.items():
                if problem := character_problem(key, pattern=_UNSTORABLE):
                    raise InputError(f"a key {problem}", _dotted(path))
                pending.append((child, (*path, key)))
        elif isinstance(item, list):
            pending.extend((child, (*path, index)) for index, child in enumerate(item))


def _dotted(path: tuple[str | int, ...]) -> str | None:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or None


def json_lines(lines: Iterable[bytes | str]) -> Iterator[tuple[int, Any]]:
    """Number (from 1) and parse JSONL lines, skipping blank ones; a bad line yields its InputError instead.

    Bytes are decoded here, one line at a time, so one undecodable line costs only that line.
    """
    for number, raw in enumerate(lines, start=1):
        try:
            line = decode_utf8(raw) if isinstance(raw, bytes) else raw
            if number == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                continue
            yield number, parse_json(line)
        except InputError as exc:
            yield number, exc
