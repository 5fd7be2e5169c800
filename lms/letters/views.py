"""Appointment letter pages: one's own letters, an admin's list of a project's letters and its zip, the PDF, and
the public check of a code."""
from __future__ import annotations

import io

from flask import Blueprint, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from lms.extensions import db
from lms.letters import policies, queries, services
from lms.projects import queries as project_queries
from lms.web.pipeline import page

bp = Blueprint("letters", __name__)
PROJECT = {"project": queries.project}
PROJECTS_SHOWN = 50


def nav_entries(user) -> list[tuple[str, str]]:
    if user.is_admin or user.has_role("tutor", "expert"):
        return [(url_for("letters.mine"), _("Appointment letters"))]
    return []


@bp.get("/letters")
@page()
def mine():
    """The caller's own letters (a tutor's, an expert's); an admin also finds the projects' letter lists here."""
    projects = project_queries.list_projects(db.session, per_page=PROJECTS_SHOWN)[0] if current_user.is_admin else []
    return render_template("letters/mine.html", letters=services.own_letters(db.session, current_user),
                           projects=projects)


@bp.get("/projects/<int:project_id>/letters")
@page(load=PROJECT, allow=policies.LIST)
def project_list(project):
    return render_template("letters/project.html", project=project,
                           letters=services.project_letters(db.session, current_user, project))


@bp.get("/projects/<int:project_id>/letters.zip")
@page(load=PROJECT, allow=policies.LIST)
def project_zip(project):
    data = services.zip_of(db.session, current_user, project)
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=f"letters-{project.id}.zip")


@bp.get("/projects/<int:project_id>/letters/<role>/<int:user_id>.pdf")
@page(load=PROJECT)
def download(project, role, user_id):
    letter = services.letter_for(db.session, current_user, project, role, user_id)
    return send_file(io.BytesIO(services.render(letter)), mimetype="application/pdf", as_attachment=False,
                     download_name=letter.filename())


@bp.get("/letters/check")
@page(public=True)
def check_form():
    """The check page's form: a typed code goes to its page."""
    code = (request.args.get("code") or "").strip()[:64]
    if code:
        return redirect(url_for("letters.check", code=code))
    return render_template("letters/check.html", result=None)


@bp.get("/letters/check/<code>")
@page(public=True)
def check(code):
    """Anyone holding a code checks it: genuine or not, and whether the appointment still stands."""
    result = services.check(db.session, code)
    return render_template("letters/check.html", result=result), 200 if result.genuine else 404


def home_section(user):
    """A tutor's or expert's home: its letters to download."""
    if not user.has_role("tutor", "expert"):
        return None
    letters = services.own_letters(db.session, user)
    if not letters:
        return None
    return {"template": "letters/_home.html", "letters": letters}


def project_panel(project) -> Markup | None:
    """The project page's way to its letters, for admins."""
    if not current_user.is_authenticated or not current_user.is_admin:
        return None
    return Markup(render_template("letters/_project_panel.html", project=project))
