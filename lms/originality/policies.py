"""Who manages the originality corpus (J11): reference texts, boilerplate templates, common quotations."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.web.pipeline import policy


def can_manage_corpus(actor) -> bool:
    """The corpus is the province's: J11's reference texts and the registered templates."""
    return actor.has_role("province_admin")


MANAGE_CORPUS = policy(can_manage_corpus, message=_l("Only province admins manage the originality corpus."))
