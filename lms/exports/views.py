"""The "my exports" page: the user's export jobs with their progress (refreshing itself while any works),
and the download of a finished file — for the user who asked only."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.exports import policies, queries, rules, services
from lms.extensions import db
from lms.web.pipeline import page

bp = Blueprint("exports", __name__)
REFRESH_SECONDS = 3


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("exports.mine"), _("My exports"))] if user.is_admin else []


@bp.get("/exports")
@page()
def mine():
    jobs = queries.mine(db.session, current_user)
    working = any(job.state in rules.WORKING for job in jobs)
    return render_template("exports/mine.html", jobs=jobs, refresh=REFRESH_SECONDS if working else None,
                           file_of=services.file_of)


@bp.get("/exports/<int:job_id>/file")
@page(load={"job": queries.job}, allow=policies.OWN, back=lambda **_: url_for("exports.mine"))
def job_file(job):
    return services.download(job)
