"""Two cities: students at a school of each, a maths tutor in city 1, a physics tutor in city 2, a tutor of the
province itself, and admins at each level."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from lms.projects.media import make_test_video

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="session")
def clip(tmp_path_factory):
    """A real, playable 3-second WebM: micro-lesson uploads are probed, so bytes that only look like one fail."""
    return make_test_video(tmp_path_factory.mktemp("micro") / "micro.webm", 3).read_bytes()


@pytest.fixture
def storage(app, tmp_path):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def world(app, make):
    t = make.tree()
    w = SimpleNamespace(tree=t)
    w.student = make.user(t["school111"], "student", username="stu-20260001", name="小明")
    w.student2 = make.user(t["school211"], "student", username="stu-20260002", name="小红")
    w.tutor = make.user(t["school112"], "teacher", "tutor", name="王老师", subject="数学")
    w.tutor_b = make.user(t["school121"], "teacher", "tutor", name="钱老师", subject="数学")
    w.physics = make.user(t["school211"], "teacher", "tutor", name="赵老师", subject="物理")
    w.province_tutor = make.user(t["province"], "tutor", name="孙老师", subject="数学")
    w.teacher = make.user(t["school111"], "teacher", name="李老师")
    w.school = make.admin(t["school111"])
    w.county = make.admin(t["county11"])
    w.county2 = make.admin(t["county21"])
    w.city = make.admin(t["city1"])
    w.city2 = make.admin(t["city2"])
    w.province = make.admin(t["province"])
    return w


def ask(api, student, subject="数学", body="二次函数 y=x²-4x+3 的顶点坐标怎么求？"):
    r = api.post("/square/questions", student, json={"subject": subject, "body": body})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def answer(api, tutor, question_id, body="配方：y=(x-2)²-1，所以顶点是 (2, -1)。"):
    r = api.post(f"/square/questions/{question_id}/answers", tutor, json={"body": body})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def upload(api, tutor, **changes):
    data = {"title": "一次函数的图像与性质", "subject": "数学", "grade": "初二", "description": "八分钟讲清楚斜率。",
            "video_url": "https://v.example.cn/micro/1"}
    data.update(changes)
    r = api.post("/square/lessons", tutor, json=data)
    assert r.status_code == 201, r.get_json()
    return r.get_json()
