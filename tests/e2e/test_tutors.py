"""End to end at phone size: a teacher applies to be a tutor, its school's, district's and city's admins approve
in turn, and a learner finds the new tutor in the library."""
from __future__ import annotations

import pytest

from tests.tutors.conftest import PROFILE

pytestmark = pytest.mark.e2e


def test_apply_three_approvals_then_in_the_library(screens, make):
    tree = make.tree()
    make.user(tree["school111"], "teacher", username="e2e_applicant", name="欧阳老师", subject="数学", stage="初中")
    make.user(tree["school112"], "teacher", username="e2e_learner", name="李老师", subject="数学", stage="初中")
    for unit in ("school111", "county11", "city1"):
        make.admin(tree[unit], username=f"e2e_{unit}")

    screen = next(screens(["phone"]))
    page = screen.page
    screen.sign_in("e2e_applicant")
    screen.nav("/tutors/")
    with page.expect_navigation():
        page.click('main a[href="/tutors/apply"]')
    page.fill("#subjects", "数学")
    page.check('input[name=stages][value="初中"]')
    page.fill("#topics", "、".join(PROFILE["topics"]))
    page.fill("#introduction", PROFILE["introduction"])
    page.fill("#sample_url", PROFILE["sample_url"])
    screen.check("apply")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "等待学校审核" in page.inner_text("#application-status")
    screen.check("submitted")

    for unit in ("school111", "county11", "city1"):
        screen = next(screens(["phone"]))
        page = screen.page
        screen.sign_in(f"e2e_{unit}")
        screen.nav("/tutors/reviews")
        screen.check(f"queue-{unit}")
        with page.expect_navigation():
            page.click('main a:has-text("欧阳老师")')
        screen.check(f"application-{unit}")
        with page.expect_navigation():
            page.click('main button:has-text("通过")')
        assert "欧阳老师" not in page.inner_text("main .list-group >> nth=0")  # nothing waits any more

    screen = next(screens(["phone"]))
    page = screen.page
    screen.sign_in("e2e_learner")
    screen.nav("/tutors/")
    assert "欧阳老师" in page.inner_text("main")
    screen.check("library")
    with page.expect_navigation():
        page.click('main a:has-text("欧阳老师") >> nth=0')
    assert "函数" in page.inner_text("main")
    screen.check("profile")
