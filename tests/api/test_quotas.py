"""PUT/GET quotas, the children's table, Excel round trip, compliance: codes and scope (J4-J6)."""
from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook

from tests.helpers import assert_error, sign_in
from tests.programme import Programme, at

TZ = ZoneInfo("Asia/Shanghai")
BEFORE_DEADLINE = datetime(2026, 7, 1, 9, 0, tzinfo=TZ)
AFTER_DEADLINE = datetime(2026, 7, 7, 0, 0, tzinfo=TZ)


@pytest.fixture
def world(app, make):
    t = make.tree()
    t["admins"] = {key: make.admin(unit) for key, unit in t.items()}
    p = t["p"] = Programme(app)
    t["project"] = p.project(quota_deadline=datetime(2099, 7, 7).date())  # the deadline test sets its own
    t["batch"] = p.batch(t["project"])
    return t


def put(api, world, admin_key, unit_key, seats):
    return api.put(f"/batches/{world['batch']}/quotas/{world[unit_key].id}", world["admins"][admin_key],
                   json={"seats": seats})


def test_seats_flow_down_and_the_figures_stay_exact(api, world):
    assert put(api, world, "province", "province", 100).status_code == 200
    r = put(api, world, "province", "city1", 60)
    assert r.get_json() == {"batch_id": world["batch"], "org_unit_id": world["city1"].id, "seats": 60,
                            "allocated": 0, "enrolled": 0, "available": 60, "enrolled_in_area": 0}
    assert put(api, world, "city1", "county11", 25).status_code == 200
    assert put(api, world, "county11", "school111", 10).status_code == 200
    assert put(api, world, "city1", "school112", 5).status_code == 200  # a city may hand down to schools too
    assert put(api, world, "city1", "county11", 20).status_code == 200  # lowering frees seats
    get = lambda key, who="province": api.get(f"/batches/{world['batch']}/quotas/{world[key].id}",  # noqa: E731
                                             world["admins"][who]).get_json()
    assert get("province") == {"batch_id": world["batch"], "org_unit_id": world["province"].id, "seats": 100,
                               "allocated": 60, "enrolled": 0, "available": 40, "enrolled_in_area": 0}
    assert get("city1", "city1")["allocated"] == 20 and get("city1")["available"] == 40
    assert get("county11", "county11") == {"batch_id": world["batch"], "org_unit_id": world["county11"].id,
                                           "seats": 20, "allocated": 15, "enrolled": 0, "available": 5,
                                           "enrolled_in_area": 0}
    table = api.get(f"/batches/{world['batch']}/quotas?parent_id={world['county11'].id}", world["admins"]["county11"])
    assert [(row["org_unit_id"], row["seats"]) for row in table.get_json()["items"]] == [
        (world["school111"].id, 10), (world["school112"].id, 5)]
    assert table.get_json()["parent"]["available"] == 5
    default = api.get(f"/batches/{world['batch']}/quotas", world["admins"]["city1"]).get_json()
    assert {row["org_unit_id"] for row in default["items"]} == {world["county11"].id, world["county12"].id}


def test_quota_exceeds_parent(api, world):
    put(api, world, "province", "province", 10)
    put(api, world, "province", "city1", 8)
    body = assert_error(put(api, world, "province", "city2", 3), 409, "quota_exceeds_parent")
    assert "2" in body["error"]["message"]
    assert_error(put(api, world, "city1", "county11", 9), 409, "quota_exceeds_parent")
    assert_error(put(api, world, "county11", "school111", 1), 409, "quota_exceeds_parent")  # county has none
    assert api.get(f"/batches/{world['batch']}/quotas/{world['city2'].id}", world["admins"]["province"]).get_json()[
        "seats"] == 0


def test_quota_below_usage(api, world):
    p = world["p"]
    p.seats_down_to(world["batch"], world, "school111", 5)
    assert_error(put(api, world, "city1", "county11", 4), 409, "quota_below_usage")
    assert_error(put(api, world, "province", "province", 4), 409, "quota_below_usage")


def test_quota_below_usage_counts_enrollments(api, world, make):
    p = world["p"]
    p.seats_down_to(world["batch"], world, "school111", 2)
    teacher = make.user(world["school111"], "teacher")
    p.enroll(p.klass(world["batch"]), teacher)
    assert_error(put(api, world, "county11", "school111", 0), 409, "quota_below_usage")
    assert put(api, world, "county11", "school111", 1).get_json()["available"] == 0


def test_quota_deadline_passed_binds_cities_but_not_the_province(api, world):
    world["batch"] = world["p"].batch(world["p"].project())  # the default deadline: Jul 7 of the year
    with at(api, BEFORE_DEADLINE):
        put(api, world, "province", "province", 100)
        assert put(api, world, "city1", "city1", 30).status_code == 200  # J5: a city submits its own seats
    with at(api, AFTER_DEADLINE):
        assert_error(put(api, world, "city1", "city1", 40), 409, "quota_deadline_passed")
        assert put(api, world, "province", "city1", 40).status_code == 200
        assert put(api, world, "city1", "county11", 10).status_code == 200  # hand-down goes on all year


