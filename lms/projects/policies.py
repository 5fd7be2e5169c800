"""Who may do what with projects, batches, courses and classes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.web.pipeline import policy

# E3 (004 L69, L75): the province, and the cities and counties for their own area, make courses.
COURSE_MAKERS = ("province_admin", "city_admin", "county_admin")


def can_manage_catalogue(actor) -> bool:
    """Projects, batches, courses and classes are the province's: only its admins make them."""
    return actor.has_role("province_admin")


def can_view_catalogue(actor) -> bool:
    """Admins at every level, tutors and experts see the whole programme."""
    return actor.is_admin or actor.has_role("tutor", "expert")


def can_make_courses(actor) -> bool:
    return actor.has_role(*COURSE_MAKERS)


def owns_course(actor, course) -> bool:
    """The level that made the course, or a level above it; the province for the courses the system made."""
    if course.owner_unit is None:
        return actor.has_role("province_admin")
    return any(a.role in COURSE_MAKERS and scope.is_within(course.owner_unit, a.org_unit)
               for a in actor.role_assignments)


def can_edit_course(actor, course) -> bool:
    """A course changes while it is a draft, by its owner (a county never edits another county's course)."""
    return course.status == "draft" and owns_course(actor, course)


def can_manage_lessons(actor, course) -> bool:
    """E3a (004 L57, L69): the course's owner — the province, or the city or county that recorded its local course,
    or a level above it — adds and edits its lessons; not while a review round judges it (in_review). A published
    course's changed lessons go back to the experts (E2a)."""
    return course.status != "in_review" and owns_course(actor, course)


def can_manage_lesson(actor, lesson) -> bool:
    return can_manage_lessons(actor, lesson.course)


def can_see_course(actor, course) -> bool:
    """A published course is everyone's; a draft or one under review is its owners', the province's and the
    experts' (who review it)."""
    return course.is_published or actor.has_role("province_admin", "expert") or owns_course(actor, course)


def is_tutor_of(actor, training_class) -> bool:
    return any(t.id == actor.id for t in training_class.tutors)


MANAGE_CATALOGUE = policy(can_manage_catalogue,
                          message=_l("Only a province admin manages projects, courses and classes."))
MAKE_COURSES = policy(can_make_courses, message=_l("Only the province, city and county admins make courses."))
EDIT_COURSE = policy(can_edit_course, "course",
                     message=_l("Only the level that owns this course changes it, and only while it is a draft."))
MANAGE_LESSONS = policy(can_manage_lessons, "course",
                        message=_l("Only the level that owns this course adds or edits its lessons, and not while "
                                   "the experts review it."))
MANAGE_LESSON = policy(can_manage_lesson, "lesson",
                       message=_l("Only the level that owns this course adds or edits its lessons, and not while "
                                  "the experts review it."))
VIEW_CATALOGUE = policy(can_view_catalogue, message=_l("Only admins, tutors and experts see the programme's projects."))
