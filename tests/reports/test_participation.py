"""Learning statistics (J6, J15) match hand-counted fixtures and stay within each admin's area."""
from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook

from lms.core import clock
from tests.helpers import assert_error, sign_in
from tests.programme import TZ, Programme
from tests.reports.conftest import QUIZ


def report(api, user, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return api.get(f"/reports/participation?{query}", user)


def test_province_sees_its_cities_with_hand_counted_figures(api, stats):
    body = report(api, stats["admins"]["province"], batch_id=stats["batch"]).get_json()
    rows = {r["name"]: r for r in body["rows"]}
    city1, city2 = rows["城市1"], rows["城市2"]
    assert (city1["enrolled"], city1["started"], city1["seats"]) == (4, 2, 6)
    assert city1["study_hours_avg"] == 0.38  # (60 + 30) min over 4 learners = 0.375 h
    assert city1["assignment_completion_rate"] == 0.25 and city1["discussion_rate"] == 0.25
    assert city1["pass_rate"] == 0.25 and city1["grade_avg"] == 72.5
    assert (city2["enrolled"], city2["started"], city2["pass_rate"], city2["grade_avg"]) == (1, 0, 0.0, None)
    assert body["summary"]["enrolled"] == 5


def test_drill_down_to_the_learner(api, stats):
    schools = report(api, stats["admins"]["county11"], batch_id=stats["batch"]).get_json()["rows"]
    assert {r["name"]: r["enrolled"] for r in schools} == {"学校111": 3, "学校112": 0}
    learners = report(api, stats["admins"]["school111"], batch_id=stats["batch"]).get_json()["rows"]
    assert sorted(r["name"] for r in learners) == ["学员A", "学员B", "学员C"]
    a = next(r for r in learners if r["name"] == "学员A")
    assert a["study_hours_avg"] == 1.0 and a["pass_rate"] == 1.0 and a["grade_avg"] == 85.0


def test_an_areas_work_is_counted_within_the_area(api, stats):
    """Below the province the submissions and posts are counted for the area's learners only (the city's query
    restricts them); its rows must agree with what the same learners show one level down and up."""
    batch = stats["batch"]
    counties = {r["name"]: r for r in report(api, stats["admins"]["city1"], batch_id=batch).get_json()["rows"]}
    # County 11: A, B and C, of whom A handed in the quiz and posted; county 12: D, who did neither.
    assert counties["区县11"]["assignment_completion_rate"] == round(1 / 3, 4)
    assert counties["区县11"]["discussion_rate"] == round(1 / 3, 4)
    assert (counties["区县12"]["assignment_completion_rate"], counties["区县12"]["discussion_rate"]) == (0.0, 0.0)
    schools = {r["name"]: r for r in report(api, stats["admins"]["county11"], batch_id=batch).get_json()["rows"]}
    assert schools["学校111"]["discussion_rate"] == round(1 / 3, 4) and schools["学校112"]["enrolled"] == 0
    cities = {r["name"]: r for r in report(api, stats["admins"]["province"], batch_id=batch).get_json()["rows"]}
    assert cities["城市2"]["assignment_completion_rate"] == 0.0 and cities["城市2"]["discussion_rate"] == 0.0


def test_project_report_covers_all_its_batches(api, stats):
    rows = report(api, stats["admins"]["province"], project_id=stats["project"]).get_json()["rows"]
    assert sum(r["enrolled"] for r in rows) == 5


def test_a_batchs_report_leaves_out_the_projects_other_batches(app, api, stats):
    """E also took the project's batch 8, where E handed in the quiz and posted: batch 9's report, the province's
    and E's city's, still shows E's batch-9 work (none), and the project's report counts both of E's places and
    that work once."""
    programme = Programme(app)
    earlier = programme.batch(stats["project"], number=8, starts_on=date(2026, 10, 27))
    course = programme.course(minutes=120)
    klass = programme.klass(earlier, course)
    programme.seats_down_to(earlier, stats["tree"], "school211", 1)
    teacher = stats["people"]["E"]
    enrollment = programme.enroll(klass, teacher)
    with clock.frozen_at(datetime(2026, 10, 30, 9, 0, tzinfo=TZ)):
        api._tokens.clear()
        quiz = api.post(f"/courses/{course}/assignments", stats["admins"]["province"],
                        json={"kind": "objective", "title": "测验", "questions": QUIZ}).get_json()["id"]
        assert api.post(f"/assignments/{quiz}/submissions", teacher,
                        json={"enrollment_id": enrollment, "answers": [[1]]}).status_code == 201
        assert api.post(f"/classes/{klass}/topics", teacher, json={
            "title": "上一批的反思", "body": "回看上一批的课例，我把提问改成了小组讨论后的汇报。"}).get_json()["counts"]
    api._tokens.clear()
    for admin in ("province", "city2"):
        rows = report(api, stats["admins"][admin], batch_id=stats["batch"]).get_json()["rows"]
        mine = [r for r in rows if r["enrolled"] and r["name"] in ("城市2", "区县21")]
        assert [(r["enrolled"], r["assignment_completion_rate"], r["discussion_rate"]) for r in mine] == [(1, 0.0, 0.0)]
    city2 = next(r for r in report(api, stats["admins"]["province"], project_id=stats["project"]).get_json()["rows"]
                 if r["name"] == "城市2")
    assert (city2["enrolled"], city2["assignment_completion_rate"], city2["discussion_rate"]) == (2, 0.5, 0.5)


def test_scope_and_bad_input(api, stats, make):
    city2 = stats["tree"]["city2"]
    assert_error(report(api, stats["admins"]["city1"], batch_id=stats["batch"], org_unit_id=city2.id), 403, "forbidden")
    own = report(api, stats["admins"]["city2"], batch_id=stats["batch"]).get_json()
    assert [r["enrolled"] for r in own["rows"]] == [1, 0]  # its two counties only
    teacher = make.user(stats["tree"]["school111"], "teacher")
    assert_error(report(api, teacher, batch_id=stats["batch"]), 403, "forbidden")
    assert_error(report(api, stats["admins"]["province"]), 400, "invalid_input")
    assert_error(report(api, stats["admins"]["province"], batch_id=stats["batch"], project_id=stats["project"]), 400,
                 "invalid_input")
    assert_error(report(api, stats["admins"]["province"], batch_id="x"), 400, "invalid_input")
    assert_error(report(api, stats["admins"]["province"], batch_id=999999), 404, "not_found")


def test_excel_export(api, stats):
    r = api.get(f"/reports/participation.xlsx?batch_id={stats['batch']}", stats["admins"]["province"])
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.data)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["城市1", "城市2"]
    assert sheet.cell(3, 9).value == 0.25 and sheet.cell(3, 9).number_format == "0.0%"  # city 1's pass rate
    project = api.get(f"/reports/participation.xlsx?project_id={stats['project']}", stats["admins"]["province"])
    assert "batch" in r.headers["Content-Disposition"] and "project" in project.headers["Content-Disposition"]


