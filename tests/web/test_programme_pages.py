"""The programme's pages in a browser's shoes, for each admin level and for teachers (English UI)."""
from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from lms.core import clock
from tests.helpers import csrf_token, sign_in
from tests.programme import NOW, Programme


@pytest.fixture
def world(app, make):
    t = make.tree()
    t["admins"] = {key: make.admin(unit) for key, unit in t.items()}
    t["teachers"] = [make.user(t["school111"], "teacher", name=f"教师{i}") for i in range(3)]
    t["tutor"] = make.user(t["province"], "tutor", name="辅导员甲")
    p = t["p"] = Programme(app)
    t["project"] = p.project(quota_deadline=NOW.date().replace(year=2099))
    t["batch"] = p.batch(t["project"])
    t["class"] = p.klass(t["batch"])
    return t


@pytest.fixture
def browser(app):
    def open_as(user):
        client = app.test_client()
        client.get("/lang/en")
        sign_in(client, user)
        client.token = csrf_token(client.get("/").get_data(as_text=True))
        return client
    with clock.frozen_at(NOW):
        yield open_as


def test_province_admin_builds_the_programme(browser, world):
    c = browser(world["admins"]["province"])
    r = c.post("/projects/", data={"csrf_token": c.token, "code": "JS2027", "name": "2027 training", "year": 2027,
                                   "series": "jsjy", "calendar": "jiangsu", "minimum_percent": 10,
                                   "consecutive_year_rule": "y"})
    assert r.status_code == 302
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "2027-07-16 – 2027-08-04" in page and "2027-11-16 – 2027-12-05" in page
    r = c.post("/projects/", data={"csrf_token": c.token, "code": "bad code", "name": "", "year": 1800,
                                   "series": "", "calendar": "jiangsu", "minimum_percent": 10})
    assert r.status_code == 400 and "is-invalid" in r.get_data(as_text=True)
    r = c.post("/courses/", data={"csrf_token": c.token, "title": "Reading the curriculum", "subject": "数学",
                                  "stage": "初中", "required_minutes": 600})
    assert r.status_code == 302 and "Reading the curriculum" in c.get("/courses/").get_data(as_text=True)
    page = c.get(f"/classes/?batch_id={world['batch']}").get_data(as_text=True)
    assert "辅导员甲" in page
    # the new course is a draft until expert review passes (tests/experts): a class offers a published one
    r = c.post("/classes/", data={"csrf_token": c.token, "course_id": 2, "batch_id": world["batch"]})
    assert r.status_code == 400
    r = c.post("/classes/", data={"csrf_token": c.token, "course_id": 1, "batch_id": world["batch"],
                                  "tutor_ids": [world["tutor"].id]})
    assert r.status_code == 302
    assert "辅导员甲" in c.get(r.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("level,child", [("province", "city1"), ("city1", "county11"), ("county11", "school111")])
def test_every_level_hands_seats_down_in_its_table(browser, world, level, child):
    p = world["p"]
    chain = ["province", "city1", "county11"]
    for key in chain[:chain.index(level) + 1]:
        p.seats(world["batch"], world[key], 50)
    c = browser(world["admins"][level])
    url = f"/quotas/batches/{world['batch']}/units/{world[level].id}"
    page = c.get(url).get_data(as_text=True)
    assert world[child].name in page and "Handed down" in page and "Left" in page
    r = c.post(f"/quotas/batches/{world['batch']}/units/{world[child].id}/seats",
               data={"csrf_token": c.token, "seats": 20})
    assert r.status_code == 302 and r.headers["Location"].endswith(url)
    assert p.figures(world["batch"], world[child])["seats"] == 20
    r = c.post(f"/quotas/batches/{world['batch']}/units/{world[child].id}/seats",
               data={"csrf_token": c.token, "seats": 51}, follow_redirects=True)
    assert "has only 30 seats left to hand down" in r.get_data(as_text=True)
    assert p.figures(world["batch"], world[child])["seats"] == 20
    r = c.get(f"/quotas/batches/{world['batch']}/units/{world[level].id}/export.xlsx")
    assert load_workbook(io.BytesIO(r.data)).worksheets[0].cell(2, 4).value == 20
    other = {"province": "city1", "city1": "city2", "county11": "county12"}[level]
    if level != "province":
        assert c.get(f"/quotas/batches/{world['batch']}/units/{world[other].id}").status_code == 403


def test_city_page_shows_its_compliance(browser, world):
    c = browser(world["admins"]["city1"])
    page = c.get(f"/quotas/batches/{world['batch']}/units/{world['city1'].id}").get_data(as_text=True)
    assert "Compliance" in page and "10 short" in page
    page = c.get(f"/quotas/projects/{world['project']}/compliance").get_data(as_text=True)
    assert world["city1"].name in page and world["city2"].name not in page


def test_quota_import_from_the_page(browser, world):
    p = world["p"]
    p.seats(world["batch"], world["province"], 10)
    p.seats(world["batch"], world["city1"], 10)
    c = browser(world["admins"]["city1"])
    base = f"/quotas/batches/{world['batch']}/units/{world['city1'].id}"
    book = load_workbook(io.BytesIO(c.get(base + "/export.xlsx").data))
    book.worksheets[0].cell(2, 4).value = 4
    data = io.BytesIO()
    book.save(data)
    r = c.post(base + "/import", data={"csrf_token": c.token, "file": (io.BytesIO(data.getvalue()), "q.xlsx")},
               content_type="multipart/form-data", follow_redirects=True)
    assert "1 units got new seats" in r.get_data(as_text=True)
    assert p.figures(world["batch"], world["county11"])["seats"] == 4


def test_teacher_chooses_and_school_admin_enrolls_cancels_and_replaces(browser, world):
    p, t = world["p"], world["teachers"]
    p.seats_down_to(world["batch"], world, "school111", 1)
    for teacher in t[:2]:
        c = browser(teacher)
        assert "Choose classes" in c.get("/").get_data(as_text=True)
        r = c.post(f"/my/classes/{world['class']}/choose", data={"csrf_token": c.token}, follow_redirects=True)
        assert "You chose" in r.get_data(as_text=True)
        assert "Chosen" in c.get("/my/training").get_data(as_text=True)
    admin = browser(world["admins"]["school111"])
    home = admin.get("/").get_data(as_text=True)
    assert "2 teachers chose a class and are not enrolled yet" in home
    page_url = f"/enrollment/schools/{world['school111'].id}/batches/{world['batch']}"
    page = admin.get(page_url).get_data(as_text=True)
    assert "教师0" in page and "教师1" in page
    import re
    choice_ids = re.findall(r'name="choice" value="(\d+)"', page)
    r = admin.post(page_url + "/enroll", data={"csrf_token": admin.token, "choice": sorted(set(choice_ids))},
                   follow_redirects=True)
    text = r.get_data(as_text=True)
    assert "1 teachers were enrolled" in text and "No seat is left at" in text
    assert p.figures(world["batch"], world["school111"])["enrolled"] == 1
    enrollment_id = re.search(r'/enrollment/(\d+)/cancel', text).group(1)
    r = admin.post(f"/enrollment/{enrollment_id}/replace", data={"csrf_token": admin.token, "teacher_id": t[2].id},
                   follow_redirects=True)
    assert "took over the seat" in r.get_data(as_text=True)
    new_id = re.search(r'/enrollment/(\d+)/cancel', r.get_data(as_text=True)).group(1)
    r = admin.post(f"/enrollment/{new_id}/cancel", data={"csrf_token": admin.token}, follow_redirects=True)
    assert "the seat is free again" in r.get_data(as_text=True)
    assert p.figures(world["batch"], world["school111"])["enrolled"] == 0
    # A county admin sees the school's page but has no buttons.
    county = browser(world["admins"]["county11"])
    page = county.get(page_url).get_data(as_text=True)
    assert "教师0" in page and "Enroll the selected teachers" not in page
    assert county.post(page_url + "/enroll", data={"csrf_token": county.token}).status_code == 403
    assert browser(world["admins"]["school112"]).get(page_url).status_code == 403


def test_the_school_page_offers_only_what_the_calendar_allows(browser, world, app):
    """Enroll while registration is open; cancel and replace until the batch ends; afterwards, nothing."""
    from datetime import timedelta

    from lms.extensions import db
    from lms.projects.models import Batch

    p, t = world["p"], world["teachers"]
    p.seats_down_to(world["batch"], world, "school111", 2)
    c = browser(t[0])
    c.post(f"/my/classes/{world['class']}/choose", data={"csrf_token": c.token})
    p.enroll(world["class"], t[1])
    with app.app_context():
        batch = db.session.get(Batch, world["batch"])
        closes, ends = batch.registration_closes_at, batch.ends_on
    admin = browser(world["admins"]["school111"])
    url = f"/enrollment/schools/{world['school111'].id}/batches/{world['batch']}"
    page = admin.get(url).get_data(as_text=True)
    assert "Enroll the selected teachers" in page and "/cancel" in page
    with clock.frozen_at(closes + timedelta(hours=1)):
        page = admin.get(url).get_data(as_text=True)
        assert "Enroll the selected teachers" not in page and 'name="choice"' not in page
        assert "/cancel" in page and "can still be cancelled or replaced" in page
    with clock.frozen_at(datetime.combine(ends + timedelta(days=2), datetime.min.time(), tzinfo=closes.tzinfo)):
        page = admin.get(url).get_data(as_text=True)
        assert 'name="choice"' not in page and "/cancel" not in page and "/replace" not in page


def test_consecutive_year_refusal_is_explained_and_the_province_lifts_it(browser, world, app, make):
    from datetime import date
    p = world["p"]
    old_batch = p.batch(p.project(year=2025), starts_on=date(2025, 11, 16))
    p.seats_down_to(old_batch, world, "school111", 1)
    p.enroll(p.klass(old_batch), world["teachers"][0])
    p.seats_down_to(world["batch"], world, "school111", 1)
    teacher = browser(world["teachers"][0])
    teacher.post(f"/my/classes/{world['class']}/choose", data={"csrf_token": teacher.token})
    admin = browser(world["admins"]["school111"])
    page_url = f"/enrollment/schools/{world['school111'].id}/batches/{world['batch']}"
    import re
    choice = re.search(r'name="choice" value="(\d+)"', admin.get(page_url).get_data(as_text=True)).group(1)
    r = admin.post(page_url + "/enroll", data={"csrf_token": admin.token, "choice": choice}, follow_redirects=True)
    assert "the same series is not taken two years running" in r.get_data(as_text=True)
    province = browser(world["admins"]["province"])
    r = province.post(f"/enrollment/projects/{world['project']}/waivers",
                      data={"csrf_token": province.token, "username": world["teachers"][0].username,
                            "reason": "key teacher"}, follow_redirects=True)
    assert "may take this series again" in r.get_data(as_text=True) and "key teacher" in r.get_data(as_text=True)
    r = admin.post(page_url + "/enroll", data={"csrf_token": admin.token, "choice": choice}, follow_redirects=True)
    assert "1 teachers were enrolled" in r.get_data(as_text=True)


def test_nav_and_pages_per_role(browser, world):
    assert "Seats" in browser(world["admins"]["county11"]).get("/").get_data(as_text=True)
    province = browser(world["admins"]["province"]).get("/").get_data(as_text=True)
    assert "Courses" in province and "Projects" in province
    teacher = browser(world["teachers"][0])
    assert teacher.get("/projects/").status_code == 403 and teacher.get("/quotas/").status_code == 403
    assert teacher.get("/my/classes").status_code == 200
    assert browser(world["admins"]["school111"]).get("/enrollment/").status_code == 302
