"""Convert span offsets between UTF-16 code units (browsers) and code points (stored text)."""

from __future__ import annotations


def _check_offset(offset: int, length: int, unit: str) -> None:
    if isinstance(offset, bool) or not isinstance(offset, int):
        raise TypeError(f"{unit} offset must be an int, not {type(offset).__name__}")
    if offset < 0 or offset > length:
        raise ValueError(f"{unit} offset {offset} is out of range 0..{length}")


def _units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, as JavaScript's ``String.length`` reports it."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def utf16_to_codepoint(text: str, offset: int) -> int:
    """Code-point offset of the UTF-16 ``offset`` into ``text``.

    :raises ValueError: if the offset is out of range or falls inside a surrogate pair.
    """
    _check_offset(offset, utf16_length(text), "UTF-16")
    units = 0
    for index, char in enumerate(text):
        if units == offset:
            return index
        units += _units(char)
        if units > offset:
            raise ValueError(f"UTF-16 offset {offset} falls inside a surrogate pair")
    return len(text)


def codepoint_to_utf16(text: str, offset: int) -> int:
    """UTF-16 offset of the code-point ``offset`` into ``text``.

    :raises ValueError: if the offset is out of range.
    """
    _check_offset(offset, len(text), "code-point")
    return offset + sum(1 for char in text[:offset] if ord(char) > 0xFFFF)
