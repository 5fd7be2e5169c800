"""End to end: a learner reads the grade page (each component, what is missing); an admin's dashboard
draws its chart and drills down."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms.core import clock
from tests.factories import PASSWORD
from tests.programme import Programme

pytestmark = pytest.mark.e2e


@pytest.fixture
def graded(app, make):
    from lms.extensions import db
    from lms.tracking.models import StudyTotal

    tree = make.tree()
    make.admin(tree["city1"], username="e2e_city")
    learner = make.user(tree["school111"], "teacher", username="e2e_grade", name="成绩学员")
    programme = Programme(app)
    today = clock.local_today(app.config["LMS_TIMEZONE"])
    batch = programme.batch(programme.project(), number=1, starts_on=today - timedelta(days=3))
    klass = programme.klass(batch, programme.course(minutes=100))
    programme.seats_down_to(batch, tree, "school111", 2)
    enrollment = programme.enroll(klass, learner)
    with app.app_context():
        now = clock.now()
        db.session.add(StudyTotal(enrollment_id=enrollment, credited_seconds=58 * 60.0, day_seconds=0.0,
                                  started_at=now, updated_at=now))
        db.session.commit()
    return {"batch": batch, "enrollment": enrollment}


def sign_in(page, base, username):
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


def test_grade_page_and_dashboard(live_server, browser, graded):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server, "e2e_grade")
    page.goto(f"{live_server}/grades/{graded['enrollment']}")
    text = page.inner_text("main")
    assert "29" in text  # 58 of 100 minutes: 29 of the 50 study points
    assert "42" in text  # … and 42 more minutes for full marks, said in words
    page.close()

    admin = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(admin, live_server, "e2e_city")
    admin.goto(f"{live_server}/reports?batch={graded['batch']}")
    admin.wait_for_selector("#participation-chart svg", timeout=10000)
    assert "区县11" in admin.inner_text("main")
    admin.click("table a:has-text(\"区县11\")")
    admin.wait_for_selector("table a:has-text(\"学校111\")")
    admin.close()
