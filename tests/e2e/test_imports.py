"""End to end, on a phone-sized screen: a school admin imports its own list and downloads the accounts with
their initial passwords from the answer page (a data: link under the app's Content-Security-Policy)."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.factories import PASSWORD
from tests.org.test_user_import_sheets import school_sheet

pytestmark = pytest.mark.e2e


def test_a_school_admin_imports_its_list_and_downloads_the_passwords(live_server, browser, make, tmp_path):
    tree = make.tree()
    make.admin(tree["school111"], username="e2e_school")
    sheet = tmp_path / "名单.xlsx"
    sheet.write_bytes(school_sheet([[1, "陈静", "女", "１３８００１３８０６１", "语文", "小学", ""],
                                    [2, "周磊", "男", "13800138062", "数学", "小学", ""]]).getvalue())
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server + "/login")
    page.fill("#username", "e2e_school")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(live_server + "/org/users/import")
    page.set_input_files("input[type=file]", str(sheet))
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    page.wait_for_selector("#passwords-download")
    with page.expect_download() as caught:
        page.click("#passwords-download")
    download = caught.value
    assert download.suggested_filename == "initial-passwords.xlsx"
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(open(download.path(), "rb").read())).active.iter_rows()]
    assert [r[:2] for r in rows[1:]] == [["陈静", "13800138061"], ["周磊", "13800138062"]]
    assert all(r[3] for r in rows[1:])
    context.close()
