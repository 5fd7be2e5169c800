"""A briefing or summary report as a PDF document (reportlab, with the CJK font the certificates embed:
lms/certificates/pdf.py draws each line in the shipped font and falls back where it lacks a character)."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from lms.briefings import drafting
from lms.briefings.models import AreaBriefing
from lms.certificates.pdf import draw, text_width
from lms.core import clock

SIZE = 12
LEADING = 7.5 * mm
MARGIN = 22 * mm


def wrapped(text: str, width: float, size: float = SIZE) -> list[str]:
    """``text``'s lines cut to fit ``width`` (Chinese has no spaces to break at: a line breaks at any character;
    an empty line stays as a paragraph's gap)."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        line = ""
        for char in paragraph:
            if line and text_width(line + char, size) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return lines


def write_body(page, text: str, y: float) -> None:
    """Write ``text`` wrapped between the margins from ``y`` down, on as many A4 pages as it takes, and finish the
    document."""
    width, height = A4
    for line in wrapped(text, width - 2 * MARGIN):
        if y < MARGIN:
            page.showPage()
            y = height - MARGIN
        draw(page, MARGIN, y, line, SIZE)
        y -= LEADING
    page.showPage()
    page.save()


def pdf(item: AreaBriefing) -> bytes:
    out = io.BytesIO()
    width, height = A4
    page = canvas.Canvas(out, pagesize=A4)
    page.setTitle(item.title)
    y = height - 25 * mm
    for line in wrapped(item.title, width - 2 * MARGIN, 16):
        draw(page, width / 2, y, line, 16, "centre")
        y -= 9 * mm
    when = item.published_at or item.updated_at
    status = "" if item.status == "published" else _("(draft)")
    draw(page, width / 2, y, f"{drafting.kind_label(item.kind)} · {item.org_unit.name} · "
                             f"{when.astimezone(clock.local_tz()).date().isoformat()} {status}".strip(), 10, "centre")
    y -= 12 * mm
    write_body(page, item.body, y)
    return out.getvalue()
