"""An area's statistics on the home page and the dashboard are shared for STATISTICS_SECONDS (lms.core.cache):
computed once per window of the product's clock, per unit, and shown with the moment they were computed."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms.core import clock
from lms.core.cache import cache
from lms.extensions import db
from lms.org.models import OrgUnit
from lms.reports import queries
from tests.helpers import count_statements, sign_in
from tests.reports.conftest import DURING


@pytest.fixture
def shared(app):
    app.config["STATISTICS_SECONDS"] = 30
    with app.app_context():
        cache.clear()
    yield
    app.config["STATISTICS_SECONDS"] = 0
    with app.app_context():
        cache.clear()


def _figures(app, unit, batch):
    with app.app_context():
        root = db.session.get(OrgUnit, unit.id)
        with count_statements(app) as seen:
            _rows, line, as_of = queries.area_figures(db.session, root, [batch])
        db.session.remove()
    return line, as_of, len(seen)


def _study(app, enrollment, minutes):
    from lms.tracking.models import StudyTotal

    with app.app_context():
        now = clock.now()
        db.session.merge(StudyTotal(enrollment_id=enrollment, credited_seconds=minutes * 60.0, day_seconds=0.0,
                                    started_at=now, updated_at=now))
        db.session.commit()


def test_figures_are_computed_once_a_window_per_unit(app, stats, shared):
    city1, city2, batch = stats["tree"]["city1"], stats["tree"]["city2"], stats["batch"]
    with clock.frozen_at(DURING):
        line, as_of, statements = _figures(app, city1, batch)
        assert (line["enrolled"], line["started"], as_of, statements > 0) == (4, 2, clock.now(), True)
        _study(app, stats["enrollments"]["B"], 10)  # B starts: city 1 has 3 started learners now
        assert _figures(app, city1, batch) == (line, as_of, 0)  # the same window: kept, nothing read
        other, _at, statements = _figures(app, city2, batch)
        assert (other["enrolled"], other["started"], statements > 0) == (1, 0, True)  # each unit its own
        clock.travel(timedelta(seconds=30))
        renewed, renewed_at, statements = _figures(app, city1, batch)
        assert (renewed["started"], renewed_at, statements > 0) == (3, clock.now(), True)


def test_without_sharing_every_request_computes(app, stats):
    city1, batch = stats["tree"]["city1"], stats["batch"]
    with clock.frozen_at(DURING):
        assert _figures(app, city1, batch)[0]["started"] == 2
        _study(app, stats["enrollments"]["B"], 10)
        assert _figures(app, city1, batch)[0]["started"] == 3


def test_pages_say_when_their_figures_were_computed(app, stats, shared):
    client = app.test_client()
    sign_in(client, stats["admins"]["city1"])
    with clock.frozen_at(DURING):
        shown = DURING.strftime("%H:%M:%S")
        dashboard = client.get(f"/reports?batch={stats['batch']}").get_data(as_text=True)
        assert f"数据截至 {shown}，每 30 秒更新一次。" in dashboard
        home = client.get("/").get_data(as_text=True)
        assert f"数据截至 {shown}，每 30 秒更新一次。" in home
        clock.travel(timedelta(minutes=5))
        later = client.get(f"/reports?batch={stats['batch']}").get_data(as_text=True)
        assert f"数据截至 {(DURING + timedelta(minutes=5)).strftime('%H:%M:%S')}" in later


def test_a_store_that_does_not_answer_costs_a_computation_not_an_error(app, shared, monkeypatch):
    import redis

    from lms.core.cache import recent

    def refuse(*_args, **_kwargs):
        raise redis.ConnectionError("Redis is away")

    monkeypatch.setattr(cache, "get", refuse)
    monkeypatch.setattr(cache, "set", refuse)
    computed = []
    with app.app_context(), clock.frozen_at(DURING):
        assert recent("figure", lambda: computed.append(1) or 7) == (7, clock.now())
        assert recent("figure", lambda: computed.append(1) or 8)[0] == 8
    assert len(computed) == 2
