"""Pages shared by every role: the home page per role, the language switch, health."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from lms.core import registry
from lms.extensions import db
from lms.web.pipeline import page
from lms.web.redirects import safe_redirect_target

bp = Blueprint("pages", __name__)


@bp.get("/")
@page()
def home():
    # Every section is declared by a domain (lms/<domain>/registry.py): each a callable(user) → dict | None.
    sections = [s for s in (section(current_user) for section in registry.current().home_sections
                            if registry.for_students.shown(section, current_user)) if s]
    return render_template("pages/home.html", sections=sections)


@bp.get("/lang/<code>")
@page(public=True)
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    # Only paths of this site: an open redirect would help phishing.
    return redirect(safe_redirect_target(request.args.get("next"), url_for("pages.home")))


@bp.get("/healthz")
@page(public=True)
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
