"""Request-size limits and spreadsheet bombs (docs/SECURITY.md, "Limits" and "Uploads")."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from lms.core import spreadsheets
from lms.org import importer, services
from lms.quotas import sheets as quota_sheets
from tests.helpers import assert_error, csrf_token, sign_in
from tests.programme import Programme


def test_an_oversize_json_body_is_refused_before_anything_reads_it(api, app, monkeypatch):
    called = []
    monkeypatch.setattr(services, "authenticate", lambda *a, **k: called.append(1))
    body = json.dumps({"username": "x", "password": "y" * (app.config["MAX_BODY_BYTES"] + 10)})
    r = api.client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert_error(r, 413, "too_large")
    assert called == []


def test_every_json_route_has_the_small_limit(api, make, tree, app):
    admin = make.admin(tree["province"])
    big = {"name": "x" * (app.config["MAX_BODY_BYTES"] + 1), "level": "city", "parent_id": tree["province"].id}
    assert_error(api.post("/org-units", admin, json=big), 413, "too_large")
    assert_error(api.put("/batches/1/quotas/1", admin, json={"seats": 1, "pad": "x" * app.config["MAX_BODY_BYTES"]}),
                 413, "too_large")


def test_an_oversize_form_gets_a_clear_page(client, app):
    r = client.post("/login", data={"username": "x", "password": "y" * (app.config["MAX_BODY_BYTES"] + 10)})
    assert r.status_code == 413 and r.mimetype == "text/html"
    assert "too large" in r.get_data(as_text=True) or "过大" in r.get_data(as_text=True)


def test_a_json_body_to_an_upload_route_keeps_the_small_limit(api, make, tree, app):
    admin = make.admin(tree["province"])
    assert_error(api.post("/users/import", admin, json={"pad": "x" * app.config["MAX_BODY_BYTES"]}), 413, "too_large")


def test_uploads_have_their_own_limit(api, make, tree, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_BODY_BYTES", 8 * 1024)
    monkeypatch.setitem(app.config, "MAX_IMPORT_BYTES", 400 * 1024)
    admin = make.admin(tree["province"])
    # Over the JSON/form limit, under the upload limit: read and judged on its content.
    rows = "".join(f"u{i:06d},名字,NOPE\n" for i in range(2000))
    csv = ("用户名,姓名,单位代码\n" + rows).encode()
    assert 8 * 1024 < len(csv) < 400 * 1024
    r = api.post("/users/import", admin, data={"file": (io.BytesIO(csv), "u.csv")}, content_type="multipart/form-data")
    assert r.status_code == 400 and r.get_json()["errors"]
    huge = b"x" * (800 * 1024)
    r = api.post("/users/import", admin, data={"file": (io.BytesIO(huge), "u.csv")}, content_type="multipart/form-data")
    assert_error(r, 413, "too_large")


def _xlsx(sheet_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook whose first sheet is ``sheet_xml``, written straight into a zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def _sheet(rows: int, padding: int = 0) -> bytes:
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main"><sheetData>')
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    return head + row * rows + b" " * padding + b"</sheetData></worksheet>"


def test_a_small_valid_sheet_passes_the_check(ctx):
    header = ('<row r="1"><c r="A1" t="inlineStr"><is><t>用户名</t></is></c><c r="B1" t="inlineStr"><is><t>姓名</t></is>'
              '</c><c r="C1" t="inlineStr"><is><t>单位代码</t></is></c></row>').encode()
    data = _xlsx(_sheet(0).replace(b"<sheetData>", b"<sheetData>" + header))
    assert importer.read("u.xlsx", data).rows == []


@pytest.fixture
def no_parsing(monkeypatch):
    """No xlsx reader may even be called for a bomb."""
    def refuse(*_a, **_k):
        raise AssertionError("a sheet reader was called")
    monkeypatch.setattr(spreadsheets.CalamineWorkbook, "from_filelike", refuse)  # the user and org-tree imports
    monkeypatch.setattr(spreadsheets, "load_workbook", refuse)  # the quota and credit sheets' reader


def test_a_size_bomb_is_refused_before_parsing(api, make, tree, app, no_parsing):
    bomb = _xlsx(_sheet(1, padding=app.config["MAX_IMPORT_UNCOMPRESSED_BYTES"]))
    assert len(bomb) < 100 * 1024  # compresses more than 100:1
    admin = make.admin(tree["province"])
    r = api.post("/users/import", admin, data={"file": (io.BytesIO(bomb), "u.xlsx")}, content_type="multipart/form-data")
    assert_error(r, 413, "too_large")


def test_a_bomb_hidden_in_another_part_is_refused(api, make, tree, app, no_parsing):
    bomb = _xlsx(_sheet(1), {"xl/media/junk.bin": b"\0" * (app.config["MAX_IMPORT_UNCOMPRESSED_BYTES"] + 1)})
    admin = make.admin(tree["province"])
    r = api.post("/users/import", admin, data={"file": (io.BytesIO(bomb), "u.xlsx")}, content_type="multipart/form-data")
    assert_error(r, 413, "too_large")


def test_a_row_bomb_is_refused_before_parsing(api, make, tree, app, no_parsing):
    rows = importer.MAX_SHEET_ROWS + 1
    bomb = _xlsx(_sheet(rows))
    admin = make.admin(tree["province"])
    r = api.post("/users/import", admin, data={"file": (io.BytesIO(bomb), "u.xlsx")}, content_type="multipart/form-data")
    body = assert_error(r, 400, "invalid_input")
    assert "file" in body["error"]["fields"]


def test_the_quota_import_checks_the_archive_too(api, make, tree, app, no_parsing):
    p = Programme(app)
    batch = p.batch(p.project())
    admin = make.admin(tree["province"])
    bomb = _xlsx(_sheet(quota_sheets.MAX_SHEET_ROWS + 1))
    r = api.post(f"/batches/{batch}/quotas/import?parent_id={tree['province'].id}", admin,
                 data={"file": (io.BytesIO(bomb), "q.xlsx")}, content_type="multipart/form-data")
    assert_error(r, 400, "invalid_input")
    bomb = _xlsx(_sheet(1, padding=app.config["MAX_IMPORT_UNCOMPRESSED_BYTES"]))
    r = api.post(f"/batches/{batch}/quotas/import?parent_id={tree['province'].id}", admin,
                 data={"file": (io.BytesIO(bomb), "q.xlsx")}, content_type="multipart/form-data")
    assert_error(r, 413, "too_large")


def test_the_import_page_reports_a_bomb(app, make, tree, no_parsing):
    client = app.test_client()
    sign_in(client, make.admin(tree["province"]))
    token = csrf_token(client.get("/org/users/import").get_data(as_text=True))
    bomb = _xlsx(_sheet(1, padding=app.config["MAX_IMPORT_UNCOMPRESSED_BYTES"]))
    r = client.post("/org/users/import", data={"csrf_token": token, "file": (io.BytesIO(bomb), "u.xlsx")},
                    content_type="multipart/form-data")
    assert r.status_code == 400
