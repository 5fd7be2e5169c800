"""The certificate as a one-page PDF (reportlab): the shipped CJK font embedded, the issuing body under its seal,
the project's code, the 学时, the outstanding-learner mark, the verification code and its QR code.

The font is lms/certificates/fonts/certificate-kai.ttf (GB 2312, OFL; see its README): reportlab embeds the
glyphs a certificate uses, so every viewer shows the same text. A character outside it (a rare name character)
falls back to reportlab's built-in STSong-Light, which viewers draw from a font of their own.
"""
from __future__ import annotations

import io
import math
from pathlib import Path
from xml.sax.saxutils import escape

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "certificate-kai.ttf"
FONT = "CertificateKai"
FALLBACK = "STSong-Light"
INK = HexColor("#1f1f1f")
FRAME = HexColor("#9c7a3c")
RED = Color(0.80, 0.07, 0.07)
_covered: frozenset[int] = frozenset()


def _font() -> str:
    """Register the fonts once per process (idempotent) and give the main one's name."""
    global _covered
    if not _covered:
        font = TTFont(FONT, str(FONT_FILE))
        pdfmetrics.registerFont(font)
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
        _covered = frozenset(font.face.charToGlyph)
    return FONT


def _runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (font, piece): the shipped font where it has the glyph, the fallback elsewhere."""
    _font()
    runs: list[tuple[str, str]] = []
    for char in text:
        name = FONT if ord(char) in _covered or char.isspace() else FALLBACK
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
    return runs


def text_width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(piece, name, size) for name, piece in _runs(text))


def draw(pdf, x: float, y: float, text: str, size: float, align: str = "left") -> None:
    """Draw one line at (x, y), aligned left, centre or right on x, switching fonts where needed."""
    if align != "left":
        x -= text_width(text, size) / (2 if align == "centre" else 1)
    for name, piece in _runs(text):
        pdf.setFont(name, size)
        pdf.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, name, size)


def _markup(text: str) -> str:
    """``text`` as Paragraph markup, with the fallback font around the characters the shipped one lacks."""
    return "".join(escape(piece) if name == FONT else f'<font face="{FALLBACK}">{escape(piece)}</font>'
                   for name, piece in _runs(text))


def _qr(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _frame(pdf, width: float, height: float) -> None:
    pdf.setStrokeColor(FRAME)
    pdf.setLineWidth(3)
    pdf.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    pdf.setStrokeColor(INK)


def _star(pdf, cx: float, cy: float, radius: float) -> None:
    path = pdf.beginPath()
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = math.pi / 2 + i * math.pi / 5
        (path.moveTo if i == 0 else path.lineTo)(cx + r * math.cos(angle), cy + r * math.sin(angle))
    path.close()
    pdf.drawPath(path, stroke=0, fill=1)


def draw_seal(pdf, cx: float, cy: float, radius: float, body: str, label: str) -> None:
    """A round red seal drawn from the issuing body's name: the name along the upper arc, a star in the middle,
    ``label`` (e.g. 培训专用章) across the lower part — the look of a Chinese organisation's seal."""
    pdf.saveState()
    pdf.setStrokeColor(RED)
    pdf.setFillColor(RED)
    pdf.setStrokeAlpha(0.85)
    pdf.setFillAlpha(0.85)
    pdf.setLineWidth(radius * 0.06)
    pdf.circle(cx, cy, radius * 0.95, stroke=1, fill=0)
    _star(pdf, cx, cy, radius * 0.26)
    chars = [c for c in body.strip() if not c.isspace()][:24] or ["?"]
    arc_radius = radius * 0.66
    span = min(math.radians(250), max(math.radians(90), len(chars) * math.radians(22)))
    size = min(radius * 0.30, arc_radius * span / len(chars) * 0.95)
    step = span / len(chars)
    for index, char in enumerate(chars):
        angle = math.pi / 2 + span / 2 - step * (index + 0.5)
        pdf.saveState()
        pdf.translate(cx + arc_radius * math.cos(angle), cy + arc_radius * math.sin(angle))
        pdf.rotate(math.degrees(angle) - 90)
        draw(pdf, 0, -size * 0.35, char, size, "centre")
        pdf.restoreState()
    label_size = min(radius * 0.2, radius * 1.1 / max(len(label), 1))
    draw(pdf, cx, cy - radius * 0.55, label, label_size, "centre")
    pdf.restoreState()


def _seal(pdf, cx: float, cy: float, radius: float, body: str, seal_png: bytes | None) -> None:
    if seal_png:
        image = ImageReader(io.BytesIO(seal_png))
        width, height = image.getSize()
        scale = 2 * radius / max(width, height)
        pdf.drawImage(image, cx - width * scale / 2, cy - height * scale / 2, width * scale, height * scale,
                      mask="auto")
    else:
        draw_seal(pdf, cx, cy, radius, body, _("Training seal"))


def _hours(value) -> str:
    return f"{value:.1f}".removesuffix(".0")


