"""What one heartbeat costs the database (docs/PERFORMANCE.md "Heartbeat"): a fixed, small number of SQL
statements, counted, not timed. A steady beat is one locked read (which checks the bearer token too) and one
write; the count does not grow with the learner's history."""
from __future__ import annotations

from lms.extensions import db
from tests.helpers import count_statements

# A steady beat on PostgreSQL: the locked read, and the three rows written by one statement. SQLite takes its
# write lock with a statement of its own (BEGIN IMMEDIATE) and writes the three rows one by one.
STEADY = {"postgresql": 2, "sqlite": 5}
# A session's first beat takes the general path: context, rules, the learner's rows, the session's own rows, the
# shared-address count (a few more than the steady beat, still a fixed number).
FIRST_AT_MOST = 16


def _dialect(app) -> str:
    with app.app_context():
        return db.engine.dialect.name


def test_a_steady_beat_is_one_read_and_one_write(app, study):
    s = study["learning"]
    assert s.beat(position=0).status_code == 200
    assert s.beat(position=15, after=15).status_code == 200
    counts = []
    for step in range(2, 8):  # the video is 120 s long
        with count_statements(app) as seen:
            r = s.beat(position=15 * step, after=15)
        assert r.status_code == 200 and r.get_json()["accepted_seconds"] == 15, r.get_json()
        counts.append(len(seen))
    assert counts == [STEADY[_dialect(app)]] * 6, counts


def test_a_first_beat_costs_a_fixed_number_of_statements(app, study):
    s = study["learning"]
    assert s.progress().status_code == 200  # the test client signs in (a token) outside the count
    with count_statements(app) as seen:
        r = s.beat(position=0)
    assert r.status_code == 200 and r.get_json()["reason"] == "first_beat"
    assert len(seen) <= FIRST_AT_MOST, seen.statements
