"""The public verification page a certificate's QR code points to."""
from __future__ import annotations

from flask import Blueprint, render_template

from lms.certificates import services
from lms.extensions import db

bp = Blueprint("certificates", __name__)


@bp.get("/verify/<code>")
def verify(code: str):
    cert = services.by_code(db.session, code)
    why = services.revoked_reason_text(cert.revoked_reason) if cert is not None and cert.revoked_at else None
    return render_template("certificates/verify.html", cert=cert, code=code[:32], why=why), (200 if cert else 404)
