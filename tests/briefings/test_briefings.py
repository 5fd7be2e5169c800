"""Area briefings and summary reports (J16b): an admin starts one from its area's figures, revises and publishes
it; the area below and the levels above read it, another area does not (service, API, pages, PDF)."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.helpers import assert_error, csrf_token, sign_in
from tests.programme import Programme


@pytest.fixture
def world(app, make):
    t = make.tree()
    people = {"province": make.admin(t["province"]), "city1": make.admin(t["city1"]),
              "county11": make.admin(t["county11"], name="区县管理员"), "county12": make.admin(t["county12"]),
              "school111": make.admin(t["school111"]), "school121": make.admin(t["school121"]),
              "teacher": make.user(t["school111"], "teacher", name="学员甲"),
              "tutor": make.user(t["province"], "tutor")}
    programme = Programme(app)
    project = programme.project()
    batch = programme.batch(project, number=1)
    klass = programme.klass(batch, tutor_ids=[people["tutor"].id])
    programme.seats_down_to(batch, t, "school111", 2)
    programme.enroll(klass, people["teacher"])
    return {"tree": t, "people": people, "project": project, "batch": batch, "class": klass}


def _start(api, who, world, kind="briefing", **extra):
    response = api.post("/briefings", who, json={"kind": kind, "project_id": world["project"],
                                                 "batch_id": world["batch"], **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _titles(api, who):
    return {b["title"] for b in api.get("/briefings", who).get_json()["items"]}


def test_the_template_fills_in_the_areas_own_figures(api, world):
    p = world["people"]
    draft = _start(api, p["county11"], world)
    assert draft["status"] == "draft" and draft["can_edit"] and draft["level"] == "county"
    assert draft["org_unit"] == "区县11" and "区县11" in draft["title"]
    body = draft["body"]
    assert "1" in body.split("\n")[0] and "区县11" in body  # one teacher enrolled in the county
    assert "学校111" in body  # the schools compared
    summary = _start(api, p["province"], world, kind="summary")
    assert summary["kind"] == "summary" and summary["level"] == "province" and "城市1" in summary["body"]


def test_a_county_briefing_reaches_its_schools_and_the_levels_above_only(api, world):
    p = world["people"]
    draft = _start(api, p["county11"], world)
    # A draft: only its unit's admins.
    assert draft["title"] in _titles(api, p["county11"])
    for other in ("school111", "city1", "province"):
        assert draft["title"] not in _titles(api, p[other])
    assert_error(api.get(f"/briefings/{draft['id']}", p["school111"]), 403, "forbidden")
    api.patch(f"/briefings/{draft['id']}", p["county11"], json={"title": "区县11第一期简报", "body": "学习进度良好"})
    published = api.post(f"/briefings/{draft['id']}/publish", p["county11"]).get_json()
    assert published["status"] == "published" and published["published_at"] and not published["can_edit"]
    for reader in ("county11", "school111", "teacher", "city1", "province"):
        assert "区县11第一期简报" in _titles(api, p[reader]), reader
    for outsider in ("county12", "school121", "tutor"):
        assert "区县11第一期简报" not in _titles(api, p[outsider]), outsider
        assert_error(api.get(f"/briefings/{draft['id']}", p[outsider]), 403, "forbidden")
    # The county sees its schools' briefings, not another county's.
    school = _start(api, p["school111"], world)
    api.post(f"/briefings/{school['id']}/publish", p["school111"])
    other = _start(api, p["county12"], world)
    api.post(f"/briefings/{other['id']}/publish", p["county12"])
    county_reads = _titles(api, p["county11"])
    assert school["title"] in county_reads and other["title"] not in county_reads
    assert other["title"] in _titles(api, p["province"])


def test_who_may_write_and_change(api, world):
    p = world["people"]
    assert_error(api.post("/briefings", p["teacher"], json={"kind": "briefing", "project_id": world["project"]}),
                 403, "forbidden")
    assert_error(api.post("/briefings", p["tutor"], json={"kind": "briefing", "project_id": world["project"]}),
                 403, "forbidden")
    # The city writes for itself, not for a county below it; nor for another city.
    assert_error(api.post("/briefings", p["city1"], json={"kind": "briefing", "project_id": world["project"],
                                                          "org_unit_id": world["tree"]["county11"].id}), 403, "forbidden")
    assert_error(api.post("/briefings", p["city1"], json={"kind": "briefing", "project_id": world["project"],
                                                          "org_unit_id": world["tree"]["city2"].id}), 403, "forbidden")
    for bad in ({}, {"kind": "memo", "project_id": world["project"]}, {"kind": "briefing"},
                {"kind": "briefing", "project_id": world["project"], "extra": 1}):
        assert_error(api.post("/briefings", p["city1"], json=bad), 400, "invalid_input")
    assert_error(api.post("/briefings", p["city1"], json={"kind": "briefing", "project_id": 999999}), 404, "not_found")
    other_project = Programme(api.app).project()
    assert_error(api.post("/briefings", p["city1"], json={"kind": "briefing", "project_id": other_project,
                                                          "batch_id": world["batch"]}), 400, "invalid_input")
    whole = _start(api, p["city1"], world, batch_id=None)
    assert whole["batch_id"] is None and whole["project_id"] == world["project"]
    draft = _start(api, p["county11"], world)
    assert_error(api.patch(f"/briefings/{draft['id']}", p["city1"], json={"title": "x", "body": "y"}), 403, "forbidden")
    assert_error(api.patch(f"/briefings/{draft['id']}", p["county11"], json={"title": "", "body": "y"}), 400,
                 "invalid_input")
    api.post(f"/briefings/{draft['id']}/publish", p["county11"])
    assert_error(api.patch(f"/briefings/{draft['id']}", p["county11"], json={"title": "x", "body": "y"}), 403,
                 "forbidden")
    assert_error(api.post(f"/briefings/{draft['id']}/publish", p["county11"]), 403, "forbidden")
    assert_error(api.get("/briefings/999999", p["county11"]), 404, "not_found")


def test_the_pdf_carries_the_text(api, world):
    p = world["people"]
    draft = _start(api, p["county11"], world)
    api.patch(f"/briefings/{draft['id']}", p["county11"], json={"title": "区县简报", "body": "本期参训教师学习认真。\n\n下一步：督促未完成作业的学员。"})
    api.post(f"/briefings/{draft['id']}/publish", p["county11"])
    response = api.get(f"/briefings/{draft['id']}.pdf", p["school111"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "区县简报" in text and "督促" in text
    assert_error(api.get(f"/briefings/{draft['id']}.pdf", p["county12"]), 403, "forbidden")


def test_the_list_unifies_class_briefings(api, world):
    p = world["people"]
    assert api.post(f"/classes/{world['class']}/briefings", p["tutor"],
                    json={"title": "班级第一周简报", "body": "进度良好"}).status_code == 201
    for who in ("teacher", "tutor"):
        listing = api.get("/briefings", who and p[who]).get_json()
        assert [b["title"] for b in listing["class_briefings"]] == ["班级第一周简报"]
    assert api.get("/briefings", p["county12"]).get_json()["class_briefings"] == []


def test_pages_start_revise_publish_and_read(app, world):
    p = world["people"]
    writer = app.test_client()
    sign_in(writer, p["county11"])
    page = writer.get("/briefings").get_data(as_text=True)
    assert "区县11" in page
    bad = writer.post("/briefings", data={"csrf_token": csrf_token(page), "kind": "briefing", "period": "x1"})
    assert bad.status_code == 200 and "is-invalid" in bad.get_data(as_text=True)
    started = writer.post("/briefings", data={"csrf_token": csrf_token(page), "kind": "briefing",
                                              "period": f"b{world['batch']}"})
    assert started.status_code == 302
    url = started.headers["Location"]
    form = writer.get(url).get_data(as_text=True)
    assert "区县11" in form and "textarea" in form
    empty = writer.post(url, data={"csrf_token": csrf_token(form), "title": "", "body": "x"})
    assert empty.status_code == 200 and "is-invalid" in empty.get_data(as_text=True)
    writer.post(url, data={"csrf_token": csrf_token(form), "title": "区县11简报（页面）", "body": "正文", "publish": "1"})
    reader = app.test_client()
    sign_in(reader, p["school111"])
    listing = reader.get("/briefings").get_data(as_text=True)
    assert "区县11简报（页面）" in listing
    shown = reader.get(url).get_data(as_text=True)
    assert "正文" in shown and "textarea" not in shown
    outsider = app.test_client()
    sign_in(outsider, p["school121"])
    assert outsider.get(url).status_code == 403
