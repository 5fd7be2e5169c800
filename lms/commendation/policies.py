"""Who sees and who confirms a batch's commendation list (J14, JX12): the province confirms; every admin sees the
list of its own subtree, read-only."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.web.pipeline import policy


def can_see_list(actor, batch) -> bool:
    """Admins at every level; each sees the learners of its subtree (the services filter by the admin's unit)."""
    return actor.is_admin


def can_confirm(actor, batch) -> bool:
    """004 L163: the province's project office commends outstanding learners."""
    return actor.has_role("province_admin")


SEE_LIST = policy(can_see_list, "batch", message=_l("Only admins see the commendation list."))
CONFIRM = policy(can_confirm, "batch", message=_l("Only a province admin confirms the commendation list."))
