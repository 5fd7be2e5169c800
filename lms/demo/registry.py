"""Demo: what the demo data declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.demo.loader import LOAD_ACTION

CONTRIBUTIONS = Contributions(audit_labels={LOAD_ACTION: _l("Demo data loaded")})
