"""The certificate as a one-page PDF: reportlab's built-in CJK font (no font file to ship) and a QR code."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
_registered = False


def _font() -> str:
    global _registered
    if not _registered:  # registering is process-wide and idempotent; do it once, lazily
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def _qr(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def render(cert, verify_url: str) -> bytes:
    lines = [
        _("%(name)s (%(school)s)", name=cert.name, school=cert.school),
        _("completed the course \"%(course)s\" of %(project)s, %(batch)s,", course=cert.course,
          project=cert.project, batch=cert.batch),
        _("with a final score of %(total).2f and %(hours).1f hours of study.", total=cert.total, hours=cert.study_hours),
    ]
    return framed_page(_("Certificate of completion"), 30, lines, cert.issued_on, cert.code, verify_url)


def framed_page(title: str, title_size: int, lines: list[str], issued_on, code: str, verify_url: str) -> bytes:
    """A one-page landscape certificate: a frame, the title, centred lines, the day, the code and its QR code.
    Shared with the credit record's certificate of completion of a cycle (lms/credits/pdf.py)."""
    font = _font()
    out = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(out, pagesize=(width, height))
    pdf.setTitle(f"{title} {code}")
    pdf.setLineWidth(2)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setFont(font, title_size)
    pdf.drawCentredString(width / 2, height - 45 * mm, title)
    pdf.setFont(font, 15)
    y = height - 75 * mm
    for line in lines:
        pdf.drawCentredString(width / 2, y, line)
        y -= 12 * mm
    pdf.setFont(font, 12)
    pdf.drawString(30 * mm, 40 * mm, _("Issued on %(day)s", day=issued_on.isoformat()))
    pdf.drawString(30 * mm, 32 * mm, _("Verification code: %(code)s", code=code))
    pdf.setFont(font, 9)
    pdf.drawString(30 * mm, 25 * mm, verify_url)
    renderPDF.draw(_qr(verify_url, 38 * mm), pdf, width - 70 * mm, 22 * mm)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
