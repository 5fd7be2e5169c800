"""A batch's commendation list as an Excel workbook (openpyxl) and as a PDF (reportlab, with the CJK font the
certificates embed: lms/certificates/fonts). Before the province confirms, both say they are a draft."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from lms.certificates.pdf import draw
from lms.commendation import services
from lms.core.spreadsheets import append_row, workbook_bytes
from lms.grading import services as grading


def title(data: dict) -> str:
    return _("Outstanding learners commended: %(project)s, batch %(n)d", project=data["project_name"],
             n=data["batch_number"])


def status_line(data: dict) -> str:
    if data["confirmed"]:
        return _("Confirmed by the province on %(day)s; %(area)s.", day=data["confirmed_at"][:10], area=data["area"])
    return _("Draft: not confirmed by the province yet; the learners the tutors recommend; %(area)s.",
             area=data["area"])


def _unmet(row: dict) -> str:
    labels = grading.criterion_labels()
    return "、".join(str(labels.get(c["key"], c["key"])) for c in row.get("criteria", []) if not c["met"])


def workbook(data: dict) -> bytes:
    _confirmed, rows = services.document_rows(data)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Outstanding learners")[:31]
    append_row(sheet, [title(data)])
    append_row(sheet, [status_line(data)])
    headers = [_("No."), _("Full name"), _("School"), _("Class"), _("Course"), _("Total"),
               _("Criteria not met"), _("Tutor's reason")]
    append_row(sheet, headers)
    for n, row in enumerate(rows, start=1):
        append_row(sheet, [n, row["name"], row["school"], row["class_name"], row["course_title"], row["total"],
                           _unmet(row), row.get("note") or ""])
    for i, width in enumerate((6, 14, 24, 20, 24, 8, 24, 30), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    return workbook_bytes(book)


def pdf(data: dict) -> bytes:
    _confirmed, rows = services.document_rows(data)
    out = io.BytesIO()
    width, height = A4
    page = canvas.Canvas(out, pagesize=A4)
    page.setTitle(title(data))
    draw(page, width / 2, height - 25 * mm, title(data), 16, "centre")
    draw(page, width / 2, height - 33 * mm, status_line(data), 10, "centre")
    columns = ((_("No."), 15), (_("Full name"), 27), (_("School"), 55), (_("Class"), 110), (_("Total"), 170))

    def header(y: float) -> None:
        for text, x in columns:
            draw(page, x * mm, y, text, 11)

    y = height - 46 * mm
    header(y)
    for n, row in enumerate(rows, start=1):
        y -= 8 * mm
        if y < 20 * mm:
            page.showPage()
            y = height - 20 * mm
            header(y)
            y -= 8 * mm
        for text, x in ((str(n), 15), (row["name"], 27), (row["school"][:22], 55), (row["class_name"][:24], 110),
                        ("%.2f" % row["total"], 170)):
            draw(page, x * mm, y, text, 10)
    if not rows:
        draw(page, 15 * mm, y - 10 * mm, _("Nobody is on the list."), 11)
    page.showPage()
    page.save()
    return out.getvalue()
