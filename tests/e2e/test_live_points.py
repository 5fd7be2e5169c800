"""End to end at phone size: a tutor reads its points, records a review's report and sees it earn its share; a
city admin reads its area's settlement; everyone sees the term's stars (docs/LIVE.md "Points and payment")."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from lms.extensions import db
from lms.live.models import LiveTerm
from tests.helpers import ApiClient
from tests.live.conftest import MONDAY, REPORT, TUESDAY, at, feedback, go, present, schedule, set_title

pytestmark = pytest.mark.e2e


@pytest.fixture
def points_world(app, make):
    t = make.tree()
    w = SimpleNamespace()
    w.tutor = make.user(t["school111"], "tutor", "teacher", name="王导师", username="lp_tutor")
    w.tutor2 = make.user(t["school211"], "tutor", "teacher", name="赵导师", username="lp_tutor2")
    w.learner = make.user(t["school121"], "teacher", name="周老师", username="lp_learner")
    w.own = make.user(t["school112"], "teacher", name="李老师", username="lp_own")
    w.city1 = make.admin(t["city1"], username="lp_city1")
    with app.app_context():
        db.session.add(LiveTerm(name="2026秋季学期", starts_on=date(2026, 9, 1), ends_on=date(2027, 1, 15)))
        db.session.commit()
    api = ApiClient(app, make)
    set_title(app, w.tutor, "leader")
    go(api, at(MONDAY, 10))
    w.lecture = schedule(api, w.tutor)
    w.review = schedule(api, w.tutor, form="review", co_reviewer_ids=[w.tutor2.id],
                        starts_at=at(TUESDAY, 18).isoformat(), ends_at=at(TUESDAY, 19).isoformat())
    for sid, learners in ((w.lecture, (w.learner, w.own)), (w.review, (w.learner,))):
        for learner in learners:
            assert api.post(f"/live/sessions/{sid}/booking", learner).status_code == 201
    for sid, start, people in ((w.lecture, at(MONDAY, 18), ((w.tutor, 90), (w.learner, 90), (w.own, 90))),
                               (w.review, at(TUESDAY, 18), ((w.tutor, 60), (w.tutor2, 60), (w.learner, 60)))):
        for user, minutes in people:
            present(app, sid, user, start, minutes)
    go(api, at(TUESDAY, 21))
    feedback(api, w.lecture, w.learner, 5)
    feedback(api, w.lecture, w.own, 1, "very_dissatisfied")
    feedback(api, w.review, w.learner, 4, "satisfied")
    return w


def test_a_tutor_reads_its_points_and_records_a_report_on_a_phone(screens, points_world):
    w = points_world
    for screen in screens(("phone",)):
        page = screen.page
        screen.sign_in("lp_tutor")
        screen.nav("/live/")
        with page.expect_navigation():
            page.click('main a[href="/live/statement"]')
        summary = page.inner_text("#statement-summary")
        # Lecture 45 + 22.5 + 1.5 (李老师, of the same county, left out) and the review's discussion 15.
        assert "84.00" in summary and "1.2" in summary and "1008.00" in summary, summary
        assert "同校同区学员 1 人不计" in page.inner_text("main")
        screen.check("statement")
        with page.expect_navigation():
            page.click(f'main a[href="/live/sessions/{w.review}"]')
        page.fill("#body", REPORT)
        with page.expect_navigation():
            page.click('form[action$="/report"] button[type=submit]')
        assert "检课报告已提交" in page.inner_text("main")
        screen.check("report")
        page.goto(screen.base + "/live/statement")
        assert "99.00" in page.inner_text("#statement-summary")  # the report's 30, shared with 赵导师
        page.goto(screen.base + "/live/stars")
        assert "王导师" in page.inner_text("#star-tutors")  # two sessions with points, a mean score of 4.5
        screen.check("stars")
    for screen in screens(("phone",)):
        page = screen.page
        screen.sign_in("lp_city1")
        page.goto(screen.base + "/live/")
        with page.expect_navigation():
            page.click('main a[href="/live/settlement"]')
        table = page.inner_text("#settlement")
        assert "王导师" in table and "1188.00" in table and "赵导师" not in table, table
        screen.check("settlement")