def test_dashboard_page_with_its_chart(app, stats):
    client = app.test_client()
    sign_in(client, stats["admins"]["city1"])
    page = client.get(f"/reports?batch={stats['batch']}").get_data(as_text=True)
    assert "区县11" in page and "participation-chart" in page and "echarts.min.js" in page
    assert client.get(f"/reports?batch={stats['batch']}&unit={stats['tree']['city2'].id}").status_code == 403


def test_the_statistics_and_the_quota_pages_agree_at_every_level(api, stats):
    """One meaning of seats and enrolled: a unit's statistics say what its quota figures say."""
    for key in ("province", "city1", "county11", "school111"):
        admin, unit = stats["admins"][key], stats["tree"][key]
        summary = report(api, admin, batch_id=stats["batch"]).get_json()["summary"]
        quota = api.get(f"/batches/{stats['batch']}/quotas/{unit.id}", admin).get_json()
        assert (summary["seats"], summary["enrolled"]) == (quota["seats"], quota["enrolled_in_area"]), key
    school = report(api, stats["admins"]["school111"], batch_id=stats["batch"]).get_json()["summary"]
    assert (school["enrolled"], school["seats"]) == (3, 4)  # never "3 enrolled / 0 seats"


def _sheet_rows(data: bytes, first_row: int, key_col: int = 0) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=first_row) if row[key_col].value is not None]


