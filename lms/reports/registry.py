"""Reports: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.reports import exports, notice_views, views

CONTRIBUTIONS = Contributions(
    class_links=(notice_views.class_links,),
    nav=(views.nav_entries, notice_views.nav_entries),
    home_sections=(views.admin_section, notice_views.home_section),
    audit_labels={"announcement.create": _l("Announcement published")},
    hooks={"exports.participation_xlsx": exports.build},  # built on the job queue (lms.exports)
)
