"""The originality corpus API: reference texts (J11) and boilerplate templates, the province's."""
from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.errors import InvalidInput
from lms.exports import services as exports
from lms.exports.api import JobOut
from lms.extensions import db
from lms.originality import policies, queries, schemas, services
from lms.web.api import Items, Page, PageParams, endpoint, page_of, parse_model
from lms.web.security import body_limit

bp = Blueprint("originality_api", __name__, url_prefix="/api/v1")

UPLOAD_SCHEMA = {"type": "object", "required": ["title", "file"], "properties": {
    "title": {"type": "string"}, "source": {"type": "string"},
    "file": {"type": "string", "format": "binary", "description": ".txt or .docx"}}}
MANAGE = policies.MANAGE_CORPUS


@bp.post("/reference-texts")
@endpoint(summary="Add a published text to the originality corpus", body=schemas.ReferenceTextIn, status=201,
          response=schemas.ReferenceTextOut, allow=MANAGE)
def add_reference(data: schemas.ReferenceTextIn):
    reference = services.add_reference(db.session, current_user, title=data.title, text=data.text,
                                       source=data.source)
    return reference.to_dict(), 201


@bp.post("/reference-texts/upload")
@body_limit("MAX_DOCUMENT_BYTES")
@endpoint(summary="Add a published text from a .txt or .docx file", multipart=UPLOAD_SCHEMA, status=201,
          response=schemas.ReferenceTextOut,
          errors=("413:too_large", "415:unsupported_media_type"), allow=MANAGE)
def upload_reference():
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
@endpoint(summary="The reference corpus", query=PageParams, response=Page[schemas.ReferenceTextOut], allow=MANAGE)
def list_references(params: PageParams):
    rows, total = queries.references(db.session, offset=(params.page - 1) * params.per_page, limit=params.per_page)
    return page_of([r.to_dict() for r in rows], total, params)


@bp.get("/reference-texts/<int:reference_id>")
@endpoint(summary="One reference text with its full text", response=schemas.ReferenceTextOut, errors=("404:not_found",),
          load={"reference": queries.reference}, allow=MANAGE)
def get_reference(reference):
    return reference.to_dict(with_text=True)


@bp.post("/boilerplate-templates")
@endpoint(summary="Register text every learner may repeat (excluded from every check)",
          body=schemas.TemplateIn, status=201, response=schemas.TemplateOut, allow=MANAGE)
def add_template(data: schemas.TemplateIn):
    return services.add_template(db.session, current_user, title=data.title, text=data.text).to_dict(), 201


@bp.get("/boilerplate-templates")
@endpoint(summary="The registered boilerplate templates", response=Items[schemas.TemplateOut], allow=MANAGE)
def list_templates():
    return {"items": [t.to_dict() for t in queries.templates(db.session)]}


@bp.post("/common-quotations")
@endpoint(summary="Add a common quotation (a policy text learners cite): left out of both sides of every check",
          body=schemas.QuotationIn, status=201, response=schemas.QuotationOut, allow=MANAGE)
def add_quotation(data: schemas.QuotationIn):
    return services.add_quotation(db.session, current_user, title=data.title, text=data.text).to_dict(), 201


@bp.get("/common-quotations")
@endpoint(summary="The province's common quotations", response=Items[schemas.QuotationOut], allow=MANAGE)
def list_quotations():
    return {"items": [q.to_dict() for q in queries.quotations(db.session)]}


@bp.delete("/common-quotations/<int:quotation_id>")
@endpoint(summary="Remove a common quotation (later checks count quotations of it again)",
          response=schemas.QuotationDeleted, errors=("404:not_found",), load={"quotation": queries.quotation},
          allow=MANAGE)
def delete_quotation(quotation):
    quotation_id = quotation.id
    services.delete_quotation(db.session, current_user, quotation)
    return {"id": quotation_id, "deleted": True}


@bp.post("/originality/rebuild")
@endpoint(summary="Rebuild the originality index as a job (202; follow the job's URL): province admins",
          response=JobOut, status=202, errors=("403:forbidden",), allow=policies.MANAGE_CORPUS)
def rebuild():
    return exports.accepted(services.start_rebuild(db.session, current_user))