def render(cert, verify_url: str, *, outstanding: bool = False, seal_png: bytes | None = None) -> bytes:
    """The certificate ``cert`` (as issued) on one landscape A4 page. ``outstanding``: J14's mark, read from
    the grade by the caller; ``seal_png``: the issuer's uploaded seal, else one is drawn from its name."""
    font = _font()
    out = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(out, pagesize=(width, height))
    pdf.setTitle(f"{_('Certificate of completion')} {cert.code}")
    pdf.setAuthor(cert.issuing_body or "")
    _frame(pdf, width, height)
    pdf.setFillColor(INK)
    if cert.project_code:
        draw(pdf, width - 24 * mm, height - 24 * mm, _("Project code: %(code)s", code=cert.project_code), 10, "right")
    draw(pdf, width - 24 * mm, height - 30 * mm, _("Certificate No. %(code)s", code=cert.code), 10, "right")
    pdf.setFillColor(HexColor("#8b1a1a"))
    draw(pdf, width / 2, height - 48 * mm, _("Certificate of completion"), 34, "centre")
    if outstanding:
        _outstanding_badge(pdf, width / 2, height - 62 * mm)
    pdf.setFillColor(INK)
    hours = cert.credit_hours if cert.credit_hours is not None else cert.study_hours
    body = [_("%(name)s (%(school)s):", name=cert.name, school=cert.school),
            _("took part in %(project)s, %(batch)s, in the course \"%(course)s\", completed %(hours)s hours (学时) "
              "of study and passed its assessment with a final score of %(total).2f.",
              project=cert.project, batch=cert.batch, course=cert.course, hours=_hours(hours), total=cert.total)]
    if outstanding:
        body.append(_("Rated an outstanding learner of this training."))
    body.append(_("This certificate is awarded in recognition of completion."))
    top = height - (74 if outstanding else 68) * mm
    left, frame_width = 40 * mm, width - 80 * mm
    for paragraph, used in _fitted(body, font, frame_width, top - 58 * mm):
        paragraph.drawOn(pdf, left, top - used)
        top -= used + 4 * mm
    # The issuing body and the day, bottom right, under the seal.
    right_x = width - 60 * mm
    issuer = cert.issuing_body or ""
    if issuer:
        draw(pdf, right_x, 46 * mm, issuer, min(15, 90 * mm / max(text_width(issuer, 1), 1)), "centre")
    draw(pdf, right_x, 37 * mm, _("Issued on %(day)s", day=format_date(cert.issued_on, "long")), 13, "centre")
    if issuer:
        _seal(pdf, right_x, 47 * mm, 21 * mm, issuer, seal_png)
    # The check: QR code, code and address, bottom left.
    renderPDF.draw(_qr(verify_url, 30 * mm), pdf, 22 * mm, 20 * mm)
    pdf.setFillColor(INK)
    draw(pdf, 55 * mm, 38 * mm, _("Verification code: %(code)s", code=cert.code), 11)
    draw(pdf, 55 * mm, 31 * mm, _("Scan the code or visit the address to check this certificate:"), 9)
    draw(pdf, 55 * mm, 26 * mm, verify_url, 8)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _fitted(lines: list[str], font: str, frame_width: float, room: float) -> list[tuple[Paragraph, float]]:
    """The body's paragraphs (the first, who, a little larger) at the largest size that fits ``room``: long
    project and course names shrink the text rather than run into the seal."""
    for size in (18, 16, 14, 12, 10, 8):
        style = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.75, alignment=TA_LEFT,
                               wordWrap="CJK", firstLineIndent=size * 2, textColor=INK)
        first = ParagraphStyle("who", parent=style, firstLineIndent=0, fontSize=size + 2, leading=(size + 2) * 1.6)
        laid = []
        for index, line in enumerate(lines):
            paragraph = Paragraph(_markup(line), style if index else first)
            laid.append((paragraph, paragraph.wrap(frame_width, room)[1]))
        if sum(used + 4 * mm for _p, used in laid) <= room:
            break
    return laid


def _outstanding_badge(pdf, cx: float, cy: float) -> None:
    label = _("Outstanding learner")
    size = 15
    w = text_width(label, size) + 10 * mm
    pdf.saveState()
    pdf.setStrokeColor(RED)
    pdf.setFillColor(RED)
    pdf.setLineWidth(1.5)
    pdf.roundRect(cx - w / 2, cy - 3 * mm, w, 9 * mm, 2 * mm, stroke=1, fill=0)
    draw(pdf, cx, cy, label, size, "centre")
    pdf.restoreState()


def framed_page(title: str, title_size: int, lines: list[str], issued_on, code: str, verify_url: str) -> bytes:
    """A one-page landscape certificate: a frame, the title, centred lines, the day, the code and its QR code.
    Shared with the credit record's certificate of completion of a cycle (lms/credits/pdf.py)."""
    _font()
    out = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(out, pagesize=(width, height))
    pdf.setTitle(f"{title} {code}")
    _frame(pdf, width, height)
    draw(pdf, width / 2, height - 45 * mm, title, title_size, "centre")
    y = height - 75 * mm
    for line in lines:
        draw(pdf, width / 2, y, line, 15, "centre")
        y -= 12 * mm
    draw(pdf, 30 * mm, 40 * mm, _("Issued on %(day)s", day=issued_on.isoformat()), 12)
    draw(pdf, 30 * mm, 32 * mm, _("Verification code: %(code)s", code=code), 12)
    draw(pdf, 30 * mm, 25 * mm, verify_url, 9)
    renderPDF.draw(_qr(verify_url, 38 * mm), pdf, width - 70 * mm, 22 * mm)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
