"""A province tree with its admins, two experts of the pool and a third account that is not yet one."""
from __future__ import annotations

import pytest

POOL = [("数学", "初中", "正高级教师", "南京市教研室"), ("语文", "小学", "特级教师", "苏州大学")]


@pytest.fixture
def world(make, api):
    t = make.tree()
    t["province_admin"] = make.admin(t["province"])
    t["city_admin"] = make.admin(t["city1"])
    t["county_admin"] = make.admin(t["county11"])
    t["other_county_admin"] = make.admin(t["county12"])
    t["other_city_admin"] = make.admin(t["city2"])
    t["teacher"] = make.user(t["school111"], "teacher")
    t["newcomer"] = make.user(t["school111"], "teacher", username="newcomer", name="周老师")
    t["profiles"] = []
    for n, (subject, stage, title, organisation) in enumerate(POOL, 1):
        user = make.user(t["province"], "tutor", username=f"expert{n}", name=f"专家{n}")
        t[f"expert{n}"] = user
        r = api.post("/experts", t["province_admin"], json={"username": user.username, "subject": subject,
                                                             "stage": stage, "title": title,
                                                             "organisation": organisation})
        assert r.status_code == 201, r.get_json()
        t["profiles"].append(r.get_json()["id"])
    # the new role shows in the next token: sign in afresh
    api._tokens.clear()
    return t
