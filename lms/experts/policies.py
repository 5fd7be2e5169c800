"""Who keeps the expert pool, who selects from it, and who sends, assigns, evaluates and publishes a course's
expert review."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.projects.policies import can_make_courses, owns_course
from lms.web.pipeline import policy

SELECTING_LEVELS = ("city", "county")


def can_keep_pool(actor) -> bool:
    """004 L41: the province builds the expert pool."""
    return actor.has_role("province_admin")


def can_see_pool(actor) -> bool:
    """Admins choose from the pool; experts see their colleagues."""
    return actor.is_admin or actor.has_role("expert")


def can_see_profile(actor, profile) -> bool:
    return can_see_pool(actor) or actor.id == profile.user_id


def selecting_unit(actor):
    """The city or county whose selection the actor keeps (004 L75, L93: each level picks its own experts)."""
    unit = scope.highest_admin_unit(actor)
    return unit if unit is not None and unit.level in SELECTING_LEVELS else None


def can_select(actor, profile=None) -> bool:
    return selecting_unit(actor) is not None and (profile is None or profile.active)


def can_submit(actor, course) -> bool:
    """The course's owner sends its draft to expert review."""
    return course.status == "draft" and owns_course(actor, course)


def can_manage_review(actor, review) -> bool:
    """The province, or the level that owns the course, assigns the reviewers of an open round."""
    return actor.has_role("province_admin") or owns_course(actor, review.course)


def can_see_review(actor, review) -> bool:
    return can_manage_review(actor, review) or any(r.profile.user_id == actor.id for r in review.reviewers)


def can_evaluate(actor, review) -> bool:
    """Only an expert assigned to the open round evaluates it."""
    return review.state == "open" and any(r.profile.user_id == actor.id for r in review.reviewers)


def can_publish(actor, review) -> bool:
    """E3 (004 L94): the province publishes into its catalogue, every level's course alike."""
    return actor.has_role("province_admin")


def is_expert(actor) -> bool:
    return actor.has_role("expert")


KEEP_POOL = policy(can_keep_pool, message=_l("Only a province admin keeps the expert pool."))
SEE_POOL = policy(can_see_pool, message=_l("Only admins and experts see the expert pool."))
SEE_PROFILE = policy(can_see_profile, "profile", message=_l("Only admins and experts see the expert pool."))
SELECT = policy(can_select, "profile", message=_l("Only a city or county admin selects experts from the pool, and "
                                                    "only experts still in it."))
SELECTION = policy(can_select, message=_l("Only a city or county admin selects experts from the pool."))
SUBMIT = policy(can_submit, "course", message=_l("Only the level that owns this draft sends it to expert review."))
MANAGE_REVIEW = policy(can_manage_review, "review",
                       message=_l("Only the province or the level that owns the course assigns its reviewers."))
SEE_REVIEW = policy(can_see_review, "review", message=_l("This review is not yours to see."))
EVALUATE = policy(can_evaluate, "review", message=_l("Only an expert assigned to this open review evaluates it."))
PUBLISH = policy(can_publish, "review", message=_l("Only a province admin publishes a course."))
SEE_QUEUE = policy(can_make_courses, message=_l("Only the province, city and county admins follow course reviews."))
MY_REVIEWS = policy(is_expert, message=_l("Only experts have reviews to do."))
