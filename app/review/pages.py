"""Editor pages."""
from flask import Blueprint

blueprint = Blueprint("review", __name__)
