"""End to end at phone size: a school admin organises an offline discussion, records who attended with a photo of
the sign-in sheet, the province approves it, and the learner finds it in "my activities" and named in its grade explanation."""
from __future__ import annotations

import struct
import zlib
from datetime import timedelta

import pytest

from lms.core import clock
from tests.programme import Programme

pytestmark = pytest.mark.e2e


def _png() -> bytes:
    """A 1×1 PNG: the photo of the sign-in sheet."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


@pytest.fixture
def school(app, make):
    tree = make.tree()
    make.admin(tree["school111"], username="e2e_school_admin", name="校管理员")
    make.admin(tree["province"], username="e2e_province_admin", name="省管理员")
    learner = make.user(tree["school111"], "teacher", username="e2e_activity_learner", name="研讨学员")
    programme = Programme(app)
    today = clock.local_today(app.config["LMS_TIMEZONE"])
    batch = programme.batch(programme.project(), number=1, starts_on=today - timedelta(days=3))
    klass = programme.klass(batch, programme.course(minutes=100))
    programme.seats_down_to(batch, tree, "school111", 2)
    return {"batch": batch, "enrollment": programme.enroll(klass, learner), "today": today}


def test_school_admin_records_attendance_and_the_learner_sees_it_in_the_grade(screens, school, tmp_path):
    photo = tmp_path / "签到表.png"
    photo.write_bytes(_png())
    start = clock.now().astimezone(clock.local_tz()) - timedelta(hours=2)
    screen = next(screens(("phone",)))
    page = screen.page
    screen.sign_in("e2e_school_admin")
    screen.nav("/activities/")
    with page.expect_navigation():
        page.click("text=组织活动")
    page.select_option("#kind", "offline_discussion")
    page.fill("#title", "校本线下研讨：作业设计")
    page.select_option("#batch_id", str(school["batch"]))
    page.fill("#starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#ends_at", (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#location", "学校会议室")
    screen.check("organise")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "研讨学员" in page.inner_text("main")
    page.check(f"#attended_{school['enrollment']}")
    page.fill("#note", "纸质签到表已拍照")
    page.set_input_files("#evidence", str(photo))
    screen.check("attendance-sheet")
    with page.expect_navigation():
        page.click("text=保存参与情况")
    text = page.inner_text("main")
    assert "参与情况已保存" in page.inner_text("body") and "签到表.png" in text
    screen.close()

    # The province approves it as meeting its requirements: only then does it count.
    screen = next(screens(("phone",)))
    page = screen.page
    screen.sign_in("e2e_province_admin")
    screen.nav("/activities/")
    with page.expect_navigation():
        page.click("main a[href$='/activities/review']")
    assert "校本线下研讨：作业设计" in page.inner_text("[data-testid=review-queue]")
    screen.check("review-queue")
    with page.expect_navigation():
        page.click("[data-testid=review-queue] button.btn-success")
    assert page.locator("[data-testid=review-empty]").count() == 1
    screen.close()

    screen = next(screens(("phone",)))
    page = screen.page
    screen.sign_in("e2e_activity_learner")
    screen.nav("/activities/")
    mine = page.inner_text("[data-testid=my-activities]")
    assert "校本线下研讨：作业设计" in mine and "已参加" in mine
    screen.check("my-activities")
    page.goto(f"{screen.base}/grades/{school['enrollment']}")
    assert "线下研讨 1 次 +2 分" in page.inner_text("[data-testid=grade-credit]")
    screen.check("grade-explanation")
