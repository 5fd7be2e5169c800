"""Who sees which appointment letters: every admin lists and downloads the letters of the tutors and experts of
its own subtree (the province all of them); a tutor or expert downloads its own."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.web.pipeline import policy


def can_list(actor, project) -> bool:
    return actor.is_admin


def covers_person(actor, person) -> bool:
    """An admin whose subtree holds the person's unit."""
    return actor.is_admin and scope.covers(actor, person.org_unit)


def can_download(actor, person) -> bool:
    return actor.id == person.id or covers_person(actor, person)


LIST = policy(can_list, "project", message=_l("Only admins list the appointment letters of a project."))
