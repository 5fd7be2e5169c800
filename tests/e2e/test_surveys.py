"""End to end at a phone's size: a province admin writes a course evaluation from the template and publishes
it, a teacher of the batch finds it on the home page and answers (first with a required question left empty),
and the admin reads the results with their charts."""
from __future__ import annotations

import re

import pytest

from tests.e2e.test_roles import world  # noqa: F401

pytestmark = pytest.mark.e2e


def test_admin_publishes_teacher_answers_admin_reads_results(screens, world):  # noqa: F811
    screen = next(screens(["phone"]))
    page = screen.page
    page.on("dialog", lambda dialog: dialog.accept())

    screen.sign_in("e2e_province")
    screen.nav("/surveys")
    screen.check("surveys")
    with page.expect_navigation():
        page.click("a[href$='/surveys/new?template=course']")
    page.select_option("#target_id", f"batch:{world['batch']}")
    screen.check("new-from-template")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "草稿已保存" in page.inner_text("main")
    survey_path = re.search(r"/surveys/\d+", page.url).group(0)
    screen.check("draft")
    with page.expect_navigation():
        page.click("main form[action$='/publish'] button")
    assert "问卷已发布" in page.inner_text("main")
    screen.close()

    screen = next(screens(["phone"]))
    page = screen.page
    screen.sign_in("e2e_teacher")
    assert "待填写的问卷" in page.inner_text("main")
    screen.check("home-with-survey")
    with page.expect_navigation():
        page.click(f"main a[href='{survey_path}/answer']")
    assert "匿名问卷" in page.inner_text("main")
    screen.check("answer")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator(".invalid-feedback").count() == 4  # the four required questions
    screen.check("answer-refused")
    fieldsets = page.locator("main fieldset")
    for i in range(fieldsets.count()):
        fieldset = fieldsets.nth(i)
        if fieldset.locator("label.btn").count():      # a scale: its buttons are labels
            fieldset.locator("label.btn").nth(3).click()
        elif fieldset.locator("input[type=radio]").count():
            fieldset.locator("input[type=radio]").first.check()
        elif fieldset.locator("input[type=checkbox]").count():
            fieldset.locator("input[type=checkbox]").nth(1).check()
        else:
            fieldset.locator("textarea").fill("多一些课堂实录")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "答卷已提交" in page.inner_text("main")
    screen.check("answered")
    screen.close()

    screen = next(screens(["phone"]))
    page = screen.page
    screen.sign_in("e2e_province")
    page.goto(screen.base + survey_path + "/results")
    page.wait_for_selector(".survey-chart svg")
    text = page.inner_text("main")
    assert "多一些课堂实录" in text and "50.0%" in text  # 1 of the batch's 2 learners answered
    screen.check("results")
