"""Forum: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.forum import views

CONTRIBUTIONS = Contributions(
    class_links=(views.class_links,),
    home_sections=(views.learner_section, views.staff_section, views.expert_section),
    # Projects (below) lists classes and asks for the way to each one's Q&A.
    hooks={"forum.qa_link": views.qa_link},
    audit_labels={"forum_post.moderate": _l("Forum post featured, pinned or hidden"),
                  "qa_session.create": _l("Expert Q&A scheduled")},
)
