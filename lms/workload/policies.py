"""Who reads a batch's workload statement (JX13a): admins, each for its own subtree (the province: everyone)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.web.pipeline import policy


def can_see(actor, batch) -> bool:
    return actor.is_admin


SEE = policy(can_see, "batch", message=_l("Only admins see the workload statements."))
