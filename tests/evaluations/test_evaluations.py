"""The project's evaluation (JX11b): the province opens a round, each area writes its self-evaluation from its
figures, outside evaluators (experts, other cities) score it, the province returns, combines, closes and exports;
each level sees its own subtree, an evaluator its assignments only (API, notices, pages, files)."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.helpers import assert_error, csrf_token, sign_in
from tests.programme import Programme

SELF = {"progress_score": 80, "progress_text": "按期推进", "measures_score": 90, "measures_text": "分层管理",
        "innovation_score": 70, "innovation_text": "网络评估", "performance_score": 100,
        "performance_text": "合格率高"}
REVIEW = {"progress_score": 90, "progress_text": "属实", "measures_score": 90, "measures_score": 90,
          "innovation_score": 90, "performance_score": 90}


@pytest.fixture
def world(app, make):
    t = make.tree()
    people = {"province": make.admin(t["province"]), "city1": make.admin(t["city1"], name="市管理员一"),
              "city2": make.admin(t["city2"], name="市管理员二"), "county11": make.admin(t["county11"]),
              "county12": make.admin(t["county12"]), "school111": make.admin(t["school111"]),
              "teacher": make.user(t["school111"], "teacher", name="学员甲"),
              "expert": make.user(t["province"], "expert", name="专家甲"),
              "stranger": make.user(t["province"], "expert", name="专家乙")}
    make.pool_expert(people["expert"])
    programme = Programme(app)
    project = programme.project()
    batch = programme.batch(project, number=1)
    klass = programme.klass(batch)
    programme.seats_down_to(batch, t, "school111", 2)
    programme.enroll(klass, people["teacher"])
    return {"tree": t, "people": people, "project": project}


def _open(api, world):
    r = api.post("/evaluations", world["people"]["province"], json={"project_id": world["project"]})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _areas(api, who, round_id):
    return {a["org_unit"]: a for a in api.get(f"/evaluations/{round_id}", who).get_json()["areas"]}


def test_the_province_opens_one_round_for_every_city_and_county(api, world):
    p = world["people"]
    for who in ("city1", "county11", "teacher", "expert"):
        assert_error(api.post("/evaluations", p[who], json={"project_id": world["project"]}), 403, "forbidden")
    item = _open(api, world)
    assert item["state"] == "open" and item["self_weight"] == 0.3 and item["can_close"]
    assert_error(api.post("/evaluations", p["province"], json={"project_id": world["project"]}), 409, "round_exists")
    assert_error(api.post("/evaluations", p["province"], json={"project_id": 999999}), 404, "not_found")
    assert_error(api.post("/evaluations", p["province"], json={}), 400, "invalid_input")
    assert set(_areas(api, p["province"], item["id"])) == {"江苏省", "城市1", "城市2", "区县11", "区县12", "区县21",
                                                           "区县22"}
    # Each level sees its own subtree.
    assert set(_areas(api, p["city1"], item["id"])) == {"城市1", "区县11", "区县12"}
    assert set(_areas(api, p["county11"], item["id"])) == {"区县11"}
    for who in ("school111", "teacher", "expert"):
        assert_error(api.get(f"/evaluations/{item['id']}", p[who]), 403, "forbidden")
    assert api.get("/evaluations", p["teacher"]).get_json() == {"rounds": [], "assignments": []}
    assert [r["id"] for r in api.get("/evaluations", p["county11"]).get_json()["rounds"]] == [item["id"]]


def test_self_evaluation_from_the_figures_submitted_and_returned(api, world):
    p = world["people"]
    item = _open(api, world)
    county = _areas(api, p["province"], item["id"])["区县11"]
    other = _areas(api, p["province"], item["id"])["区县12"]
    got = api.get(f"/area-evaluations/{county['id']}", p["county11"]).get_json()
    assert got["figures"]["enrolled"] == 1 and got["can_edit"] and got["status"] == "draft"
    # Another county neither reads nor writes it; the city above reads but does not write it.
    assert_error(api.get(f"/area-evaluations/{county['id']}", p["county12"]), 403, "forbidden")
    assert_error(api.patch(f"/area-evaluations/{county['id']}", p["county12"], json=SELF), 403, "forbidden")
    assert api.get(f"/area-evaluations/{county['id']}", p["city1"]).status_code == 200
    assert_error(api.get(f"/area-evaluations/{county['id']}", p["city2"]), 403, "forbidden")
    assert_error(api.patch(f"/area-evaluations/{county['id']}", p["city1"], json=SELF), 403, "forbidden")
    assert_error(api.get("/area-evaluations/999999", p["county11"]), 404, "not_found")
    # A draft may be partial; submitted, everything is needed.
    draft = api.patch(f"/area-evaluations/{county['id']}", p["county11"], json={"progress_score": 60}).get_json()
    assert draft["scores"]["progress"] == 60 and draft["status"] == "draft"
    bad = assert_error(api.patch(f"/area-evaluations/{county['id']}", p["county11"],
                                 json={"progress_score": 60, "submit": True}), 400, "invalid_input")
    assert "measures_score" in bad["error"]["fields"] and "progress_text" in bad["error"]["fields"]
    assert_error(api.patch(f"/area-evaluations/{county['id']}", p["county11"], json={"progress_score": 101}), 400,
                 "invalid_input")
    done = api.patch(f"/area-evaluations/{county['id']}", p["county11"], json={**SELF, "submit": True}).get_json()
    assert done["status"] == "submitted" and done["overall"] == 85.0 and not done["can_edit"]
    assert_error(api.patch(f"/area-evaluations/{county['id']}", p["county11"], json=SELF), 403, "forbidden")
    # The province returns it, with a reason; the area's admins hear it and revise.
    assert_error(api.post(f"/area-evaluations/{county['id']}/return", p["city1"], json={"reason": "补充"}), 403,
                 "forbidden")
    assert_error(api.post(f"/area-evaluations/{other['id']}/return", p["province"], json={"reason": "补充"}), 403,
                 "forbidden")  # not submitted
    back = api.post(f"/area-evaluations/{county['id']}/return", p["province"], json={"reason": "请补充创新经验"})
    assert back.get_json()["status"] == "returned" and back.get_json()["can_edit"] is False
    notices = api.get("/notices", p["county11"]).get_json()["items"]
    assert any("请补充创新经验" in n["text"] for n in notices)
    again = api.patch(f"/area-evaluations/{county['id']}", p["county11"], json={**SELF, "submit": True}).get_json()
    assert again["status"] == "submitted" and again["returned_reason"] is None


def test_outside_evaluators_experts_and_other_cities_only(api, world):
    p = world["people"]
    item = _open(api, world)
    areas = _areas(api, p["province"], item["id"])
    county, city2 = areas["区县11"], areas["城市2"]
    api.patch(f"/area-evaluations/{county['id']}", p["county11"], json={**SELF, "submit": True})
    seen = api.get(f"/area-evaluations/{county['id']}", p["province"]).get_json()
    kinds = {c["name"]: c["kind"] for c in seen["candidates"]}
    assert kinds == {"专家甲": "expert", "市管理员二": "peer"}  # not the county's own city, not outside the pool
    # The area cannot be evaluated by its own city.
    assert_error(api.post(f"/area-evaluations/{county['id']}/reviewers", p["province"],
                          json={"user_id": p["city1"].id}), 400, "invalid_input")
    assert_error(api.post(f"/area-evaluations/{county['id']}/reviewers", p["province"],
                          json={"user_id": p["stranger"].id}), 400, "invalid_input")
    assert_error(api.post(f"/area-evaluations/{county['id']}/reviewers", p["city2"],
                          json={"user_id": p["expert"].id}), 403, "forbidden")
    for who in ("expert", "city2"):
        r = api.post(f"/area-evaluations/{county['id']}/reviewers", p["province"], json={"user_id": p[who].id})
        assert r.status_code == 201, r.get_json()
    assert_error(api.post(f"/area-evaluations/{county['id']}/reviewers", p["province"],
                          json={"user_id": p["expert"].id}), 409, "already_assigned")
    assert any("区县11" in n["text"] for n in api.get("/notices", p["expert"]).get_json()["items"])
    # City 2 may not evaluate itself.
    city2_candidates = api.get(f"/area-evaluations/{city2['id']}", p["province"]).get_json()["candidates"]
    assert p["city2"].id not in {c["user_id"] for c in city2_candidates}
    assert_error(api.post(f"/area-evaluations/{city2['id']}/reviewers", p["province"],
                          json={"user_id": p["city2"].id}), 400, "invalid_input")
    # Evaluators see what they are asked about, nothing else.
    mine = api.get("/evaluations", p["expert"]).get_json()
    assert mine["rounds"] == [] and [a["evaluation_id"] for a in mine["assignments"]] == [county["id"]]
    assert_error(api.get(f"/area-evaluations/{areas['区县12']['id']}", p["expert"]), 403, "forbidden")
    assert_error(api.put(f"/area-evaluations/{areas['区县12']['id']}/review", p["expert"], json=REVIEW), 403,
                 "forbidden")
    assert_error(api.put(f"/area-evaluations/{county['id']}/review", p["stranger"], json=REVIEW), 403, "forbidden")
    assert_error(api.put(f"/area-evaluations/{county['id']}/review", p["expert"],
                         json={**REVIEW, "innovation_score": None}), 400, "invalid_input")
    given = api.put(f"/area-evaluations/{county['id']}/review", p["expert"], json=REVIEW).get_json()
    assert [r["reviewer"] for r in given["reviews"]] == ["专家甲"] and given["result"] is None
    peer = api.put(f"/area-evaluations/{county['id']}/review", p["city2"],
                   json={**REVIEW, "progress_score": 70, "measures_score": 70, "innovation_score": 70,
                         "performance_score": 70}).get_json()
    assert [r["reviewer"] for r in peer["reviews"]] == ["市管理员二"]
    # The province sees both side by side: self 85, outside (90 + 70) / 2 = 80, combined 0.3·85 + 0.7·80 = 81.5.
    row = _areas(api, p["province"], item["id"])["区县11"]
    assert (row["self_score"], row["outside_score"], row["combined"], row["grade"]) == (85.0, 80.0, 81.5, "good")
    assert len(api.get(f"/area-evaluations/{county['id']}", p["province"]).get_json()["reviews"]) == 2


def test_closing_freezes_the_round_and_exports_it(api, world):
    p = world["people"]
    item = _open(api, world)
    county = _areas(api, p["province"], item["id"])["区县11"]
    api.patch(f"/area-evaluations/{county['id']}", p["county11"], json={**SELF, "submit": True})
    api.post(f"/area-evaluations/{county['id']}/reviewers", p["province"], json={"user_id": p["expert"].id})
    assert_error(api.get(f"/evaluations/{item['id']}.xlsx", p["province"]), 409, "round_open")
    assert_error(api.post(f"/evaluations/{item['id']}/close", p["city1"]), 403, "forbidden")
    closed = api.post(f"/evaluations/{item['id']}/close", p["province"]).get_json()
    assert closed["state"] == "closed" and closed["closed_at"] and not closed["can_close"]
    assert_error(api.post(f"/evaluations/{item['id']}/close", p["province"]), 403, "forbidden")
    assert_error(api.put(f"/area-evaluations/{county['id']}/review", p["expert"], json=REVIEW), 403, "forbidden")
    assert_error(api.patch(f"/area-evaluations/{county['id']}", p["county12"], json=SELF), 403, "forbidden")
    assert_error(api.post(f"/area-evaluations/{county['id']}/reviewers", p["province"],
                          json={"user_id": p["city2"].id}), 403, "forbidden")
    sheet = api.get(f"/evaluations/{item['id']}.xlsx", p["city1"])
    assert sheet.status_code == 200
    cells = [c for row in load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True) for c in row]
    assert "区县11" in cells and 85.0 in cells and "城市2" not in cells  # the city's own subtree
    document = api.get(f"/evaluations/{item['id']}.pdf", p["province"])
    assert document.status_code == 200 and document.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(document.data)).pages)
    assert "区县11" in text and "分层管理" in text
    assert_error(api.get(f"/evaluations/{item['id']}.pdf", p["teacher"]), 403, "forbidden")
    assert_error(api.get("/evaluations/999999.pdf", p["province"]), 404, "not_found")


def test_pages_open_write_review_return_and_close(app, world):
    p = world["people"]
    province = app.test_client()
    sign_in(province, p["province"])
    page = province.get("/evaluations").get_data(as_text=True)
    bad = province.post("/evaluations", data={"csrf_token": csrf_token(page), "project_id": "999999"})
    assert bad.status_code == 404
    opened = province.post("/evaluations", data={"csrf_token": csrf_token(page), "project_id": world["project"]})
    assert opened.status_code == 302
    round_url = opened.headers["Location"]
    overview = province.get(round_url).get_data(as_text=True)
    assert "区县11" in overview and "30%" in overview
    county = app.test_client()
    sign_in(county, p["county11"])
    listing = county.get("/evaluations").get_data(as_text=True)
    assert "/evaluations/" in listing
    from lms.evaluations.models import AreaEvaluation
    from lms.extensions import db
    from lms.org.models import OrgUnit
    with app.app_context():
        ev_id = db.session.query(AreaEvaluation.id).join(OrgUnit).filter(OrgUnit.name == "区县11").scalar()
    area = county.get(f"/evaluations/areas/{ev_id}").get_data(as_text=True)
    assert re.search(r'name="progress_text"[^>]*>\s*区县11', area)  # the progress text starts from the figures
    token = csrf_token(area)
    missing = county.post(f"/evaluations/areas/{ev_id}", data={"csrf_token": token, "progress_score": "80",
                                                               "submit": "1"})
    assert missing.status_code == 200 and "is-invalid" in missing.get_data(as_text=True)
    wrong = county.post(f"/evaluations/areas/{ev_id}", data={"csrf_token": token, "progress_score": "abc"})
    assert wrong.status_code == 200 and "is-invalid" in wrong.get_data(as_text=True)
    sent = county.post(f"/evaluations/areas/{ev_id}", data={"csrf_token": token, **{k: str(v) for k, v in SELF.items()},
                                                            "submit": "1"})
    assert sent.status_code == 302
    other = app.test_client()
    sign_in(other, p["county12"])
    assert other.get(f"/evaluations/areas/{ev_id}").status_code == 403
    assert other.post(f"/evaluations/areas/{ev_id}", data={"csrf_token": csrf_token(
        other.get("/evaluations").get_data(as_text=True))}).status_code == 403
    # The province asks the expert; the expert scores on its page.
    area = province.get(f"/evaluations/areas/{ev_id}").get_data(as_text=True)
    assert "专家甲" in area and "市管理员一" not in area
    assigned = province.post(f"/evaluations/areas/{ev_id}/reviewers",
                             data={"csrf_token": csrf_token(area), "user_id": str(p["expert"].id)})
    assert assigned.status_code == 302
    expert = app.test_client()
    sign_in(expert, p["expert"])
    assert "区县11" in expert.get("/evaluations").get_data(as_text=True)
    review_page = expert.get(f"/evaluations/areas/{ev_id}").get_data(as_text=True)
    assert "review-progress_score" in review_page
    empty = expert.post(f"/evaluations/areas/{ev_id}/review", data={"csrf_token": csrf_token(review_page)})
    assert empty.status_code == 200 and "is-invalid" in empty.get_data(as_text=True)
    scored = expert.post(f"/evaluations/areas/{ev_id}/review", data={
        "csrf_token": csrf_token(review_page), **{f"review-{k}": str(v) for k, v in REVIEW.items()}})
    assert scored.status_code == 302
    assert "88.5" in province.get(round_url).get_data(as_text=True)  # 0.3 × 85 + 0.7 × 90
    # The province returns it (a reason is needed), then closes the round.
    area = province.get(f"/evaluations/areas/{ev_id}").get_data(as_text=True)
    no_reason = province.post(f"/evaluations/areas/{ev_id}/return", data={"csrf_token": csrf_token(area)})
    assert no_reason.status_code == 200 and "is-invalid" in no_reason.get_data(as_text=True)
    returned = province.post(f"/evaluations/areas/{ev_id}/return",
                             data={"csrf_token": csrf_token(area), "reason": "请补充"})
    assert returned.status_code == 302
    assert "请补充" in county.get(f"/evaluations/areas/{ev_id}").get_data(as_text=True)
    closed = province.post(f"{round_url}/close", data={"csrf_token": csrf_token(area)})
    assert closed.status_code == 302
    assert ".xlsx" in province.get(round_url).get_data(as_text=True)
