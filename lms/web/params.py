"""Query-string numbers for pages: an id or a page that no row can match is simply absent, never a 500."""
from __future__ import annotations

from flask import request

from lms.web.api import MAX_PAGE
from lms.web.converters import MAX_ID


def arg_id(name: str) -> int | None:
    """``?name=`` as an object id (1..2^31-1, the INTEGER keys), or None when missing or not one."""
    value = request.args.get(name, "")
    if not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def arg_page(name: str = "page") -> int:
    """``?page=`` between 1 and the last page any list may have; anything else is the first page."""
    value = request.args.get(name, "")
    if not value.isdigit() or len(value) > 7:
        return 1
    return min(max(int(value), 1), MAX_PAGE)
