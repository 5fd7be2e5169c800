"""End to end: each role's main job, from the sign-in form to its result, on a desktop and on a phone.

Every step saves a screenshot (tests/e2e/conftest.py: ``Screen.check``); on the phone the same step also checks
that the page fits the screen and that no name in a table is squeezed to a character per line.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms.core import clock
from tests.helpers import ApiClient
from tests.programme import OPENS_ON, Programme

pytestmark = pytest.mark.e2e

ESSAY = ("课堂提问是教学的重要环节。好的问题能够激发学生思考，引导学生主动探究，"
         "教师应当根据学生的实际水平设计有层次的问题，并在课后反思提问的效果。")


@pytest.fixture
def world(app, make):
    """A province tree, a batch running since three days with one class of a course (a reading, a written
    assignment), its tutor, an expert, and a learner of 学校111 enrolled."""
    tree = make.tree()
    province = make.admin(tree["province"], username="e2e_province", name="省管理员")
    tutor = make.user(tree["province"], "tutor", username="e2e_tutor", name="辅导老师")
    expert = make.user(tree["province"], "expert", username="e2e_expert", name="欧阳专家")
    learner = make.user(tree["school111"], "teacher", username="e2e_teacher", name="王小明")
    other = make.user(tree["school121"], "teacher", name="司马相如")
    programme = Programme(app)
    today = clock.local_today(app.config["LMS_TIMEZONE"])
    project = programme.project()
    batch = programme.batch(project, number=1, starts_on=today - timedelta(days=3))
    course = programme.course(title="课堂提问的艺术", minutes=60)
    klass = programme.klass(batch, course, tutor_ids=[tutor.id])
    programme.seats_down_to(batch, tree, "school111", 3)
    programme.seats_down_to(batch, tree, "school121", 3)
    enrollment = programme.enroll(klass, learner)
    programme.enroll(klass, other)
    api = ApiClient(app, make)
    r = api.post(f"/courses/{course}/lessons", province,
                 json={"title": "第一讲 提问的类型", "kind": "reading", "reading_minutes": 10,
                       "body": "\n\n".join(["## 提问的类型", "封闭式问题与开放式问题各有用处。"] * 20)})
    assert r.status_code == 201, r.get_json()
    r = api.post(f"/courses/{course}/assignments", province,
                 json={"kind": "subjective", "title": "研修作业：谈课堂提问", "prompt": "结合教学实践谈谈课堂提问。"})
    assert r.status_code == 201, r.get_json()
    return {"tree": tree, "project": project, "batch": batch, "course": course, "other": other, "class": klass, "enrollment": enrollment, "assignment": r.get_json()["id"],
            "api": api, "learner": learner, "tutor": tutor, "expert": expert, "province": province}


def test_teacher_studies_hands_in_and_sees_the_grade(screens, world):
    for version, screen in enumerate(screens(), start=1):
        page = screen.page
        screen.sign_in("e2e_teacher")
        screen.check("home")
        screen.nav("/my/training")
        screen.check("my-training")
        with page.expect_navigation():
            page.click(f'main a[href="/study/{world["enrollment"]}"]')
        screen.check("course")
        with page.expect_navigation():
            page.click("main .list-group a >> nth=0")
        # The first heartbeat answers: the player no longer says it is loading, and counts the reading.
        page.wait_for_function("() => { const s = document.querySelector('#study-status');"
                               " return s.className.includes('alert-secondary') && !s.textContent.includes('…'); }")
        page.mouse.wheel(0, 400)
        screen.check("reading")

        page.goto(f"{screen.base}/enrollments/{world['enrollment']}/assignments")
        with page.expect_navigation():
            page.click(f'main a[href$="/assignments/{world["assignment"]}"]')
        page.fill("#text", ESSAY)
        with page.expect_navigation():
            page.click("#essay-form button[type=submit]")
        assert "/report" in page.url, page.inner_text("main")  # handed in: the originality report comes
        assert f"第 {version} 版" in page.inner_text("main")
        screen.check("handed-in")

        page.goto(f"{screen.base}/grades/{world['enrollment']}")
        assert float(page.inner_text("[data-testid=grade-total]")) >= 0
        assert "王小明" in page.inner_text("main")
        screen.check("grade")


def test_tutor_reviews_written_work(screens, world):
    r = world["api"].post(f"/assignments/{world['assignment']}/submissions", world["learner"],
                          json={"enrollment_id": world["enrollment"], "text": ESSAY})
    assert r.status_code == 201, r.get_json()
    for score, screen in zip(("88", "91"), screens()):
        page = screen.page
        screen.sign_in("e2e_tutor")
        screen.check("home")
        screen.nav("/review")
        screen.check("classes")
        with page.expect_navigation():
            page.click(f'main a[href^="/classes/{world["class"]}/review"]')
        assert "王小明" in page.inner_text("main table")
        screen.check("queue")
        with page.expect_navigation():
            page.click('main table tr:has-text("王小明") a[href$="/review"]')
        screen.check("submission")
        page.fill("#review-score", score)
        with page.expect_navigation():
            page.click("form:has(#review-score) button[type=submit]")
        screen.check("reviewed")
        page.goto(f"{screen.base}/classes/{world['class']}/review")
        assert score in page.inner_text('main table tr:has-text("王小明")')
        screen.check("queue-after")


def test_expert_answers_a_question_of_the_class(screens, world):
    api, now = world["api"], clock.now()
    r = api.post(f"/classes/{world['class']}/qa-sessions", world["expert"],
                 json={"title": "课堂提问答疑", "starts_at": (now - timedelta(minutes=10)).isoformat(),
                       "ends_at": (now + timedelta(hours=1)).isoformat()})
    assert r.status_code == 201, r.get_json()
    qa = r.get_json()["id"]
    for question in ("追问应该在什么时候使用？", "怎样让不爱发言的学生回答问题？"):
        r = api.post(f"/qa-sessions/{qa}/questions", world["learner"], json={"body": question})
        assert r.status_code == 201, r.get_json()
    for n, screen in enumerate(screens(), start=1):
        page = screen.page
        screen.sign_in("e2e_expert")
        screen.check("home")
        page.goto(f"{screen.base}/classes/{world['class']}/qa")
        screen.check("sessions")
        with page.expect_navigation():
            page.click(f'main a[href="/qa/{qa}"]')
        screen.check("questions")
        page.fill("main textarea[name=body] >> nth=0", f"第{n}个回答：先让学生独立思考，再追问理由。")
        with page.expect_navigation():
            page.click("main form:has(textarea[name=body]) button[type=submit] >> nth=0")
        assert f"第{n}个回答" in page.inner_text("main")
        screen.check("answered")


def test_province_admin_reads_the_statistics(screens, world):
    for screen in screens():
        page = screen.page
        screen.sign_in("e2e_province")
        screen.check("home")
        screen.nav("/reports")
        page.wait_for_selector("#participation-chart svg")
        assert "城市1" in page.inner_text("main table")
        screen.check("province")
        for unit in ("城市1", "区县11", "学校111"):
            with page.expect_navigation():
                page.click(f'main table a:text-is("{unit}")')
        assert "王小明" in page.inner_text("main table")
        screen.check("school")


def test_county_admin_hands_down_seats(screens, app, make):
    tree = make.tree()
    make.admin(tree["county11"], username="e2e_county", name="区县管理员")
    programme = Programme(app)
    batch = programme.batch(programme.project(), number=1, starts_on=OPENS_ON)
    for unit in ("province", "city1", "county11"):
        programme.seats(batch, tree[unit], 10)
    for seats, screen in zip((4, 5), screens()):
        page = screen.page
        screen.sign_in("e2e_county")
        screen.check("home")
        screen.nav("/quotas/")
        screen.check("seats")
        row = page.locator('#children tr:has-text("学校111")')
        row.locator("input[name=seats]").fill(str(seats))
        with page.expect_navigation():
            row.locator("button[type=submit]").click()
        assert page.locator('#children tr:has-text("学校111") input[name=seats]').input_value() == str(seats)
        assert programme.figures(batch, tree["county11"])["allocated"] == seats
        screen.check("handed-down")


def test_school_admin_enrolls_a_teacher(screens, app, make):
    tree = make.tree()
    make.admin(tree["school111"], username="e2e_school", name="学校管理员")
    programme = Programme(app)
    batch = programme.batch(programme.project(), number=1, starts_on=OPENS_ON)  # enrollment is open
    klass = programme.klass(batch, programme.course(title="信息技术与学科教学融合"))
    programme.seats_down_to(batch, tree, "school111", 2)
    api, choices = ApiClient(app, make), {}
    for name in ("诸葛孔明", "欧阳修"):
        r = api.post(f"/classes/{klass}/choices", make.user(tree["school111"], "teacher", name=name))
        assert r.status_code == 201, r.get_json()
        choices[name] = r.get_json()["id"]
    for (name, choice), screen in zip(choices.items(), screens()):
        page = screen.page
        screen.sign_in("e2e_school")
        screen.check("home")
        screen.nav("/enrollment/")
        assert name in page.inner_text("#choices")
        screen.check("choices")
        with page.expect_navigation():
            page.click(f'#choices button[name=choice][value="{choice}"]')
        assert name in page.inner_text("#enrollments")
        row = page.locator(f'#enrollments tr:has-text("{name}")')
        assert row.locator(".btn-outline-danger").count() == 1  # enrolled: the school may cancel it
        screen.check("enrolled")


def test_every_page_with_a_table_fits_a_phone(screens, world, app):
    """The pages with tables that the walks above do not pass, each with rows, as a province admin."""
    from lms.extensions import db
    from lms.tracking.models import StudyFlag

    api, tree = world["api"], world["tree"]
    r = api.post("/reference-texts", world["province"], json={"title": "义务教育数学课程标准（2022年版）",
                                                               "source": "教育部", "text": ESSAY * 3})
    assert r.status_code == 201, r.get_json()
    r = api.post(f"/assignments/{world['assignment']}/submissions", world["learner"],
                 json={"enrollment_id": world["enrollment"], "text": ESSAY})
    assert r.status_code == 201, r.get_json()
    with app.app_context():
        db.session.add(StudyFlag(user_id=world["learner"].id, enrollment_id=world["enrollment"], kind="regular_beats",
                                 detail={"beats": 40, "spread_ms": 3}, created_at=clock.now()))
        db.session.commit()
    screen = next(screens(["phone"]))
    screen.sign_in("e2e_province")
    pages = {
        "projects": "/projects/", "project": f"/projects/{world['project']}", "courses": "/courses/",
        "classes": f"/classes/?batch_id={world['batch']}", "grades": f"/classes/{world['class']}/grades",
        "seats": f"/quotas/batches/{world['batch']}/units/{tree['province'].id}",
        "compliance": f"/quotas/projects/{world['project']}/compliance",
        "units": f"/org/units/{tree['province'].id}", "users": f"/org/users?unit={tree['school111'].id}",
        "flags": "/tracking/flags", "references": "/originality/references", "appeals": "/appeals",
        "credit-units": f"/credits/units/{tree['province'].id}",
        "credit-record": f"/credits/teachers/{world['learner'].id}",
        "report": f"/submissions/{r.get_json()['id']}/report",
        "school": f"/enrollment/schools/{tree['school111'].id}/batches/{world['batch']}",
    }
    for label, path in pages.items():
        response = screen.page.goto(screen.base + path)
        assert response.status == 200, (path, response.status)
        screen.check(label)
