"""End to end at phone size: a county's local course waits in review; the assigned expert evaluates it on a
phone and the province publishes it into the catalogue (docs/RULES.md "E2", "E3")."""
from __future__ import annotations

import pytest

from tests.helpers import ApiClient

pytestmark = pytest.mark.e2e


@pytest.fixture
def local_course(app, make):
    tree = make.tree()
    province = make.admin(tree["province"], username="cr_province")
    county = make.admin(tree["county11"], username="cr_county")
    expert = make.user(tree["province"], "tutor", username="cr_expert", name="王专家")
    api = ApiClient(app, make)
    pool = api.post("/experts", province, json={"username": "cr_expert", "subject": "数学", "stage": "初中",
                                                "title": "正高级教师", "organisation": "江苏省教育科学研究院",
                                                "specialty": "初中几何教学"})
    assert pool.status_code == 201, pool.get_json()
    course = api.post("/courses", county, json={"title": "家乡的桥与几何", "subject": "数学", "stage": "初中",
                                                 "required_minutes": 120}).get_json()
    review = api.post(f"/courses/{course['id']}/review", county, json={"note": "请审核"}).get_json()
    r = api.post(f"/course-reviews/{review['id']}/reviewers", province, json={"profile_ids": [pool.get_json()["id"]]})
    assert r.status_code == 200, r.get_json()
    return {"course": course, "review": review, "expert": expert, "api": api, "province": province}


def test_an_expert_reviews_on_a_phone_and_the_province_publishes(screens, local_course):
    for screen in screens(("phone",)):
        page = screen.page
        screen.sign_in("cr_expert")
        assert "家乡的桥与几何" in page.inner_text("main")  # the home page's reviews to do
        screen.nav("/experts/")
        assert "王专家" in page.inner_text("main")
        screen.check("pool")
        screen.nav("/reviews/mine")
        screen.check("my-reviews")
        with page.expect_navigation():
            page.click("main a:has-text('家乡的桥与几何')")
        page.fill("#accuracy", "5")
        page.fill("#curriculum_fit", "4")
        page.fill("#production", "6")  # out of range: the form says so
        page.check("input[name=verdict][value=approve]")
        with page.expect_navigation():
            page.click("main button:has-text('保存评审意见')")
        assert page.locator(".invalid-feedback").count() >= 1
        page.fill("#production", "4")
        page.fill("#comment", "几何知识准确，素材贴近学生生活。")
        page.check("input[name=verdict][value=approve]")
        screen.check("evaluation")
        with page.expect_navigation():
            page.click("main button:has-text('保存评审意见')")
        assert "评审意见已保存" in page.inner_text("body")

        screen.context.clear_cookies()
        screen.sign_in("cr_province")
        screen.nav("/reviews/")
        assert "审核通过，待发布" in page.inner_text("main")
        with page.expect_navigation():
            page.click("main a:has-text('家乡的桥与几何')")
        screen.check("ready-to-publish")
        with page.expect_navigation():
            page.click("main button:has-text('发布到省级课程目录')")
        assert "已发布到省级课程目录" in page.inner_text("body")
        screen.check("published")
    api, course = local_course["api"], local_course["course"]
    assert api.get(f"/courses/{course['id']}", local_course["province"]).get_json()["status"] == "published"
