"""A survey's results as an Excel workbook (openpyxl; every cell through lms.core.spreadsheets): a summary sheet
with each question's counts and percentages, and a sheet of the free-text answers."""
from __future__ import annotations

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from lms.core.spreadsheets import append_row, workbook_bytes


def _percent(value) -> str:
    return "" if value is None else f"{value}%"


def workbook(data: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    append_row(sheet, [data["title"]])
    append_row(sheet, [_("Addressed"), data["addressed"], _("Responses"), data["responses"], _("Response rate"),
                       _percent(data["response_rate"])])
    append_row(sheet, [_("Anonymous") if data["anonymous"] else _("Named")])
    append_row(sheet, [])
    append_row(sheet, [_("No."), _("Question"), _("Option"), _("Count"), _("Percent")])
    for q in data["questions"]:
        append_row(sheet, [q["position"], q["prompt"], _("Answered"), q["answered"], ""])
        for option in q.get("options") or []:
            append_row(sheet, ["", "", option["label"], option["count"], _percent(option["percent"])])
        if q.get("mean") is not None:
            append_row(sheet, ["", "", _("Mean"), q["mean"], ""])
        if q.get("texts") is not None:
            append_row(sheet, ["", "", _("Free-text answers"), len(q["texts"]), ""])
    for i, width in enumerate((6, 48, 28, 10, 10, 10), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    texts = book.create_sheet(_("Free-text answers")[:31])
    append_row(texts, [_("No."), _("Question"), _("Answer")])
    for q in data["questions"]:
        for text in q.get("texts") or []:
            append_row(texts, [q["position"], q["prompt"], text])
    texts.column_dimensions["B"].width, texts.column_dimensions["C"].width = 40, 80
    if data["respondents"]:
        people = book.create_sheet(_("Respondents")[:31])
        append_row(people, [_("Full name"), _("Answered at")])
        for r in data["respondents"]:
            append_row(people, [r["name"], (r["submitted_at"] or "")[:16].replace("T", " ")])
    return workbook_bytes(book)
