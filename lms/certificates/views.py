"""Certificate pages: the public verification page a certificate's QR code points to, and the learner's
"download the certificate" button, which has it issued (once) and then downloads it."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.certificates import policies, queries, services
from lms.core import scope
from lms.extensions import db
from lms.org import queries as org_queries
from lms.projects import queries as project_queries
from lms.web.params import arg_id
from lms.web.pipeline import page
from lms.enrollment import queries as enrollment_queries

bp = Blueprint("certificates", __name__)


@bp.get("/verify/<code>")
@page(public=True)
def verify(code: str):
    cert = queries.by_code(db.session, code)
    why = services.revoked_reason_text(cert.revoked_reason) if cert is not None and cert.revoked_at else None
    return render_template("certificates/verify.html", cert=cert, code=code[:32], why=why), (200 if cert else 404)


@bp.post("/enrollments/<int:enrollment_id>/certificate")
@page(load={"enrollment": enrollment_queries.enrollment}, allow=policies.DOWNLOAD,
      back=lambda enrollment, **_: url_for("grading.grade_page", enrollment_id=enrollment.id))
def issue(enrollment):
    services.issue(db.session, enrollment)
    return redirect(url_for("certificates_api.certificate", enrollment_id=enrollment.id))


@bp.get("/schools/<int:unit_id>/certificates.zip")
@page(load={"unit": queries.school}, allow=policies.ZIP_SCHOOL)
def school_zip(unit):
    """The school page's download: the zip, or back to the page with the reason when there is none."""
    batch_id = request.args.get("batch_id", type=int)
    certificates = queries.school_certificates(db.session, unit, batch_id)
    if not certificates:
        flash(services.nothing_to_zip(unit).message, "info")
        return redirect(url_for("enrollment.school_page", unit_id=unit.id, batch_id=batch_id) if batch_id
                        else url_for("pages.home"))
    return Response(services.zip_of(certificates), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="certificates-{unit.id}.zip"'})


@bp.post("/schools/<int:unit_id>/certificates/export")
@page(load={"unit": queries.school}, allow=policies.ZIP_SCHOOL,
      back=lambda unit, **_: url_for("enrollment.school_page", unit_id=unit.id, batch_id=request.args.get("batch_id"))
      if request.args.get("batch_id") else url_for("pages.home"))
def school_zip_export(unit):
    """The school page's button: the zip is made on the job queue; the user follows it on "my exports"
    (nothing is queued when there is nothing to zip: back to the page with the reason)."""
    services.start_zip(db.session, current_user, unit, request.args.get("batch_id", type=int))
    flash(_("The zip is being made: it appears here when it is ready."), "info")
    return redirect(url_for("exports.mine"))


def _batch(session, actor, batch_id: int):
    return project_queries.batch_for(session, actor, batch_id, viewers_only=False)


@bp.post("/batches/<int:batch_id>/certificates/export")
@page(load={"batch": _batch}, allow=policies.ZIP_AREA, back=lambda **_: url_for("reports.dashboard"))
def area_zip_export(batch):
    """The statistics page's button: the batch's certificates in the unit shown (``?unit=``, default the
    admin's own area), zipped on the job queue."""
    unit = (org_queries.unit_in_scope(db.session, current_user, arg_id("unit")) if arg_id("unit")
            else scope.highest_admin_unit(current_user))
    services.start_area_zip(db.session, current_user, unit, batch)
    flash(_("The zip is being made: it appears here when it is ready."), "info")
    return redirect(url_for("exports.mine"))
