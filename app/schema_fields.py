"""marshmallow fields shared by the domains' schemas."""
from typing import Any

from marshmallow import fields, validate

from app.db import MAX_INT


def db_integer(*, minimum: int = 0, **kwargs: Any) -> fields.Integer:
    """An integer the database can store or compare: past the INTEGER range it is a 422, not a database error."""
    return fields.Integer(validate=validate.Range(min=minimum, max=MAX_INT), **kwargs)
