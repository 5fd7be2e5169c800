"""The originality corpus API: reference texts (J11) and boilerplate templates, the province's."""
from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from lms.core.errors import Forbidden, InvalidInput, NotFound
from lms.extensions import db
from lms.originality import schemas, services
from lms.originality.models import BoilerplateTemplate, CommonQuotation, ReferenceText
from lms.web.api import Items, Page, PageParams, endpoint, page_of, parse_model
from lms.web.security import body_limit

bp = Blueprint("originality_api", __name__, url_prefix="/api/v1")

UPLOAD_SCHEMA = {"type": "object", "required": ["title", "file"], "properties": {
    "title": {"type": "string"}, "source": {"type": "string"},
    "file": {"type": "string", "format": "binary", "description": ".txt or .docx"}}}


def _require_manager() -> None:
    if not services.can_manage_corpus(current_user):
        raise Forbidden(_("Only province admins manage the originality corpus."))


@bp.post("/reference-texts")
@endpoint(summary="Add a published text to the originality corpus", body=schemas.ReferenceTextIn, status=201,
          response=schemas.ReferenceTextOut)
def add_reference(data: schemas.ReferenceTextIn):
    _require_manager()
    reference = services.add_reference(db.session, current_user, title=data.title, text=data.text,
                                       source=data.source)
    return reference.to_dict(), 201


@bp.post("/reference-texts/upload")
@body_limit("MAX_DOCUMENT_BYTES")
@endpoint(summary="Add a published text from a .txt or .docx file", multipart=UPLOAD_SCHEMA, status=201,
          response=schemas.ReferenceTextOut,
          errors=("413:too_large", "415:unsupported_media_type"))
def upload_reference():
    _require_manager()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput(_("Please correct the marked fields."), {"file": _("This field is required.")})
    text = services.text_of_upload(upload.filename, upload.read(services.MAX_UPLOAD_BYTES + 1))
    data = parse_model(schemas.ReferenceTextIn, {"title": request.form.get("title", ""), "text": text,
                                                 "source": request.form.get("source") or None})
    reference = services.add_reference(db.session, current_user, title=data.title, text=data.text,
                                       source=data.source)
    return reference.to_dict(), 201


@bp.get("/reference-texts")
@endpoint(summary="The reference corpus", query=PageParams, response=Page[schemas.ReferenceTextOut])
def list_references(params: PageParams):
    _require_manager()
    total = db.session.scalar(select(func.count(ReferenceText.id)))
    rows = db.session.scalars(select(ReferenceText).order_by(ReferenceText.id.desc())
                              .offset((params.page - 1) * params.per_page).limit(params.per_page))
    return page_of([r.to_dict() for r in rows], total, params)


@bp.get("/reference-texts/<int:reference_id>")
@endpoint(summary="One reference text with its full text", response=schemas.ReferenceTextOut, errors=("404:not_found",))
def get_reference(reference_id: int):
    reference = db.session.get(ReferenceText, reference_id)
    if reference is None:
        raise NotFound(_("No such reference text."))
    _require_manager()
    return reference.to_dict(with_text=True)


@bp.post("/boilerplate-templates")
@endpoint(summary="Register text every learner may repeat (excluded from every check)",
          body=schemas.TemplateIn, status=201, response=schemas.TemplateOut)
def add_template(data: schemas.TemplateIn):
    _require_manager()
    return services.add_template(db.session, current_user, title=data.title, text=data.text).to_dict(), 201


@bp.get("/boilerplate-templates")
@endpoint(summary="The registered boilerplate templates", response=Items[schemas.TemplateOut])
def list_templates():
    _require_manager()
    rows = db.session.scalars(select(BoilerplateTemplate).order_by(BoilerplateTemplate.id))
    return {"items": [t.to_dict() for t in rows]}


@bp.post("/common-quotations")
@endpoint(summary="Add a common quotation (a policy text learners cite): left out of both sides of every check",
          body=schemas.QuotationIn, status=201, response=schemas.QuotationOut)
def add_quotation(data: schemas.QuotationIn):
    _require_manager()
    return services.add_quotation(db.session, current_user, title=data.title, text=data.text).to_dict(), 201


@bp.get("/common-quotations")
@endpoint(summary="The province's common quotations", response=Items[schemas.QuotationOut])
def list_quotations():
    _require_manager()
    rows = db.session.scalars(select(CommonQuotation).order_by(CommonQuotation.id))
    return {"items": [q.to_dict() for q in rows]}


@bp.delete("/common-quotations/<int:quotation_id>")
@endpoint(summary="Remove a common quotation (later checks count quotations of it again)",
          response=schemas.QuotationDeleted, errors=("404:not_found",))
def delete_quotation(quotation_id: int):
    _require_manager()
    row = db.session.get(CommonQuotation, quotation_id)
    if row is None:
        raise NotFound(_("No such common quotation."))
    services.delete_quotation(db.session, current_user, row)
    return {"id": quotation_id, "deleted": True}
