"""URL converters: ids in URLs stay inside the range every database's INTEGER column holds."""
from typing import Any

from werkzeug.routing import IntegerConverter, Map

from app.db import MAX_INT


def at_most(limit: int) -> str:
    """A regex matching the decimal numbers 0..limit (leading zeros allowed) and nothing else."""
    digits = str(limit)
    shorter = [f"[0-9]{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    same_length = [
        f"{digits[:i]}[0-{int(digit) - 1}][0-9]{{{len(digits) - i - 1}}}"
        for i, digit in enumerate(digits) if digit != "0"
    ]
    return f"0*(?:{'|'.join([*shorter, *same_length, digits])})"


class IdConverter(IntegerConverter):
    """`<int:…>` for every rule. A number past the range matches no rule, so it answers 404 (not 405 from a
    sibling rule with other methods, nor 500 from the database)."""

    regex = at_most(MAX_INT)

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, *args, **kwargs)
        self.max = MAX_INT if self.max is None else min(self.max, MAX_INT)
