"""Activities: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.activities import views
from lms.core.registry import Contributions

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    audit_labels={"activity.create": _l("Activity organised"),
                  "activity.attendance": _l("Activity attendance recorded"),
                  "activity.update": _l("Activity edited"),
                  "activity.cancel": _l("Activity cancelled"),
                  "activity.approve": _l("Activity approved by the province"),
                  "activity.reject": _l("Activity not approved by the province")},
)
