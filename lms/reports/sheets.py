"""The participation report as an Excel workbook."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook

from lms.core.spreadsheets import append_row


def columns() -> list[tuple[str, str]]:
    return [("name", _("Unit")), ("teacher_count", _("Teachers")), ("seats", _("Seats")),
            ("enrolled", _("Enrolled")), ("started", _("Started")), ("study_hours_avg", _("Average study hours")),
            ("assignment_completion_rate", _("Assignment completion")), ("discussion_rate", _("Discussion rate")),
            ("pass_rate", _("Pass rate")), ("grade_avg", _("Average grade"))]


RATES = {"assignment_completion_rate", "discussion_rate", "pass_rate"}


def participation_workbook(title: str, rows: list[dict]) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.title = _("Statistics")
    append_row(sheet, [title])
    cols = columns()
    append_row(sheet, [label for _key, label in cols])
    for row in rows:
        append_row(sheet, [row.get(key) for key, _label in cols])
    # Rates are kept as fractions (Excel computes with them) and shown as percentages.
    for index, (key, _label) in enumerate(cols, start=1):
        if key in RATES:
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = "0.0%"
    for letter in "ABCDEFGHIJ":
        sheet.column_dimensions[letter].width = 16
    sheet.column_dimensions["A"].width = 28
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
