"""JSON API of the credit record (docs/API.md, "Continuing-education credits")."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("credits_api", __name__, url_prefix="/api/v1")
