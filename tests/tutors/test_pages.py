"""The tutor pages: apply, the reviewers' queue and decision (approve, return with a reason), the library with its
filters, a tutor's profile; navigation entries by role; refusals on the form."""
from __future__ import annotations

import re

from tests.helpers import csrf_token, sign_in
from tests.tutors.conftest import PROFILE, apply, approve_all


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    client.get("/lang/en")
    return client


def _form(**changes):
    data = {"subjects": "数学、物理", "stages": ["初中"], "topics": "函数\n几何证明", "introduction": PROFILE["introduction"],
            "achievements": "", "sample_url": PROFILE["sample_url"]}
    data.update(changes)
    return data


def test_apply_review_and_find_in_the_library(app, world):
    teacher = _client(app, world.applicant)
    page = teacher.get("/tutors/apply").get_data(as_text=True)
    assert "Apply to be a tutor" in page and "学校111" in page
    bad = teacher.post("/tutors/apply", data=dict(_form(sample_url="not a link"), csrf_token=csrf_token(page)))
    assert bad.status_code == 200 and "http://" in bad.get_data(as_text=True)
    r = teacher.post("/tutors/apply", data=dict(_form(), csrf_token=csrf_token(page)), follow_redirects=True)
    html = r.get_data(as_text=True)
    assert "Submitted" in html and "Waiting for the school" in html

    for admin in (world.school, world.county, world.city):
        client = _client(app, admin)
        queue = client.get("/tutors/reviews").get_data(as_text=True)
        assert "王老师" in queue and "Tutor reviews" in queue
        path = re.search(r'href="(/tutors/applications/\d+)"', queue).group(1)
        detail = client.get(path).get_data(as_text=True)
        assert "Approve" in detail and "函数、几何证明" in detail
        done = client.post(path + "/approve", data={"csrf_token": csrf_token(detail)}, follow_redirects=True)
        assert done.status_code == 200
    assert "now a tutor in the library" in done.get_data(as_text=True)

    learner = _client(app, world.learner)
    library = learner.get("/tutors/").get_data(as_text=True)
    assert "王老师" in library and "Recommended for you" in library
    assert "王老师" not in learner.get("/tutors/?subject=语文").get_data(as_text=True)
    assert "王老师" in learner.get("/tutors/?topic=几何").get_data(as_text=True)
    profile = learner.get(f"/tutors/{world.applicant.id}").get_data(as_text=True)
    assert "v.example.cn/lessons/42" in profile and "数学、物理" in profile
    assert learner.get("/tutors/reviews").status_code == 403
    assert learner.get(f"/tutors/{world.learner.id}").status_code == 404


def test_a_return_needs_a_reason_and_the_applicant_reads_it(app, world, api):
    a = apply(api, world.applicant)
    school = _client(app, world.school)
    path = f"/tutors/applications/{a['id']}"
    detail = school.get(path).get_data(as_text=True)
    empty = school.post(path + "/return", data={"csrf_token": csrf_token(detail), "reason": ""})
    assert empty.status_code == 200 and "is-invalid" in empty.get_data(as_text=True)
    school.post(path + "/return", data={"csrf_token": csrf_token(detail), "reason": "请补充示范课"})
    mine = _client(app, world.applicant).get("/tutors/apply").get_data(as_text=True)
    assert "Returned" in mine and "请补充示范课" in mine
    # another district's admin cannot open it; another school's admin neither
    assert _client(app, world.county_other).get(path).status_code == 403
    assert _client(app, world.school2).get(path).status_code == 403


def test_navigation_by_role(app, world, api):
    approve_all(api, world, apply(api, world.applicant)["id"])
    teacher_home = _client(app, world.learner).get("/").get_data(as_text=True)
    assert "Tutor library" in teacher_home and "Tutor reviews" not in teacher_home
    assert "Tutor reviews" in _client(app, world.county).get("/").get_data(as_text=True)
    # the approved tutor now schedules live sessions (the role lms.live asks for)
    assert "Schedule a live session" in _client(app, world.applicant).get("/live/").get_data(as_text=True)
