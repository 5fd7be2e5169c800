"""A batch's workload statement as an Excel workbook (openpyxl, cells made safe by lms/core/spreadsheets.py)."""
from __future__ import annotations

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from lms.core.spreadsheets import append_row, workbook_bytes
from lms.workload import labels


def workbook(title: str, rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Workload")[:31]
    append_row(sheet, [title])
    columns = labels.columns()
    append_row(sheet, [label for _key, label in columns])
    for row in rows:
        append_row(sheet, [labels.role(row[key]) if key == "role" else ("" if row[key] is None else row[key])
                           for key, _label in columns])
    for i, (key, _label) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = 14 if key in ("name", "role") else (24 if key == "unit" else 10)
    return workbook_bytes(book)
