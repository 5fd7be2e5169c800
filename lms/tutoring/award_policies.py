"""Who ranks and who confirms the organisation awards of students' tutoring (B18): the city's admins for their
city, the province's for the province — the areas whose term settlement they confirm (policies.settling_area)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.tutoring import policies
from lms.web.pipeline import policy


def awarding_area(actor):
    """The city (or the province, where the actor holds both) whose schools and districts the actor ranks."""
    return policies.settling_area(actor)


def can_rank(actor) -> bool:
    return awarding_area(actor) is not None


RANK = policy(can_rank, message=_l("Only the city's and the province's admins rank the schools and districts for "
                                   "the tutoring awards."))
CONFIRM = policy(can_rank, message=_l("Only the city's and the province's admins confirm the tutoring awards."))