@pytest.mark.parametrize("admin_key,unit_key", [
    ("city2", "city1"), ("city2", "county11"), ("county12", "school111"), ("county21", "school111"),
    ("school111", "school111"), ("school112", "school111"), ("county11", "county11"), ("city1", "province"),
    ("county11", "city1")])
def test_setting_seats_outside_ones_reach_is_forbidden_whatever_the_body(api, world, admin_key, unit_key):
    for body in ({"seats": 1}, {}, {"seats": "many"}):
        r = api.put(f"/batches/{world['batch']}/quotas/{world[unit_key].id}", world["admins"][admin_key], json=body)
        assert_error(r, 403, "forbidden")


@pytest.mark.parametrize("admin_key,unit_key", [("city2", "city1"), ("city2", "school111"), ("county12", "school111"),
                                                ("school112", "school111"), ("school111", "county11")])
def test_reading_another_areas_quotas_is_forbidden(api, world, admin_key, unit_key):
    admin = world["admins"][admin_key]
    assert_error(api.get(f"/batches/{world['batch']}/quotas/{world[unit_key].id}", admin), 403, "forbidden")
    assert_error(api.get(f"/batches/{world['batch']}/quotas?parent_id={world[unit_key].id}", admin), 403, "forbidden")
    assert_error(api.get(f"/batches/{world['batch']}/quotas.xlsx?parent_id={world[unit_key].id}", admin), 403,
                 "forbidden")


@pytest.mark.parametrize("body", [{}, {"seats": -1}, {"seats": "x"}, {"seats": 1.5}, {"seats": 1, "more": 2},
                                  {"seats": 10**9}, [], None])
def test_bad_seats_are_400_and_change_nothing(api, world, body):
    r = api.put(f"/batches/{world['batch']}/quotas/{world['province'].id}", world["admins"]["province"], json=body)
    assert_error(r, 400, "invalid_input")
    assert api.get(f"/batches/{world['batch']}/quotas/{world['province'].id}",
                   world["admins"]["province"]).get_json()["seats"] == 0


def test_unknown_batch_or_unit_is_404(api, world):
    admin = world["admins"]["province"]
    assert_error(api.put(f"/batches/99999/quotas/{world['city1'].id}", admin, json={"seats": 1}), 404, "not_found")
    assert_error(api.put(f"/batches/{world['batch']}/quotas/99999", admin, json={"seats": 1}), 404, "not_found")
    assert_error(api.get(f"/batches/{world['batch']}/quotas?parent_id=abc", admin), 400, "invalid_input")
    assert_error(api.get("/projects/99999/compliance", admin), 404, "not_found")


def test_excel_round_trip_changes_all_rows_or_none(api, world):
    p, admin = world["p"], world["admins"]["city1"]
    p.seats(world["batch"], world["province"], 100)
    p.seats(world["batch"], world["city1"], 50)
    r = api.get(f"/batches/{world['batch']}/quotas.xlsx?parent_id={world['city1'].id}", admin)
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(r.data))
    sheet = book.worksheets[0]
    assert sheet.cell(2, 1).value == world["county11"].id
    # In Chinese throughout: the sheets' names and the info sheet's labels (no "info", "batch9", "Project").
    assert book.sheetnames == ["第 9 期", "表格说明"] or all(not n.isascii() for n in book.sheetnames), book.sheetnames
    labels = [row[0].value for row in book.worksheets[1].iter_rows()]
    assert all(not str(label).isascii() for label in labels), labels
    sheet.cell(2, 4).value, sheet.cell(3, 4).value = 30, 25  # 55 > 50: refused as a whole
    data = io.BytesIO()
    book.save(data)
    url = f"/batches/{world['batch']}/quotas/import?parent_id={world['city1'].id}"
    r = api.post(url, admin, data={"file": (io.BytesIO(data.getvalue()), "q.xlsx")})
    assert_error(r, 400, "invalid_input")
    assert len(r.get_json()["errors"]) == 1 and r.get_json()["errors"][0]["row"] in (2, 3)
    assert p.figures(world["batch"], world["county11"])["seats"] == 0
    sheet.cell(3, 4).value = 20
    data = io.BytesIO()
    book.save(data)
    r = api.post(url, admin, data={"file": (io.BytesIO(data.getvalue()), "q.xlsx")})
    assert r.status_code == 200 and r.get_json() == {"updated": 2, "errors": []}
    assert p.figures(world["batch"], world["city1"])["allocated"] == 50


