"""Read side of the corpus: the pipeline's loaders and the lists of the corpus pages and API."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core.errors import NotFound
from lms.originality.models import BoilerplateTemplate, CommonQuotation, ReferenceText


def _get(session, model, row_id: int, message: str):
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(message)
    return row


def reference(session, actor, reference_id: int) -> ReferenceText:
    """Loaders: the row or 404; who may is policies.MANAGE_CORPUS (the corpus is one, the province's)."""
    return _get(session, ReferenceText, reference_id, _("No such reference text."))


def template(session, actor, template_id: int) -> BoilerplateTemplate:
    return _get(session, BoilerplateTemplate, template_id, _("No such boilerplate template."))


def quotation(session, actor, quotation_id: int) -> CommonQuotation:
    return _get(session, CommonQuotation, quotation_id, _("No such common quotation."))


def references(session, *, offset: int = 0, limit: int = 200) -> tuple[list[ReferenceText], int]:
    """Newest first, with the corpus's size."""
    total = session.scalar(select(func.count(ReferenceText.id)))
    rows = session.scalars(select(ReferenceText).order_by(ReferenceText.id.desc()).offset(offset).limit(limit)).all()
    return list(rows), total


def templates(session) -> list[BoilerplateTemplate]:
    return list(session.scalars(select(BoilerplateTemplate).order_by(BoilerplateTemplate.id)))


def quotations(session) -> list[CommonQuotation]:
    return list(session.scalars(select(CommonQuotation).order_by(CommonQuotation.id)))
