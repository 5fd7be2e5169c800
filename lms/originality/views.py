"""Province admin pages of the originality corpus: reference texts (paste or .txt/.docx upload),
boilerplate templates and common quotations."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import func, select
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lms.core.errors import DomainError
from lms.extensions import db
from lms.originality import services
from lms.originality.models import BoilerplateTemplate, CommonQuotation, ReferenceText
from lms.originality.schemas import MAX_REFERENCE_CHARS
from lms.web.security import body_limit

bp = Blueprint("originality", __name__, url_prefix="/originality")


class ReferenceForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    source = StringField(_l("Source (publication, author, year)"), validators=[Optional(), Length(max=500)])
    text = TextAreaField(_l("Text (paste here, or upload a file below)"),
                         validators=[Optional(), Length(max=MAX_REFERENCE_CHARS)])
    file = FileField(_l(".txt or .docx file"))


class TemplateForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    text = TextAreaField(_l("Text every learner may repeat"), validators=[DataRequired(), Length(max=20_000)])


class QuotationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    text = TextAreaField(_l("Policy text learners may quote"), validators=[DataRequired(), Length(max=20_000)])


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("originality.references"), _("Reference corpus"))] if services.can_manage_corpus(user) else []


def _require_manager() -> None:
    if not services.can_manage_corpus(current_user):
        abort(403)


@bp.route("/references", methods=["GET", "POST"])
@body_limit("MAX_DOCUMENT_BYTES")
@login_required
def references():
    _require_manager()
    form = ReferenceForm()
    if form.validate_on_submit():
        try:
            text = (form.text.data or "").strip()
            upload = form.file.data
            if upload and upload.filename:
                text = services.text_of_upload(upload.filename, upload.read(services.MAX_UPLOAD_BYTES + 1)).strip()
            if not text:
                form.text.errors = [_("Paste the text or upload a file.")]
            elif len(text) > MAX_REFERENCE_CHARS:
                form.text.errors = [_("Too long.")]
            else:
                reference = services.add_reference(db.session, current_user, title=form.title.data.strip(),
                                                   text=text, source=(form.source.data or "").strip() or None)
                db.session.commit()
                flash(_("%(title)s joined the corpus (%(n)d characters).", title=reference.title, n=len(text)),
                      "success")
                return redirect(url_for("originality.references"))
        except DomainError as error:
            db.session.rollback()
            form.file.errors = [error.message, *error.fields.values()]
    rows = db.session.scalars(select(ReferenceText).order_by(ReferenceText.id.desc()).limit(200)).all()
    total = db.session.scalar(select(func.count(ReferenceText.id)))
    return render_template("originality/references.html", form=form, rows=rows, total=total)


@bp.get("/references/<int:reference_id>")
@login_required
def reference(reference_id: int):
    _require_manager()
    row = db.session.get(ReferenceText, reference_id)
    if row is None:
        abort(404)
    return render_template("originality/reference.html", reference=row)


@bp.route("/templates", methods=["GET", "POST"])
@login_required
def templates():
    _require_manager()
    form = TemplateForm()
    if form.validate_on_submit():
        services.add_template(db.session, current_user, title=form.title.data.strip(), text=form.text.data.strip())
        db.session.commit()
        flash(_("Template registered: later checks leave it out."), "success")
        return redirect(url_for("originality.templates"))
    rows = db.session.scalars(select(BoilerplateTemplate).order_by(BoilerplateTemplate.id)).all()
    return render_template("originality/templates.html", form=form, rows=rows, delete_form=FlaskForm())


@bp.post("/templates/<int:template_id>/delete")
@login_required
def delete_template(template_id: int):
    _require_manager()
    row = db.session.get(BoilerplateTemplate, template_id)
    if row is None:
        abort(404)
    if FlaskForm().validate_on_submit():
        services.delete_template(db.session, current_user, row)
        db.session.commit()
        flash(_("Template removed."), "success")
    return redirect(url_for("originality.templates"))


@bp.route("/quotations", methods=["GET", "POST"])
@login_required
def quotations():
    _require_manager()
    form = QuotationForm()
    if form.validate_on_submit():
        services.add_quotation(db.session, current_user, title=form.title.data.strip(), text=form.text.data.strip())
        db.session.commit()
        flash(_("Common quotation added: later checks leave quotations of it out."), "success")
        return redirect(url_for("originality.quotations"))
    rows = db.session.scalars(select(CommonQuotation).order_by(CommonQuotation.id)).all()
    return render_template("originality/quotations.html", form=form, rows=rows, delete_form=FlaskForm())


@bp.post("/quotations/<int:quotation_id>/delete")
@login_required
def delete_quotation(quotation_id: int):
    _require_manager()
    row = db.session.get(CommonQuotation, quotation_id)
    if row is None:
        abort(404)
    if FlaskForm().validate_on_submit():
        services.delete_quotation(db.session, current_user, row)
        db.session.commit()
        flash(_("Common quotation removed."), "success")
    return redirect(url_for("originality.quotations"))