def test_excel_import_refuses_bad_files_and_foreign_rows(api, world):
    admin = world["admins"]["city1"]
    url = f"/batches/{world['batch']}/quotas/import?parent_id={world['city1'].id}"
    assert_error(api.post(url, admin, data={}), 400, "invalid_input")
    assert_error(api.post(url, admin, data={"file": (io.BytesIO(b"not a sheet"), "q.xlsx")}), 400, "invalid_input")
    assert_error(api.post(url, admin, data={"file": (io.BytesIO(b"a,b"), "q.csv")}), 415, "unsupported_media_type")
    book = Workbook()
    book.active.append(["单位ID", "名额"])
    book.active.append([world["county21"].id, 5])
    book.active.append([world["county11"].id, "five"])
    data = io.BytesIO()
    book.save(data)
    r = api.post(url, admin, data={"file": (io.BytesIO(data.getvalue()), "q.xlsx")})
    assert_error(r, 400, "invalid_input")
    assert [e["row"] for e in r.get_json()["errors"]] == [2, 3]
    other = f"/batches/{world['batch']}/quotas/import?parent_id={world['city2'].id}"
    assert_error(api.post(other, admin, data={"file": (io.BytesIO(data.getvalue()), "q.xlsx")}), 403, "forbidden")


def test_compliance_per_city(api, world, make):
    p = world["p"]
    p.seats_down_to(world["batch"], world, "school111", 12)
    klass = p.klass(world["batch"])
    for _i in range(10):
        p.enroll(klass, make.user(world["school111"], "teacher"))
    rows = api.get(f"/projects/{world['project']}/compliance", world["admins"]["province"]).get_json()["items"]
    by_city = {row["org_unit_id"]: row for row in rows}
    # make.tree gives every unit 100 teachers: 10% is 10.
    assert by_city[world["city1"].id] | {} == {"org_unit_id": world["city1"].id, "name": world["city1"].name,
                                               "teacher_count": 100, "seats": 12, "enrolled": 10,
                                               "required_minimum": 10, "meets_minimum": True, "shortfall": 0}
    assert by_city[world["city2"].id]["meets_minimum"] is False
    mine = api.get(f"/projects/{world['project']}/compliance", world["admins"]["city2"]).get_json()["items"]
    assert [row["org_unit_id"] for row in mine] == [world["city2"].id]
    assert api.get(f"/projects/{world['project']}/compliance", world["admins"]["county11"]).get_json()["items"] == []



def test_an_area_shows_the_enrollments_of_its_schools_everywhere(api, world, make, app):
    """One meaning of "enrolled" for an area: the API, the quota page and the Excel sheet agree."""
    p = world["p"]
    p.seats_down_to(world["batch"], world, "school111", 3)
    p.seats_down_to(world["batch"], world, "school121", 2)
    klass = p.klass(world["batch"])
    for school, n in (("school111", 3), ("school121", 2)):
        for _i in range(n):
            p.enroll(klass, make.user(world[school], "teacher"))
    admin = world["admins"]["province"]
    expected = {"province": 5, "city1": 5, "county11": 3, "county12": 2, "school111": 3, "city2": 0}
    for key, count in expected.items():
        figures = api.get(f"/batches/{world['batch']}/quotas/{world[key].id}", admin).get_json()
        assert figures["enrolled_in_area"] == count, key
        assert figures["enrolled"] == (count if key.startswith("school") else 0)  # the unit's own, as documented
    rows = api.get(f"/batches/{world['batch']}/quotas", admin).get_json()
    assert {r["org_unit_id"]: r["enrolled_in_area"] for r in rows["items"]} == {
        world["city1"].id: 5, world["city2"].id: 0}
    assert rows["parent"]["enrolled_in_area"] == 5
    sheet = load_workbook(io.BytesIO(api.get(f"/batches/{world['batch']}/quotas.xlsx?parent_id={world['city1'].id}",
                                             admin).data)).worksheets[0]
    assert [sheet.cell(r, 6).value for r in (2, 3)] == [3, 2]
    client = app.test_client()
    sign_in(client, admin)
    page = client.get(f"/quotas/batches/{world['batch']}/units/{world['city1'].id}").get_data(as_text=True)
    own = page.split('id="own-figures"')[1].split("</div>\n</div>")[0]
    assert '<div class="stat-value">5</div>' in own


def test_an_ended_batchs_seats_no_longer_change(api, world, app):
    world["p"].seats(world["batch"], world["province"], 100)
    ended = datetime(2027, 1, 5, 9, 0, tzinfo=TZ)  # the batch ran from 26 Nov for 20 days
    with at(api, ended):
        for admin_key, unit_key in (("province", "province"), ("province", "city1")):
            r = put(api, world, admin_key, unit_key, 10)
            assert_error(r, 409, "batch_ended")
            assert "已结束" in r.get_json()["error"]["message"]
        assert world["p"].figures(world["batch"], world["city1"])["seats"] == 0
        client = app.test_client()
        sign_in(client, world["admins"]["province"])
        page = client.get(f"/quotas/batches/{world['batch']}/units/{world['province'].id}").get_data(as_text=True)
        assert 'name="seats"' not in page  # no box offers a change the server would refuse
