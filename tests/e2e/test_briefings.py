"""End to end at phone size: a county admin starts a briefing from the template of its area's figures, completes
it and publishes it; a school admin of the county reads it in its briefings list."""
from __future__ import annotations

import pytest

from tests.programme import Programme

pytestmark = pytest.mark.e2e


@pytest.fixture
def county(app, make):
    tree = make.tree()
    make.admin(tree["county11"], username="e2e_county", name="区县管理员")
    make.admin(tree["school111"], username="e2e_school")
    learner = make.user(tree["school111"], "teacher", name="简报学员")
    programme = Programme(app)
    batch = programme.batch(programme.project(), number=1)
    klass = programme.klass(batch)
    programme.seats_down_to(batch, tree, "school111", 2)
    programme.enroll(klass, learner)
    return {"batch": batch, "tree": tree}


def test_a_county_briefing_from_the_template_reaches_its_schools(screens, county):
    for screen in screens(("phone",)):
        page = screen.page
        screen.sign_in("e2e_county")
        screen.nav("/briefings")
        page.select_option("#kind", "briefing")
        page.select_option("#period", f"b{county['batch']}")
        screen.check("start")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        body = page.input_value("#body")
        assert "区县11" in body and "学校111" in body  # the county's figures, its schools compared
        page.fill("#body", body + "\n请各校督促未开始学习的教师尽快参训。")
        screen.check("draft")
        with page.expect_navigation():
            page.click("button[name=publish]")
        assert "督促" in page.inner_text("main")
        screen.check("published")

        screen.context.clear_cookies()
        screen.sign_in("e2e_school")
        screen.nav("/briefings")
        assert "区县11" in page.inner_text("main")
        screen.check("school-list")
        with page.expect_navigation():
            page.click("main article a")
        assert "督促未开始学习" in page.inner_text("main")
        screen.check("school-reads")


@pytest.fixture
def tutored(app, make, county):
    tree = county["tree"]
    make.admin(tree["province"], username="e2e_province")
    tutor = make.user(tree["province"], "tutor", name="辅导员甲")
    programme = Programme(app)
    programme.klass(county["batch"], tutor_ids=[tutor.id])
    return county


def test_the_workload_statement_on_a_phone(screens, tutored):
    for screen in screens(("phone",)):
        page = screen.page
        screen.sign_in("e2e_province")
        screen.nav("/workload")
        page.select_option("#batch", str(tutored["batch"]))
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert "辅导员甲" in page.inner_text("main")
        with page.expect_navigation():
            page.click("main th a:has-text('批阅作业')")
        assert "↑" in page.inner_text("main thead") or "↓" in page.inner_text("main thead")
        screen.check("workload")
