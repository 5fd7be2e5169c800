"""Fixtures: one app and schema per test session, every table emptied between tests.

The database comes from LMS_TEST_DATABASE_URL (PostgreSQL in CI), else a SQLite file.
"""
from __future__ import annotations

import os
import tempfile

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text

from lms import create_app
from lms.core import clock
from lms.extensions import db, limiter
from tests.factories import Factories
from tests.helpers import empty_tables, pin_clock

# Property tests judge correctness, not speed: a busy machine must not fail them for being slow.
settings.register_profile("lms", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lms")

_tmp = tempfile.mkdtemp(prefix="lms-test-")
os.environ.setdefault("LMS_INSTANCE_PATH", _tmp)


def _database_url() -> str:
    url = os.environ.get("LMS_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{_tmp}/test.sqlite3"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(url, worker) if worker and url.startswith("postgres") else url


def _worker_database(url: str, worker: str) -> str:
    """Parallel runs on PostgreSQL (``-n 2``): each worker gets a fresh database of its own beside the given
    one (``<name>_gw0`` …), since every test empties the tables it shares."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from lms.config import normalise_database_url

    given = make_url(normalise_database_url(url))
    name = f"{given.database}_{worker}"
    admin = create_engine(given.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


TEST_CONFIG = {
    "TESTING": True,
    "JOBS": "manual",  # transcoding jobs are only recorded: tests that want them call lms.core.jobs.run_recorded
    "SQLALCHEMY_DATABASE_URI": None,  # set below
    "SECRET_KEY": "test-secret",
    # Cheap hashes keep the suite fast; production keeps OWASP's parameters (tested separately).
    "ARGON2_MEMORY_KIB": 1024,
    "ARGON2_TIME_COST": 1,
    "RATELIMIT_STORAGE_URI": "memory://",
    "SERVER_NAME": "lms.test",
    "LMS_READS_NEVER_WRITE": True,  # a GET that writes fails the test that made it
    # An area's statistics are computed on every request (tests/reports/test_figure_cache.py turns sharing on).
    "STATISTICS_SECONDS": 0,
}


@pytest.fixture(scope="session")
def app():
    from lms.config import normalise_database_url

    config = dict(TEST_CONFIG, SQLALCHEMY_DATABASE_URI=normalise_database_url(_database_url()))
    app = create_app(config)
    with app.app_context():
        from flask_migrate import downgrade, upgrade

        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        else:
            downgrade(revision="base")
        upgrade()
    return app


@pytest.fixture(autouse=True)
def _clean(request):
    """Pin the clock; afterwards empty every table and reset the clock and the rate limits."""
    pin_clock()
    yield
    clock.reset()
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        limiter.reset()
    empty_tables(app)


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield app


@pytest.fixture
def make(app):
    return Factories(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api(app, make):
    from tests.helpers import ApiClient

    return ApiClient(app, make)
