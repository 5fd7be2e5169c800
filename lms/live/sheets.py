"""A term's settlement as an Excel sheet for the payment office (openpyxl; every cell through core.spreadsheets)."""
from __future__ import annotations

from flask_babel import gettext as _
from openpyxl import Workbook

from lms.core.spreadsheets import append_header, append_row, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def settlement_workbook(data: dict, title_labels: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Settlement")[:31]
    append_header(sheet, [_("Tutor"), _("User id"), _("Unit"), _("Title grade"), _("Sessions"), _("Points"),
                        _("Coefficient"), _("Amount (yuan)")])
    for row in data["rows"]:
        append_row(sheet, [row["tutor"]["name"], row["tutor"]["id"], row["unit"],
                           str(title_labels.get(row["title_grade"], row["title_grade"])), row["sessions"],
                           row["points"], row["coefficient"], row["amount"]])
    append_row(sheet, [_("Total"), None, None, None, None, data["points"], None, data["amount"]])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["C"].width = 28
    sheet.column_dimensions["D"].width = 30
    meta = book.create_sheet(_("About this sheet")[:31])
    term = data["term"]
    append_row(meta, [_("Term"), term["name"], term["starts_on"], term["ends_on"]])
    append_row(meta, [_("Settled"), data["settled_at"] or _("not yet: running figures")])
    append_row(meta, [_("Rule"), _("Amount = points × 10 yuan × coefficient (正高级/特级 1.4, 市级学科带头人/骨干 1.2, "
                                   "others 1.0)")])
    return workbook_bytes(book)


def file_name(term: dict, prefix: str = "live-settlement") -> str:
    return f"{prefix}-{term['id']}-{term['starts_on']}.xlsx"
