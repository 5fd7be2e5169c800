"""Two cities, each with its city, district and school admins; applicants in city 1 and city 2."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

PROFILE = {"subjects": ["数学"], "stages": ["初中"], "topics": ["函数", "几何证明"],
           "introduction": "从事初中数学教学二十年，区级骨干教师，长期研究函数单元的整体教学设计。",
           "achievements": "市级优质课一等奖", "sample_url": "https://v.example.cn/lessons/42"}


@pytest.fixture
def world(app, make):
    t = make.tree()
    w = SimpleNamespace(tree=t)
    w.applicant = make.user(t["school111"], "teacher", name="王老师", subject="数学", stage="初中")
    w.other = make.user(t["school211"], "teacher", name="赵老师", subject="语文", stage="小学")
    w.learner = make.user(t["school112"], "teacher", name="李老师", subject="数学", stage="初中")
    w.school = make.admin(t["school111"])
    w.school_other = make.admin(t["school112"])
    w.county = make.admin(t["county11"])
    w.county_other = make.admin(t["county12"])
    w.city = make.admin(t["city1"])
    w.city2 = make.admin(t["city2"])
    w.county2 = make.admin(t["county21"])
    w.school2 = make.admin(t["school211"])
    w.province = make.admin(t["province"])
    return w


def apply(api, user, **changes):
    r = api.put("/tutors/me/application", user, json={**PROFILE, **changes})
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def approve_all(api, w, application_id, admins=None):
    for admin in admins or (w.school, w.county, w.city):
        r = api.post(f"/tutors/applications/{application_id}/approve", admin)
        assert r.status_code == 200, r.get_json()
    return r.get_json()
