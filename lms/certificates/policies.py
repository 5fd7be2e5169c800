"""Who may download, ask for and zip certificates (J16); anyone may verify one by its code."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.certificates import queries
from lms.core import scope
from lms.web.pipeline import policy


def can_download(actor, enrollment) -> bool:
    """The learner and admins whose area holds its school (docs/API.md); tutors see grades, not certificates."""
    return actor.id == enrollment.teacher_id or scope.covers(actor, queries.school_of(enrollment))


def can_zip_school(actor, school) -> bool:
    return scope.covers(actor, school)


DOWNLOAD = policy(can_download, "enrollment",
                  message=_l("Only the learner and admins of the area download the certificate."))
ZIP_SCHOOL = policy(can_zip_school, "unit", message=lambda unit: _("%(name)s is outside your area.", name=unit.name))


def can_set_issuer(actor, project) -> bool:
    """The issuing body and seal of a project's certificates are the province's: only its admins set them."""
    return actor.has_role("province_admin")


SET_ISSUER = policy(can_set_issuer, "project",
                    message=_l("Only a province admin sets who issues the project's certificates."))
def can_zip_area(actor) -> bool:
    """Any admin, for a unit of its area (the unit is checked when it is named: org's unit_in_scope)."""
    return actor.is_admin


ZIP_AREA = policy(can_zip_area, message=_l("Only admins download certificates in bulk."))


def can_list_area(actor) -> bool:
    """Any admin lists the certificates of its own area (the subtree filter is the query's)."""
    return actor.is_admin


LIST_AREA = policy(can_list_area, message=_l("Only admins list the certificates of an area."))
