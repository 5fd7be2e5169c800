"""Reads and writes at the request edge: which requests take SQLite's write lock before they read
(``lms.core.db.hold_write_lock``), the guard that a read never writes, and which reads go to the replica."""
from __future__ import annotations

from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from lms.core.db import READ_ENGINE, REPLICA_BIND
from lms.extensions import db

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


# Set on a browser's response to a change; while it lasts its reads stay on the primary (its own writes).
PIN_COOKIE = "lms_primary"


def choose_read_engine() -> None:
    """Before anything reads (``lms.create_app`` installs it with a replica only): a GET of a route marked
    ``replica=True`` reads from the replica, when one is configured (``LMS_DATABASE_REPLICA_URL``) and the
    browser made no change in the last seconds."""
    if (request.method not in SAFE_METHODS or not current_app.config.get("DATABASE_REPLICA_URL")
            or request.cookies.get(PIN_COOKIE)):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "replica", False):
        request.environ[READ_ENGINE] = db.engines[REPLICA_BIND]


def pin_writers_to_primary(response):
    """A change that went through keeps this browser's reads on the primary for ``REPLICA_PIN_SECONDS``, so a
    page read right after shows it whatever the replica's lag. (An API client without cookies is not pinned:
    the marked routes are those where a second's lag harms nobody.)"""
    if (request.method not in SAFE_METHODS and response.status_code < 400
            and current_app.config.get("DATABASE_REPLICA_URL")):
        response.set_cookie(PIN_COOKIE, "1", max_age=current_app.config["REPLICA_PIN_SECONDS"], httponly=True,
                            samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response
