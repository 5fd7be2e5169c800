"""Originality: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.originality import services, views, words

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    audit_labels={
        "reference_text.create": _l("Reference text added"),
        "boilerplate_template.create": _l("Template registered"),
        "boilerplate_template.delete": _l("Template removed"),
        "common_quotation.create": _l("Common quotation added"),
        "common_quotation.delete": _l("Common quotation removed"),
    },
    hooks={"exports.originality_rebuild": services.build_rebuild},  # run on the job queue (lms.exports)
    warm_ups=(words.load_dictionary,),  # jieba's dictionary: ~1 s, else the first check of each worker waits
)
