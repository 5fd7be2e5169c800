"""Credit pages: a teacher's record this cycle and claim form; review queues; compliance with drill-down."""
from __future__ import annotations

from flask import Blueprint, url_for
from flask_babel import gettext as _

from lms.credits import policies

bp = Blueprint("credits", __name__)


def nav_entries(user) -> list[tuple[str, str]]:
    return []


def teacher_section(user):
    return None
