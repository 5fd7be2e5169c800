"""Reads and writes at the request edge: which requests take SQLite's write lock before they read
(``lms.core.db.hold_write_lock``), and the guard that a read never writes."""
from __future__ import annotations

from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = ("INSERT", "UPDATE", "DELETE")


class ReadWrote(RuntimeError):
    """A GET (or HEAD) tried to change the database: reads must be servable from a replica."""


def needs_write_lock(method: str) -> bool:
    return method not in SAFE_METHODS


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_writes_in_reads(conn, cursor, statement, parameters, context, executemany):
    """GETs never write (the pipeline commits only changes, so a write in a read would vanish silently).

    Checked where ``LMS_READS_NEVER_WRITE`` is on — the tests and development — so a read that writes
    fails loudly at the statement instead of losing its write.
    """
    if (has_request_context() and request.method in SAFE_METHODS
            and current_app.config.get("LMS_READS_NEVER_WRITE")
            and statement.lstrip()[:6].upper() in WRITES):
        raise ReadWrote(f"{request.method} {request.path} wrote: {statement[:80]}")
