"""marshmallow schemas for users."""
from marshmallow import Schema, fields


class UserReadSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    active = fields.Boolean()
