"""The admins' month sheet of their tutors' points (openpyxl; every cell through core.spreadsheets). The term
settlement's sheet is live research's (lms.live.sheets.settlement_workbook): the same columns and rule."""
from __future__ import annotations

from flask_babel import gettext as _
from openpyxl import Workbook

from lms.core.spreadsheets import append_header, append_row, workbook_bytes


def month_workbook(data: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{data['year']:04d}-{data['month']:02d}"
    append_header(sheet, [_("Tutor"), _("User id"), _("Unit"), _("Sessions"), _("Minutes"), _("Students"),
                        _("Mean rating"), _("Session points"), _("Question square"), _("Micro-lessons"), _("Points")])
    for r in data["rows"]:
        append_row(sheet, [r["tutor"]["name"], r["tutor"]["id"], r["unit"], r["sessions"], r["minutes"],
                           r["students"], r["mean_rating"], r["session_points"], r["adoption_points"],
                           r["lesson_points"], r["points"]])
    append_row(sheet, [_("Total"), None, None, data["sessions"], data["minutes"], None, None, None, None, None,
                       data["points"]])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["C"].width = 28
    return workbook_bytes(book)


def month_file_name(data: dict) -> str:
    return f"tutoring-points-{data['year']:04d}-{data['month']:02d}.xlsx"
