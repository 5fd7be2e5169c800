"""End to end: the editor's counter (static/js/essay.js, in Chromium), the minimum length and the report's
"characters written" are one figure: lms.originality.normalize.written_length (docs/ORIGINALITY.md)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from lms.assignments.rules import written_length
from lms.core import clock
from tests.helpers import ApiClient
from tests.programme import Programme
from tests.written_samples import SAMPLES

pytestmark = pytest.mark.e2e

# Chinese prose with punctuation, spaces, a line break, full-width digits, an emoji and a zero-width space:
# counting every non-space character would say more.
ESSAY = ("在新课改背景下，教师应当精心进行教学设计，努力营造高效课堂。\n"
         "好的问题能够激发学生思考——引导学生主动探究！２０２４年，我们在“双减”背景下尝试了分层作业 👍，"
         "学生的\u200b参与度明显提高（约 80%）。")
MIN_CHARS = written_length(ESSAY)


@pytest.fixture
def essay(app, make):
    tree = make.tree()
    province = make.admin(tree["province"], username="wl_province")
    tutor = make.user(tree["province"], "tutor", username="wl_tutor")
    learner = make.user(tree["school111"], "teacher", username="wl_teacher", name="李老师")
    programme = Programme(app)
    today = clock.local_today(app.config["LMS_TIMEZONE"])
    batch = programme.batch(programme.project(), number=1, starts_on=today - timedelta(days=3))
    course = programme.course(title="教学设计", minutes=60)
    klass = programme.klass(batch, course, tutor_ids=[tutor.id])
    programme.seats_down_to(batch, tree, "school111", 3)
    enrollment = programme.enroll(klass, learner)
    r = ApiClient(app, make).post(f"/courses/{course}/assignments", province,
                                  json={"kind": "subjective", "title": "研修作业", "prompt": "谈谈课堂提问。",
                                        "min_chars": MIN_CHARS})
    assert r.status_code == 201, r.get_json()
    return {"enrollment": enrollment, "assignment": r.get_json()["id"]}


def _counter(page) -> tuple[int, bool]:
    """The editor's count and whether it shows as too short."""
    count = page.locator("#essay-count")
    return int(re.match(r"\d+", count.inner_text()).group()), "text-danger" in (count.get_attribute("class") or "")


def test_the_editor_counts_what_the_server_counts(screens, essay):
    assert MIN_CHARS == 80 and len(re.sub(r"\s", "", ESSAY)) > MIN_CHARS + 15
    for screen in screens(("desktop",)):
        page = screen.page
        screen.sign_in("wl_teacher")
        page.goto(f"{screen.base}/enrollments/{essay['enrollment']}/assignments/{essay['assignment']}")
        for text, expected in SAMPLES:
            page.fill("#text", text)
            assert _counter(page)[0] == expected == written_length(text), text

        # One character short of the minimum: the counter says so and the server refuses the same text.
        short = ESSAY.replace("高效", "高")
        page.fill("#text", short)
        assert _counter(page) == (MIN_CHARS - 1, True)
        with page.expect_navigation():
            page.click("#essay-form button[type=submit]")
        assert "/report" not in page.url and f"{MIN_CHARS - 1}" in page.inner_text("main")

        page.fill("#text", ESSAY)
        assert _counter(page) == (MIN_CHARS, False)
        screen.check("editor")
        with page.expect_navigation():
            page.click("#essay-form button[type=submit]")
        assert "/report" in page.url, page.inner_text("main")
        assert int(page.inner_text("[data-testid=written-chars]")) == MIN_CHARS
        screen.check("report")
