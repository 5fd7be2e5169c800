"""Test helpers: an API client that signs in with bearer tokens, and page sign-in."""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import event, inspect, text
from sqlalchemy.exc import OperationalError

from lms.core import clock
from lms.extensions import db
from tests.factories import PASSWORD

# Every test runs on a pinned clock, whatever the machine's date (CI also runs the suite under faketime
# on other dates): time flows from this moment; a test that needs another moment freezes or moves it.
PINNED_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def pin_clock() -> None:
    """Back to the pinned, running clock (never to the machine's)."""
    clock.start_at(PINNED_NOW)


class ApiClient:
    def __init__(self, app, make):
        self.app = app
        self.make = make
        self.client = app.test_client()
        self._tokens: dict[int, str] = {}

    def token_for(self, user) -> str:
        if user.id not in self._tokens:
            r = self.client.post("/api/v1/auth/token", json={"username": user.username, "password": PASSWORD})
            assert r.status_code == 200, r.get_json()
            self._tokens[user.id] = r.get_json()["token"]
        return self._tokens[user.id]

    def call(self, method: str, path: str, user=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if user is not None:
            headers["Authorization"] = f"Bearer {self.token_for(user)}"
        return self.client.open("/api/v1" + path, method=method, headers=headers, **kwargs)

    def get(self, path, user=None, **kw):
        return self.call("GET", path, user, **kw)

    def post(self, path, user=None, **kw):
        return self.call("POST", path, user, **kw)

    def put(self, path, user=None, **kw):
        return self.call("PUT", path, user, **kw)

    def patch(self, path, user=None, **kw):
        return self.call("PATCH", path, user, **kw)


class StatementCount:
    """What ``count_statements`` saw: the SQL statements sent, in order (``len()`` is their number)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)

    @property
    def count(self) -> int:
        return len(self.statements)

    def __repr__(self) -> str:
        return f"{len(self)} statements:\n" + "\n".join(s.split("\n")[0][:160] for s in self.statements)


@contextmanager
def count_statements(app):
    """Count the SQL statements the app's engine sends inside the block (SQLAlchemy's
    ``before_cursor_execute`` event; an ``executemany`` is one statement). Transaction control (BEGIN,
    COMMIT, SAVEPOINT) is not a statement here. For tests bounding a page's statements: the count must
    not grow with the number of rows shown. Not timed: statement counts do not depend on the machine."""
    with app.app_context():
        engine = db.engine
    seen = StatementCount()

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client, user, password: str = PASSWORD):
    page = client.get("/login")
    token = csrf_token(page.get_data(as_text=True))
    r = client.post("/login", data={"username": user.username, "password": password, "csrf_token": token})
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    return r


def assert_error(response, status: int, code: str):
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:500])
    body = response.get_json()
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body


def empty_tables(app) -> None:
    """Empty every table of the schema (TRUNCATE on PostgreSQL), children before parents; forget the jobs
    recorded and not run (``manual`` mode), whose rows are gone."""
    app.extensions.pop("lms_jobs", None)
    with app.app_context():
        db.session.remove()
        for attempt in range(5):
            try:
                _empty(db.engine)
                return
            except OperationalError as error:
                # A browser test's server may still be answering a last beacon or heartbeat: on PostgreSQL its
                # reads can deadlock with the TRUNCATE's table locks, and the server picks one side to fail.
                if "deadlock" not in str(error).lower() or attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))


def _empty(engine) -> None:
    # The write lock before the first read: a browser test's server may still be answering a last beacon,
    # and a transaction that read first fails at once when that writer commits (lms.core.db.hold_write_lock).
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        existing = set(inspect(conn).get_table_names())
        tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name in existing]
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))
