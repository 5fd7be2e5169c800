"""The read side of appointment letters: who serves a project as a tutor or an expert, and in what."""
from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.errors import get_or_404
from lms.experts.models import CourseReview, CourseReviewer, ExpertProfile
from lms.forum.models import QaSession, qa_session_expert
from lms.letters import rules
from lms.org.models import User
from lms.projects.models import Batch, Course, Project, TrainingClass, class_tutor


def project(session, actor, project_id: int) -> Project:
    """The pipeline's loader: the project whose letters are asked for (the policies decide who may)."""
    return get_or_404(session, Project, project_id, _("No such project."))


def duties(session, project_id: int, user_id: int | None = None) -> dict[tuple[str, int], rules.Duties]:
    """Every (role, user id) serving the project — of one user when ``user_id`` is given — with its duties:
    a tutor's classes; an expert's Q&A classes and the courses of the project it was assigned to review."""
    classes: dict[tuple[str, int], list[str]] = defaultdict(list)
    reviews: dict[tuple[str, int], list[str]] = defaultdict(list)
    windows: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    tutored = (select(class_tutor.c.user_id, TrainingClass.name, Batch.starts_on, Batch.ends_on)
               .join(TrainingClass, TrainingClass.id == class_tutor.c.class_id)
               .join(Batch, Batch.id == TrainingClass.batch_id)
               .where(Batch.project_id == project_id).order_by(Batch.number, TrainingClass.id))
    hosted = (select(qa_session_expert.c.user_id, TrainingClass.name, Batch.starts_on, Batch.ends_on)
              .join(QaSession, QaSession.id == qa_session_expert.c.session_id)
              .join(TrainingClass, TrainingClass.id == QaSession.class_id)
              .join(Batch, Batch.id == TrainingClass.batch_id)
              .where(Batch.project_id == project_id).order_by(Batch.number, TrainingClass.id))
    reviewed = (select(ExpertProfile.user_id, Course.title, Batch.starts_on, Batch.ends_on)
                .select_from(CourseReviewer)
                .join(ExpertProfile, ExpertProfile.id == CourseReviewer.profile_id)
                .join(CourseReview, CourseReview.id == CourseReviewer.review_id)
                .join(Course, Course.id == CourseReview.course_id)
                .join(TrainingClass, TrainingClass.course_id == Course.id)
                .join(Batch, Batch.id == TrainingClass.batch_id)
                .where(Batch.project_id == project_id).order_by(Batch.number, Course.id))
    if user_id is not None:
        tutored = tutored.where(class_tutor.c.user_id == user_id)
        hosted = hosted.where(qa_session_expert.c.user_id == user_id)
        reviewed = reviewed.where(ExpertProfile.user_id == user_id)
    for role, query, into in ((rules.TUTOR, tutored, classes), (rules.EXPERT, hosted, classes),
                              (rules.EXPERT, reviewed, reviews)):
        for person, name, starts_on, ends_on in session.execute(query):
            into[(role, person)].append(name)
            windows[(role, person)].append((starts_on, ends_on))
    found = {}
    for key in windows:
        starts_on, ends_on = rules.term(windows[key])
        found[key] = rules.Duties(tuple(dict.fromkeys(classes[key])), tuple(dict.fromkeys(reviews[key])),
                                  starts_on, ends_on)
    return found


def users(session, ids) -> dict[int, User]:
    ids = set(ids)
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}


def projects_of(session, user_id: int) -> list[Project]:
    """The projects a user serves as a tutor or an expert, newest first."""
    tutored = (select(Batch.project_id).join(TrainingClass, TrainingClass.batch_id == Batch.id)
               .join(class_tutor, class_tutor.c.class_id == TrainingClass.id).where(class_tutor.c.user_id == user_id))
    hosted = (select(Batch.project_id).join(TrainingClass, TrainingClass.batch_id == Batch.id)
              .join(QaSession, QaSession.class_id == TrainingClass.id)
              .join(qa_session_expert, qa_session_expert.c.session_id == QaSession.id)
              .where(qa_session_expert.c.user_id == user_id))
    reviewed = (select(Batch.project_id).join(TrainingClass, TrainingClass.batch_id == Batch.id)
                .join(CourseReview, CourseReview.course_id == TrainingClass.course_id)
                .join(CourseReviewer, CourseReviewer.review_id == CourseReview.id)
                .join(ExpertProfile, ExpertProfile.id == CourseReviewer.profile_id)
                .where(ExpertProfile.user_id == user_id))
    ids = set(session.scalars(tutored)) | set(session.scalars(hosted)) | set(session.scalars(reviewed))
    if not ids:
        return []
    return list(session.scalars(select(Project).where(Project.id.in_(ids))
                                .order_by(Project.year.desc(), Project.id.desc())))
