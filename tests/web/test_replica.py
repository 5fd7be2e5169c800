"""Reads that may lag go to the replica (LMS_DATABASE_REPLICA_URL): the routes marked ``replica=True`` read from
it, every other route and every change from the primary, and a browser that just changed something reads its
own writes from the primary. Two SQLite files stand in for a primary and its streaming replica."""
from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from flask import request
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import InternalError, OperationalError, ProgrammingError

from lms import create_app
from lms.core.db import READ_ENGINE, REPLICA_BIND, make_read_only
from lms.extensions import db
from lms.org.models import OrgUnit
from lms.web import locking
from tests.factories import Factories
from tests.helpers import sign_in

ROOT = Path(__file__).resolve().parents[2]
SAFE = {"GET", "HEAD", "OPTIONS"}


@pytest.fixture
def two_databases(tmp_path):
    """An app on primary.sqlite3 whose replica is a copy taken after the seeding; then the primary renames the
    province, so which name a page shows tells which database it read."""
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    app = create_app({"TESTING": True, "JOBS": "manual", "SECRET_KEY": "k", "SERVER_NAME": "lms.test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{primary}", "DATABASE_REPLICA_URL": f"sqlite:///{replica}",
                      "ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1, "RATELIMIT_STORAGE_URI": "memory://",
                      "LMS_READS_NEVER_WRITE": True})
    with app.app_context():
        db.create_all()
    make = Factories(app)
    tree = make.tree()
    admin = make.admin(tree["province"])
    with sqlite3.connect(primary) as source, sqlite3.connect(replica) as copy:
        source.backup(copy)  # the replica as it streamed up to here
    with app.app_context():
        db.session.get(OrgUnit, tree["province"].id).name = "江苏省（主库）"
        db.session.commit()
    yield app, admin
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def statements_per_engine(app) -> dict:
    counts = {"primary": 0, "replica": 0}
    with app.app_context():
        for name, engine in (("primary", db.engines[None]), ("replica", db.engines[REPLICA_BIND])):
            event.listen(engine, "before_cursor_execute",
                         lambda *_args, name=name: counts.__setitem__(name, counts[name] + 1))
    return counts


def test_a_marked_route_reads_the_replica_and_others_the_primary(two_databases):
    app, admin = two_databases
    counts = statements_per_engine(app)
    client = app.test_client()
    signed_in = sign_in(client, admin)
    # A change (signing in is one) pins this browser's reads to the primary for a while.
    assert any(c.startswith(f"{locking.PIN_COOKIE}=1;") for c in signed_in.headers.getlist("Set-Cookie"))
    pinned = client.get("/reports")
    assert pinned.status_code == 200 and "江苏省（主库）" in pinned.get_data(as_text=True)

    client.delete_cookie(locking.PIN_COOKIE, domain="lms.test")
    before = dict(counts)
    lagging = client.get("/reports")
    body = lagging.get_data(as_text=True)
    assert lagging.status_code == 200 and "江苏省（主库）" not in body and "江苏省" in body
    assert counts["primary"] == before["primary"], "the marked page read (the signed-in user too) from the replica"
    assert counts["replica"] > before["replica"]

    before = dict(counts)
    units = client.get("/org/units/", follow_redirects=True)
    assert units.status_code == 200 and "江苏省（主库）" in units.get_data(as_text=True)
    assert counts["replica"] == before["replica"], "an unmarked page reads only the primary"

    # The API's marked reads alike: public certificate verification asks the replica.
    before = dict(counts)
    assert client.get("/api/v1/certificates/NO-SUCH-CODE").status_code == 404
    assert counts["replica"] > before["replica"] and counts["primary"] == before["primary"]


def test_a_write_on_a_replica_route_is_impossible(two_databases):
    app, _admin = two_databases
    with app.test_request_context("/reports", method="GET"):
        locking.choose_read_engine()
        assert db.session.get_bind() is db.engines[REPLICA_BIND]
        with pytest.raises(locking.ReadWrote):  # the guard that reads never write (tests, development)
            db.session.execute(text("UPDATE org_unit SET name = 'x'"))
        db.session.rollback()
        app.config["LMS_READS_NEVER_WRITE"] = False
        try:
            with pytest.raises(OperationalError, match="readonly"):  # and the replica's connections refuse
                db.session.execute(text("UPDATE org_unit SET name = 'x'"))
            db.session.rollback()
        finally:
            app.config["LMS_READS_NEVER_WRITE"] = True
    # A change on a marked address (none exists, but a POST never reads the replica) goes to the primary.
    with app.test_request_context("/reports", method="POST"):
        locking.choose_read_engine()
        assert READ_ENGINE not in request.environ
        assert db.session.get_bind() is db.engines[None]


def test_without_a_replica_everything_reads_the_primary(app):
    with app.test_request_context("/verify/ABC", method="GET"):
        locking.choose_read_engine()
        assert READ_ENGINE not in request.environ
        assert REPLICA_BIND not in db.engines and db.session.get_bind() is db.engine


def marked_rules(app) -> list:
    return [rule for rule in app.url_map.iter_rules() if getattr(app.view_functions[rule.endpoint], "replica", False)]


def test_only_reads_are_marked_and_the_deployment_guide_lists_them(app):
    rules = marked_rules(app)
    assert len(rules) >= 10
    assert all(rule.methods <= SAFE for rule in rules), [r.rule for r in rules if not r.methods <= SAFE]
    guide = (ROOT / "docs" / "DEPLOYMENT.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Beyond one server"):]
    section = section[:section.find("\n## ", 3)] if "\n## " in section[3:] else section
    listed = set(re.findall(r"`GET (/[^`]+)`", section))
    shown = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in rules}
    assert shown == listed, (sorted(shown - listed), sorted(listed - shown))


def test_a_postgresql_replica_connection_refuses_writes():
    url = os.environ.get("LMS_TEST_DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs LMS_TEST_DATABASE_URL on PostgreSQL")
    from lms.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    make_read_only(engine)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
            with pytest.raises((InternalError, ProgrammingError, OperationalError), match="read-only"):
                conn.execute(text("CREATE TABLE replica_write_probe (id integer)"))
    finally:
        engine.dispose()
