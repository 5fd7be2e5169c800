"""The closed evaluation's results as an Excel workbook (cells through lms.core.spreadsheets) and as a PDF document
(the briefings' line wrapping and the certificates' CJK font)."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from lms.briefings.documents import write_body
from lms.certificates.pdf import draw
from lms.core.spreadsheets import append_row, workbook_bytes
from lms.evaluations import drafting, rules


def _score(value) -> str:
    return "—" if value is None else str(value)


def columns() -> list[tuple[str, str]]:
    return ([("org_unit", _("Area")), ("status", _("Status"))]
            + [(f"{d}_score", drafting.label(drafting.DIMENSION_LABELS, d)) for d in rules.DIMENSIONS]
            + [("self_score", _("Self-evaluation")), ("outside_score", _("Outside evaluation")),
               ("combined", _("Combined")), ("grade", _("Grade"))])


def _cell(key: str, row: dict):
    if key == "status":
        return drafting.label(drafting.STATUS_LABELS, row["status"])
    if key == "grade":
        return drafting.label(drafting.GRADE_LABELS, row["grade"])
    return "" if row[key] is None else row[key]


def title(item) -> str:
    return _("Evaluation of %(project)s", project=item.project.name)


def weights() -> str:
    return _("Combined = %(own)d%% self-evaluation + %(outside)d%% outside evaluation.",
             own=round(rules.SELF_WEIGHT * 100), outside=round(rules.OUTSIDE_WEIGHT * 100))


def workbook(item, rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Evaluation")[:31]
    append_row(sheet, [title(item)])
    append_row(sheet, [weights()])
    append_row(sheet, [label for _key, label in columns()])
    for row in rows:
        append_row(sheet, [_cell(key, row) for key, _label in columns()])
    sheet.column_dimensions["A"].width = 24
    return workbook_bytes(book)


def pdf(item, rows: list[dict], evaluations: list) -> bytes:
    """The results table, then each area's submitted self-evaluation with its outside scores."""
    out = io.BytesIO()
    width, height = A4
    page = canvas.Canvas(out, pagesize=A4)
    page.setTitle(title(item))
    lines = [weights(), ""]
    for row in rows:
        lines.append(_("%(area)s: self %(own)s, outside %(outside)s, combined %(total)s %(grade)s",
                       area=row["org_unit"], own=_score(row["self_score"]), outside=_score(row["outside_score"]),
                       total=_score(row["combined"]), grade=_cell("grade", row)))
    for e in evaluations:
        if e.status != "submitted":
            continue
        lines += ["", f"{e.org_unit.name}"]
        scores, texts = e.scores(), e.texts()
        for d in rules.DIMENSIONS:
            lines.append(f"{drafting.label(drafting.DIMENSION_LABELS, d)} {_score(scores[d])}: {texts[d] or ''}")
    y = height - 25 * mm
    draw(page, width / 2, y, title(item), 16, "centre")
    y -= 12 * mm
    write_body(page, "\n".join(lines), y)
    return out.getvalue()
