"""Province admin pages of the originality corpus: reference texts (paste or .txt/.docx upload),
boilerplate templates and common quotations."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lms.core.errors import InvalidInput
from lms.extensions import db
from lms.originality import policies, queries, services
from lms.originality.schemas import MAX_REFERENCE_CHARS
from lms.web.pipeline import page
from lms.web.security import body_limit

bp = Blueprint("originality", __name__, url_prefix="/originality")
MANAGE = policies.MANAGE_CORPUS


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
    return [(url_for("originality.references"), _("Reference corpus"))] if policies.can_manage_corpus(user) else []


def _references_page(form=None, **_):
    rows, total = queries.references(db.session)
    return render_template("originality/references.html", form=form or ReferenceForm(), rows=rows, total=total)


def _text_of(form: ReferenceForm) -> str:
    """The pasted text, or the uploaded file's; refused when there is none or it is too long."""
    text = (form.text.data or "").strip()
    upload = form.file.data
    if upload and upload.filename:
        text = services.text_of_upload(upload.filename, upload.read(services.MAX_UPLOAD_BYTES + 1)).strip()
    if not text:
        raise InvalidInput(_("Paste the text or upload a file."), {"text": _("Paste the text or upload a file.")})
    if len(text) > MAX_REFERENCE_CHARS:
        raise InvalidInput(_("Too long."), {"text": _("Too long.")})
    return text


@bp.get("/references")
@page(allow=MANAGE)
def references():
    return _references_page()


@bp.post("/references")
@body_limit("MAX_DOCUMENT_BYTES")
@page(allow=MANAGE, form=ReferenceForm, again=_references_page)
def add_reference(form):
    text = _text_of(form)
    reference = services.add_reference(db.session, current_user, title=form.title.data.strip(), text=text,
                                       source=(form.source.data or "").strip() or None)
    flash(_("%(title)s joined the corpus (%(n)d characters).", title=reference.title, n=len(text)), "success")
    return redirect(url_for("originality.references"))


@bp.get("/references/<int:reference_id>")
@page(load={"reference": queries.reference}, allow=MANAGE)
def reference(reference):
    return render_template("originality/reference.html", reference=reference)


def _templates_page(form=None, **_):
    return render_template("originality/templates.html", form=form or TemplateForm(), rows=queries.templates(db.session),
                           delete_form=FlaskForm())


@bp.get("/templates")
@page(allow=MANAGE)
def templates():
    return _templates_page()


@bp.post("/templates")
@page(allow=MANAGE, form=TemplateForm, again=_templates_page)
def add_template(form):
    services.add_template(db.session, current_user, title=form.title.data.strip(), text=form.text.data.strip())
    flash(_("Template registered: later checks leave it out."), "success")
    return redirect(url_for("originality.templates"))


@bp.post("/templates/<int:template_id>/delete")
@page(load={"template": queries.template}, allow=MANAGE, form=FlaskForm,
      back=lambda **_: url_for("originality.templates"))
def delete_template(template):
    services.delete_template(db.session, current_user, template)
    flash(_("Template removed."), "success")
    return redirect(url_for("originality.templates"))


def _quotations_page(form=None, **_):
    return render_template("originality/quotations.html", form=form or QuotationForm(),
                           rows=queries.quotations(db.session), delete_form=FlaskForm())


@bp.get("/quotations")
@page(allow=MANAGE)
def quotations():
    return _quotations_page()


@bp.post("/quotations")
@page(allow=MANAGE, form=QuotationForm, again=_quotations_page)
def add_quotation(form):
    services.add_quotation(db.session, current_user, title=form.title.data.strip(), text=form.text.data.strip())
    flash(_("Common quotation added: later checks leave quotations of it out."), "success")
    return redirect(url_for("originality.quotations"))


@bp.post("/quotations/<int:quotation_id>/delete")
@page(load={"quotation": queries.quotation}, allow=MANAGE, form=FlaskForm,
      back=lambda **_: url_for("originality.quotations"))
def delete_quotation(quotation):
    services.delete_quotation(db.session, current_user, quotation)
    flash(_("Common quotation removed."), "success")
    return redirect(url_for("originality.quotations"))


@bp.post("/rebuild")
@page(allow=MANAGE, back=lambda **_: url_for("originality.references"))
def rebuild():
    """Rebuild the index on the job queue (after a fingerprint scheme change, or to repair it)."""
    services.start_rebuild(db.session, current_user)
    flash(_("The index is being rebuilt: follow it here."), "info")
    return redirect(url_for("exports.mine"))
