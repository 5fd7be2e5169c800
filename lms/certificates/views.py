"""Certificate pages: the public verification page a certificate's QR code points to, and the learner's
"download the certificate" button, which has it issued (once) and then downloads it."""
from __future__ import annotations

import base64

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from lms.certificates import forms, policies, queries, services
from lms.core import scope
from lms.extensions import db
from lms.org import queries as org_queries
from lms.projects import queries as project_queries
from lms.web.params import arg_id
from lms.web.pipeline import page
from lms.enrollment import queries as enrollment_queries

bp = Blueprint("certificates", __name__)


@bp.get("/verify/<code>")
@page(public=True, replica=True)
def verify(code: str):
    cert = queries.by_code(db.session, code)
    why = services.revoked_reason_text(cert.revoked_reason) if cert is not None and cert.revoked_at else None
    outstanding = cert is not None and services.outstanding(db.session, cert)
    return (render_template("certificates/verify.html", cert=cert, code=code[:32], why=why, outstanding=outstanding),
            200 if cert else 404)


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


def _issuer_page(project, form=None, **_):
    seal = services.seal_preview(db.session, project)
    if form is None:
        form = forms.IssuerForm(data={"issuing_body": services.issuer_dict(db.session, project)["issuing_body"]})
    return render_template("certificates/issuer.html", project=project, form=form,
                           printed=services.issuing_body(db.session, project),
                           seal_src=f"data:image/png;base64,{base64.b64encode(seal).decode()}" if seal else None)


@bp.route("/projects/<int:project_id>/certificate-issuer", methods=["GET", "POST"])
@page(load={"project": queries.project}, allow=policies.SET_ISSUER, form=forms.IssuerForm, again=_issuer_page)
def issuer_page(project, form):
    """The issuing body and seal printed on the project's certificates (province admins)."""
    if request.method == "GET":
        return _issuer_page(project)
    upload = form.seal.data
    seal = upload.read() if upload and getattr(upload, "filename", "") else None
    services.set_issuer(db.session, current_user, project, form.issuing_body.data, seal=seal,
                        remove_seal=form.remove_seal.data)
    flash(_("Saved. Certificates issued from now on print this issuing body and seal."), "success")
    return redirect(url_for("certificates.issuer_page", project_id=project.id))


def issuer_panel(project) -> Markup | None:
    """The project page's line on who issues its certificates, with the way to change it for province admins."""
    if not policies.can_set_issuer(current_user, project):
        return None
    return Markup(render_template("certificates/_project_issuer.html", project=project,
                                  printed=services.issuing_body(db.session, project)))
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
