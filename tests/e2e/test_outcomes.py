"""End to end at phone size: a teacher hands an outcome in with a file, its school takes it in, the tutor
recommends it, the province showcases it; it shows in the showcase and in the school's teaching-research group
space, where a colleague notes its use in lesson preparation."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms.core import clock
from tests.programme import Programme

pytestmark = pytest.mark.e2e


@pytest.fixture
def training(app, make):
    tree = make.tree()
    make.admin(tree["province"], username="e2e_out_province")
    make.admin(tree["school111"], username="e2e_out_school")
    tutor = make.user(tree["province"], "tutor", username="e2e_out_tutor", name="辅导员甲")
    learner = make.user(tree["school111"], "teacher", username="e2e_out_teacher", name="王老师", subject="数学",
                        stage="小学")
    make.user(tree["school111"], "teacher", username="e2e_out_colleague", name="李老师", subject="数学", stage="小学")
    programme = Programme(app)
    today = clock.local_today(app.config["LMS_TIMEZONE"])
    batch = programme.batch(programme.project(), number=1, starts_on=today - timedelta(days=3))
    klass = programme.klass(batch, programme.course(minutes=100), tutor_ids=[tutor.id])
    programme.seats_down_to(batch, tree, "school111", 2)
    programme.enroll(klass, learner)
    return {"batch": batch}


def _open_outcome(screen, title):
    page = screen.page
    page.goto(screen.base + "/outcomes")
    with page.expect_navigation():
        page.click(f'main a:has-text("{title}")')


def test_an_outcome_from_hand_in_to_the_showcase_and_the_group(screens, training, tmp_path):
    design = tmp_path / "圆的面积教学设计.pdf"
    design.write_bytes(b"%PDF-1.4 lesson design")
    title = "《圆的面积》教学设计"
    for screen in screens(("phone",)):
        page = screen.page
        screen.sign_in("e2e_out_teacher")
        screen.nav("/outcomes")
        with page.expect_navigation():
            page.click('main a[href="/outcomes/new"]')
        page.fill("#title", title)
        page.select_option("#kind", "lesson_design")
        page.fill("#description", "第六单元第一课时，用剪拼法推导面积公式")
        page.set_input_files("#file", str(design))
        screen.check("hand-in-form")
        with page.expect_navigation():
            page.click('main button[type=submit]')
        assert "已提交" in page.inner_text("main") or "提交" in page.inner_text("#outcome-state")
        screen.check("handed-in")
        page.context.clear_cookies()

        screen.sign_in("e2e_out_school")
        _open_outcome(screen, title)
        with page.expect_navigation():
            page.click('main form[action$="/accept"] button')
        screen.check("taken-in")
        page.context.clear_cookies()

        screen.sign_in("e2e_out_tutor")
        _open_outcome(screen, title)
        page.fill("#note", "推导过程清晰，值得推广")
        with page.expect_navigation():
            page.click('main form[action$="/recommend"] button')
        page.context.clear_cookies()

        screen.sign_in("e2e_out_province")
        _open_outcome(screen, title)
        with page.expect_navigation():
            page.click('main form[action$="/showcase"] button')
        screen.check("showcased")
        page.context.clear_cookies()

        screen.sign_in("e2e_out_colleague")
        screen.nav("/showcase")
        page.select_option("#subject", "数学")
        with page.expect_navigation():
            page.click('main form button[type=submit]')
        assert title in page.inner_text("main")
        screen.check("showcase")
        page.goto(screen.base + "/group")
        assert title in page.inner_text("main")
        page.fill("textarea[name=body]", "下周集体备课时用作第六单元的范例")
        with page.expect_navigation():
            page.click('main button:has-text("用于集体备课")')
        assert "下周集体备课时用作第六单元的范例" in page.inner_text("main")
        screen.check("group-space")
