"""The ranking of the tutoring organisation awards as an Excel sheet (openpyxl; every cell through
core.spreadsheets): one sheet of schools, one of districts."""
from __future__ import annotations

from flask_babel import gettext as _
from openpyxl import Workbook

from lms.core.spreadsheets import append_header, append_row, workbook_bytes


def ranking_workbook(data: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for key, title in (("schools", _("Schools")), ("districts", _("Districts"))):
        sheet = book.create_sheet(title)
        append_header(sheet, [_("Rank"), _("Unit"), _("Unit id"), _("Above"), _("Composite"), _("Students"),
                            _("Minutes per student"), _("Tutors' mean score"), _("Key teachers"),
                            _("Key teachers tutoring"), _("Share (%)"), _("Their mean minutes"),
                            _("Their mean points"), _("Awarded")])
        for r in data[key]:
            append_row(sheet, [r["rank"], r["unit"]["name"], r["unit"]["id"], r["parent"], r["score"], r["students"],
                               r["student_minutes"], r["evaluation"], r["key_teachers"], r["key_tutors"],
                               r["key_share"], r["key_minutes"], r["key_points"], _("yes") if r["awarded"] else ""])
        sheet.column_dimensions["B"].width = 28
    return workbook_bytes(book)


def file_name(data: dict) -> str:
    return f"tutoring-org-awards-{data['term']['id']}.xlsx"
