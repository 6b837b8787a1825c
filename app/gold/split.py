"""Deterministic train/dev/test assignment from a hash of each text id."""
import hashlib
import os
import re
from itertools import accumulate
from pathlib import Path

DEFAULT_SPLIT_NAMES = ("train", "dev", "test")
_SAFE_SPLIT_NAME = re.compile(r"[A-Za-z0-9_\-]+")
_HASH_RANGE = 1 << 64
_PERCENT = re.compile(r"\s*[0-9]+\s*")


def parse_split(spec: str) -> tuple[int, ...]:
    """Parse "80/10/10" into (80, 10, 10).

    :raises ValueError: a part is not a non-negative integer, or the parts do not add up to 100.
    """
    parts = spec.split("/")
    if not all(_PERCENT.fullmatch(part) for part in parts):
        raise ValueError(f"Split {spec!r} must be whole percentages separated by '/', e.g. 80/10/10")
    ratios = tuple(int(part) for part in parts)
    if sum(ratios) != 100:
        raise ValueError(f"Split {spec!r} adds up to {sum(ratios)}, not 100")
    return ratios


def assign_split(text_id: str, ratios: tuple[int, ...], names: tuple[str, ...] = DEFAULT_SPLIT_NAMES) -> str:
    """The split of one text, from sha256(text_id) alone, so it never moves when other texts come or go.

    :raises ValueError: ratios do not add up to 100, are negative, or outnumber the names.
    """
    if len(ratios) > len(names) or any(r < 0 for r in ratios) or sum(ratios) != 100:
        raise ValueError(f"Split ratios {ratios} must be non-negative, add up to 100 and name at most {names}")
    digest = hashlib.sha256(text_id.encode("utf-8")).digest()
    # Integer comparison of the hash, read as a fraction of 2**64, with the cumulative percentages.
    position = int.from_bytes(digest[:8], "big") * 100
    return next(name for name, cumulative in zip(names, accumulate(ratios)) if position < cumulative * _HASH_RANGE)


def split_suffixed_path(path: str | os.PathLike[str], split_name: str) -> Path:
    """out/gold.jsonl -> out/gold.train.jsonl; without a suffix, out/gold -> out/gold.train.

    :raises ValueError: the split name is not a plain word usable in a file name.
    """
    if not _SAFE_SPLIT_NAME.fullmatch(split_name):
        raise ValueError(f"Split name {split_name!r} may only hold letters, digits, '_' and '-'")
    path = Path(path)
    return path.with_name(f"{path.stem}.{split_name}{path.suffix}")
