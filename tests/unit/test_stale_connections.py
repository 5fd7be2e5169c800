"""Pooled PostgreSQL connections are pinged only when they may have gone stale (lms.core.db): a busy pool
sends no ``SELECT 1`` before each use, and a connection the server ended is replaced, not handed out."""
from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import create_engine, text

from lms.config import normalise_database_url
from lms.core import db as lms_db

URL = os.environ.get("LMS_TEST_DATABASE_URL", "")
pytestmark = [pytest.mark.postgres, pytest.mark.skipif(not URL.startswith("postgres"), reason="needs PostgreSQL")]


@pytest.fixture
def engine():
    engine = create_engine(normalise_database_url(URL), pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


@pytest.fixture
def pings(monkeypatch):
    seen = []
    real = lms_db._ping

    def counted(connection):
        seen.append(connection)
        real(connection)
    monkeypatch.setattr(lms_db, "_ping", counted)
    return seen


def _backend(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))


def test_a_busy_pool_sends_no_ping(engine, pings):
    first = _backend(engine)
    assert [_backend(engine) for _ in range(5)] == [first] * 5
    assert pings == []


def test_a_connection_idle_for_a_while_is_pinged(engine, pings, monkeypatch):
    first = _backend(engine)
    monkeypatch.setattr(lms_db, "PING_AFTER_IDLE_SECONDS", 0.0)
    assert _backend(engine) == first
    assert len(pings) == 1


def test_a_connection_the_server_ended_is_replaced(engine, pings):
    first = _backend(engine)
    killer = create_engine(normalise_database_url(URL))
    with killer.connect() as connection:
        assert connection.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    killer.dispose()
    time.sleep(0.2)  # the server's farewell reaches the pooled socket
    second = _backend(engine)  # no error: the dead connection is pinged, dropped and replaced
    assert second != first
    assert len(pings) == 1
