"""Which requests take SQLite's write lock before they read (see ``lms.core.db.hold_write_lock``)."""
from __future__ import annotations

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes_on_read(view):
    """Mark a GET handler that stores what it computes (a quiz paper drawn on first look): on SQLite it
    queues for the write lock like a change does, instead of failing with "database is locked" when a
    writer got in between its read and its write."""
    view.writes_on_read = True
    return view


def needs_write_lock(method: str, view) -> bool:
    return method not in SAFE_METHODS or getattr(view, "writes_on_read", False)
