"""Who may do what with projects, batches, courses and classes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.web.pipeline import policy


def can_manage_catalogue(actor) -> bool:
    """Projects, batches, courses and classes are the province's: only its admins make them."""
    return actor.has_role("province_admin")


def can_view_catalogue(actor) -> bool:
    """Admins at every level, tutors and experts see the whole programme."""
    return actor.is_admin or actor.has_role("tutor", "expert")


def is_tutor_of(actor, training_class) -> bool:
    return any(t.id == actor.id for t in training_class.tutors)


MANAGE_CATALOGUE = policy(can_manage_catalogue,
                          message=_l("Only a province admin manages projects, courses and classes."))
VIEW_CATALOGUE = policy(can_view_catalogue, message=_l("Only admins, tutors and experts see the programme's projects."))
