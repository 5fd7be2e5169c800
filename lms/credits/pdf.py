"""The printable record of a cycle: a PDF with every requirement, earned and missing, a verification code and
a QR code to the public check page (like the certificates: their embedded CJK font)."""
from __future__ import annotations

import hashlib
import hmac
import io

from flask import current_app
from flask_babel import gettext as _
from reportlab.graphics import renderPDF
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from lms.certificates.pdf import _font, _qr, framed_page
from lms.credits import labels

CODE_DIGEST_CHARS = 10


def _digest(user_id: int, start_year: int) -> str:
    key = str(current_app.secret_key or "").encode()
    return hmac.new(key, f"credits:{user_id}:{start_year}".encode(), hashlib.sha256).hexdigest()[:CODE_DIGEST_CHARS].upper()


def verification_code(user_id: int, start_year: int) -> str:
    """``<teacher>-<cycle>-<HMAC>``: only the product can make one; the check page shows the live record."""
    return f"{user_id}-{start_year}-{_digest(user_id, start_year)}"


def read_code(code: str) -> tuple[int, int] | None:
    """The (teacher id, cycle start) a genuine code names; None for anything else."""
    parts = (code or "").split("-")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or len(parts[0]) > 12 or len(parts[1]) != 4:
        return None
    user_id, start_year = int(parts[0]), int(parts[1])
    return (user_id, start_year) if hmac.compare_digest(parts[2].upper(), _digest(user_id, start_year)) else None


def render_record(record, verify_url: str, code: str) -> bytes:
    font = _font()
    words = labels.all_labels()
    out = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(_("Continuing-education record") + f" {code}")
    pdf.setFont(font, 18)
    pdf.drawCentredString(width / 2, height - 25 * mm, _("Continuing-education record %(start)d–%(end)d",
                                                         start=record.cycle.start_year, end=record.cycle.end_year))
    pdf.setFont(font, 12)
    teacher = record.teacher
    pdf.drawString(20 * mm, height - 38 * mm, _("%(name)s (%(school)s)", name=teacher.name, school=teacher.org_unit.name))
    pdf.drawString(20 * mm, height - 46 * mm, _("Credits %(credits)s, hours %(hours)s: %(verdict)s",
                                                credits=record.standing.credits, hours=record.standing.hours,
                                                verdict=words["verdicts"][record.standing.status]))
    if record.standing.status == "complete":  # L78, L325: the cycle's requirements are met
        pdf.drawString(20 * mm, height - 54 * mm, _("Every requirement of this cycle is met."))
    y = height - 62 * mm
    pdf.setFont(font, 10)
    for title, x in ((_("Requirement"), 20), (_("Required"), 120), (_("Earned"), 145), (_("Missing"), 170)):
        pdf.drawString(x * mm, y, title)
    for line in record.standing.lines:
        y -= 6 * mm
        if y < 60 * mm:
            pdf.showPage()
            pdf.setFont(font, 10)
            y = height - 20 * mm
        pdf.drawString(20 * mm, y, words["line"](line.key))
        for value, x in ((line.required, 120), (line.earned, 145), (line.missing, 170)):
            pdf.drawString(x * mm, y, f"{value}")
    pdf.setFont(font, 10)
    pdf.drawString(20 * mm, 35 * mm, _("Verification code: %(code)s", code=code))
    pdf.setFont(font, 8)
    pdf.drawString(20 * mm, 28 * mm, verify_url)
    renderPDF.draw(_qr(verify_url, 32 * mm), pdf, width - 55 * mm, 20 * mm)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def render_certificate(cert, verify_url: str) -> bytes:
    """The certificate of completion of a cycle (L325), on the training certificates' page."""
    lines = [_("%(name)s (%(school)s)", name=cert.name, school=cert.school),
             _("has met every requirement of the continuing-education cycle %(start)d–%(end)d,",
               start=cert.cycle_start, end=cert.cycle_end),
             _("with %(credits)s credits and %(hours)s hours (学时) confirmed.", credits=cert.credits, hours=cert.hours)]
    return framed_page(_("Certificate of completion of continuing education"), 26, lines, cert.issued_on, cert.code,
                       verify_url)
