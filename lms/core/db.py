"""The declarative base, the shared column types and the SQLite connection set-up."""
from __future__ import annotations

import select
import sqlite3
import time
from datetime import timezone

from flask import has_request_context, request
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import Pool
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# The request's environ key naming the engine its reads go to: set by lms.web.locking for a GET route marked
# ``replica=True`` when a replica is configured; absent, the primary.
READ_ENGINE = "lms.read_engine"
REPLICA_BIND = "replica"


class RoutingSession(FlaskSession):
    """``db.session``: a request marked for the replica reads (every statement) from it."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and has_request_context():
            engine = request.environ.get(READ_ENGINE)
            if engine is not None:
                return engine
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


def make_read_only(engine) -> None:
    """Every connection of ``engine`` refuses writes: a replica URL that points at a primary by mistake stays safe,
    and a SQLite file standing in for a replica (the tests) behaves like PostgreSQL's hot standby."""
    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection, _record):
        sqlite = isinstance(dbapi_connection, sqlite3.Connection)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only = ON" if sqlite else "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cursor.close()
        if not sqlite and getattr(dbapi_connection, "autocommit", True) is False:
            dbapi_connection.commit()  # the driver opened a transaction for the SET: keep it by ending it


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite keeps no offset, so values are stored as UTC and tagged UTC on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event below issue BEGIN, so a write can ask for IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(connection):
    if connection.dialect.name != "sqlite":
        return
    mode = connection.get_execution_options().get("sqlite_begin", "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


# A pooled server connection is pinged before use only when it may have gone stale: it sat unused longer than
# this, or the server sent it something while it sat (a server that shuts down or ends the session says so
# before closing). A busy pool, whose connections come back within milliseconds, skips the round trip that
# SQLAlchemy's ``pool_pre_ping`` spent on every checkout (docs/PERFORMANCE.md, "Heartbeat").
PING_AFTER_IDLE_SECONDS = 10.0
_IDLE_SINCE = "lms_idle_since"


@event.listens_for(Pool, "connect")
def _fresh(dbapi_connection, record):
    record.info[_IDLE_SINCE] = time.monotonic()


@event.listens_for(Pool, "checkin")
def _returned(dbapi_connection, record):
    if dbapi_connection is not None:
        record.info[_IDLE_SINCE] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_if_stale(dbapi_connection, record, _proxy):
    """Raising DisconnectionError makes the pool drop this connection and hand out a new one."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        return
    since = record.info.get(_IDLE_SINCE)
    if since is not None and time.monotonic() - since < PING_AFTER_IDLE_SECONDS and _quiet(dbapi_connection):
        return
    try:
        _ping(dbapi_connection)
    except Exception as error:  # noqa: BLE001 - whatever the driver raises, the connection is no good
        raise DisconnectionError(f"stale pooled connection: {error}") from error


def _quiet(dbapi_connection) -> bool:
    """The connection is open and nothing arrived on it while it sat in the pool (a 0-second poll, no traffic)."""
    if getattr(dbapi_connection, "closed", False):
        return False
    try:
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except (AttributeError, OSError, ValueError):
        return False
    return not readable


def _ping(dbapi_connection) -> None:
    autocommit = getattr(dbapi_connection, "autocommit", None)
    if autocommit is False:
        dbapi_connection.autocommit = True  # SELECT 1 must not open a transaction
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
    finally:
        if autocommit is False and not getattr(dbapi_connection, "closed", False):
            dbapi_connection.autocommit = False


WRITE_LOCK = "sqlite_write_lock"


def hold_write_lock(session) -> None:
    """Begin the session's transaction holding SQLite's write lock (a request that may write).

    A transaction that reads first and writes later fails at once with "database is locked" when another
    writer committed in between (WAL's busy snapshot: busy_timeout does not help), so requests that change
    state take the lock first and queue behind each other for up to busy_timeout instead.
    """
    if isinstance(session, scoped_session):
        session = session()
    if session.get_bind().dialect.name != "sqlite" or session.info.get(WRITE_LOCK):
        return
    if session.in_transaction():
        # Never commit here: whoever opened the transaction owns it. A request takes the lock at its start
        # (``lms.create_app``), a command before its first read, so this happens only where nobody races.
        return
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
    session.info[WRITE_LOCK] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_write_lock(session, transaction):
    if transaction.parent is None:
        session.info.pop(WRITE_LOCK, None)
