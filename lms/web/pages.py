"""Pages shared by every role: the home page per role, the language switch, health."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select, text

from lms.core import scope
from lms.core.audit import AuditEntry
from lms.extensions import db
from lms.org import queries
from lms.org.models import OrgUnit
from lms.web.redirects import safe_redirect_target

bp = Blueprint("pages", __name__)

# A role's home page sections are contributed by the domains: each a callable(user) → dict | None.
HOME_SECTIONS: list = []


@bp.get("/")
@login_required
def home():
    admin_unit = scope.highest_admin_unit(current_user)
    summary = recent = None
    if admin_unit is not None:
        summary = queries.subtree_summary(db.session, admin_unit)
        recent = list(db.session.scalars(
            select(AuditEntry).join(OrgUnit, AuditEntry.org_unit_id == OrgUnit.id)
            .where(scope.subtree_filter(OrgUnit, admin_unit)).order_by(AuditEntry.id.desc()).limit(10)))
    sections = [s for s in (section(current_user) for section in HOME_SECTIONS) if s]
    return render_template("pages/home.html", admin_unit=admin_unit, summary=summary, recent=recent,
                           sections=sections)


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    # Only paths of this site: an open redirect would help phishing.
    return redirect(safe_redirect_target(request.args.get("next"), url_for("pages.home")))


@bp.get("/healthz")
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