def _page_rows(html: str) -> dict[str, list[str]]:
    """A page's table rows as {first cell's text: the other cells' texts} (a seats box counts as its value)."""
    import re

    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, flags=re.S)
        if len(cells) < 2:
            continue
        texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r'<input[^>]*name="seats"[^>]*value="(\d+)"[^>]*>',
                                                                   r" \1 ", c))).replace("Save", "").replace("保存", "")
                 .strip() for c in cells]
        rows[texts[0]] = texts[1:]
    return rows


def test_one_meaning_of_every_figure_at_every_level(app, api, stats):
    """Seats, handed down, enrolled in the subtree, started and passed: the quota API and its Excel, the
    statistics API and its Excel, at the province, a city, a county and a school, and each unit's line in its
    parent's table against its own summary — one figure, one meaning."""
    batch, t, admins = stats["batch"], stats["tree"], stats["admins"]
    own_lines = {}
    for key in ("province", "city1", "county11", "school111"):
        admin, unit = admins[key], t[key]
        children = api.get(f"/batches/{batch}/quotas?parent_id={unit.id}", admin).get_json()
        quota = {r["name"]: (r["seats"], r["allocated"], r["enrolled_in_area"]) for r in children["items"]}
        # Handed down = the children's seats added up; the parent's own line is its quota figures.
        assert children["parent"]["allocated"] == sum(s for s, _a, _e in quota.values()), key
        sheet = api.get(f"/batches/{batch}/quotas.xlsx?parent_id={unit.id}", admin)
        assert {r[2]: (r[3], r[4], r[5]) for r in _sheet_rows(sheet.data, 2)} == quota, key
        body = report(api, admin, batch_id=batch).get_json()
        stats_rows = {r["name"]: r for r in body["rows"]}
        if unit.level != "school":
            assert {n: (r["seats"], r["enrolled"]) for n, r in stats_rows.items()} == \
                {n: (s, e) for n, (s, _a, e) in quota.items()}, key
        workbook = api.get(f"/reports/participation.xlsx?batch_id={batch}", admin)
        assert workbook.status_code == 200
        in_excel = {r[0]: (r[2], r[3], r[4]) for r in _sheet_rows(workbook.data, 3)}
        assert in_excel == {n: (r["seats"], r["enrolled"], r["started"]) for n, r in stats_rows.items()}, key
        # The pages say the same: the quota page's rows (seats, handed down, enrolled) and the statistics page's.
        client = app.test_client()
        sign_in(client, admin)
        if unit.level != "school":
            page = _page_rows(client.get(f"/quotas/batches/{batch}/units/{unit.id}").get_data(as_text=True))
            assert {n: tuple(int(v) for v in page[n][1:4]) for n in quota} == quota, key
            page = _page_rows(client.get(f"/reports?batch={batch}").get_data(as_text=True))
            assert {n: (int(page[n][1]), int(page[n][2]), int(page[n][3])) for n in stats_rows} == \
                {n: (r["seats"], r["enrolled"], r["started"]) for n, r in stats_rows.items()}, key
        summary = body["summary"]
        own = api.get(f"/batches/{batch}/quotas/{unit.id}", admin).get_json()
        assert (summary["seats"], summary["enrolled"]) == (own["seats"], own["enrolled_in_area"]), key
        passed = sum(round((r["pass_rate"] or 0) * r["enrolled"]) for r in stats_rows.values())
        own_lines[unit.name] = (summary["seats"], summary["enrolled"], summary["started"], passed)
        for name, r in stats_rows.items():
            if name in own_lines or r.get("level") == "teacher":
                continue
            own_lines.setdefault(("row", name), (r["seats"], r["enrolled"], r["started"],
                                                 round((r["pass_rate"] or 0) * r["enrolled"])))
    # A unit's line in its parent's table is its own summary.
    for name in ("城市1", "区县11", t["school111"].name):
        assert own_lines[("row", name)] == own_lines[name], name
    # Hand counts: city 1 has A, B, C, D (A and C started, A passed) under 6 seats; school111 has A, B, C.
    assert own_lines["城市1"] == (6, 4, 2, 1) and own_lines[t["school111"].name] == (4, 3, 2, 1)
