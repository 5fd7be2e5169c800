"""Read side of the forum and the Q&A: always through the class's people check."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core.errors import Forbidden, NotFound
from lms.forum import policies
from lms.forum.models import ForumPost, QaQuestion, QaSession, qa_session_expert
from lms.projects.models import Batch, TrainingClass, class_tutor


def class_for(session, actor, class_id: int) -> TrainingClass:
    klass = session.get(TrainingClass, class_id)
    if klass is None:
        raise NotFound(_("No such class."))
    if not policies.can_view(session, actor, klass):
        raise Forbidden(_("This class's forum is for the people of the class."))
    return klass


def post_for(session, actor, post_id: int) -> ForumPost:
    """The pipeline's loader of a post (``post_id``, ``topic_id``): its class through ``post.training_class``."""
    post = session.get(ForumPost, post_id)
    if post is None:
        raise NotFound(_("No such post."))
    klass = class_for(session, actor, post.class_id)
    if post.hidden and not policies.can_moderate(actor, klass) and post.author_id != actor.id:
        raise NotFound(_("No such post."))
    return post


def qa_for(session, actor, qa_id: int) -> QaSession:
    """The pipeline's loader of a Q&A session; its class through ``qa.training_class``."""
    qa = session.get(QaSession, qa_id)
    if qa is None:
        raise NotFound(_("No such Q&A session."))
    class_for(session, actor, qa.class_id)
    return qa


def question_for(session, actor, question_id: int) -> QaQuestion:
    """The pipeline's loader of a Q&A question; its session through ``question.qa_session``."""
    question = session.get(QaQuestion, question_id)
    if question is None:
        raise NotFound(_("No such question."))
    qa_for(session, actor, question.session_id)
    return question


def sees_counting(actor, klass, post: ForumPost) -> bool:
    return post.author_id == actor.id or policies.can_moderate(actor, klass)


def _visible(query, actor, klass):
    if policies.can_moderate(actor, klass):
        return query
    return query.where((ForumPost.hidden.is_(False)) | (ForumPost.author_id == actor.id))


def topics(session, actor, klass, *, page: int = 1, per_page: int = 50, featured: bool = False):
    """Pinned first, then the most recently active."""
    query = _visible(select(ForumPost).where(ForumPost.class_id == klass.id, ForumPost.topic_id.is_(None)), actor, klass)
    if featured:
        query = query.where(ForumPost.featured.is_(True))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(ForumPost.pinned.desc(), ForumPost.last_activity_at.desc(), ForumPost.id.desc())
                           .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def replies(session, actor, klass, topic: ForumPost) -> list[ForumPost]:
    query = _visible(select(ForumPost).where(ForumPost.topic_id == topic.id), actor, klass)
    return list(session.scalars(query.order_by(ForumPost.id)))


def my_posts(session, actor, klass) -> list[ForumPost]:
    """The learner's own posts, with whether each counts (learners see which of their posts count)."""
    return list(session.scalars(select(ForumPost).where(ForumPost.class_id == klass.id,
                                                        ForumPost.author_id == actor.id).order_by(ForumPost.id)))


def qa_sessions(session, klass) -> list[QaSession]:
    return list(session.scalars(select(QaSession).where(QaSession.class_id == klass.id)
                                .order_by(QaSession.starts_at.desc())))


def questions(session, qa: QaSession) -> list[QaQuestion]:
    return list(session.scalars(select(QaQuestion).where(QaQuestion.session_id == qa.id).order_by(QaQuestion.id)))


def tutored_classes(session, actor, limit: int = 12) -> list[TrainingClass]:
    return list(session.scalars(select(TrainingClass).join(class_tutor, class_tutor.c.class_id == TrainingClass.id)
                                .where(class_tutor.c.user_id == actor.id).order_by(TrainingClass.id.desc())
                                .limit(limit)))


def expert_sessions(session, actor, since, limit: int = 12) -> list[QaSession]:
    """The expert's sessions not yet over, soonest first."""
    return list(session.scalars(select(QaSession).join(qa_session_expert, qa_session_expert.c.session_id == QaSession.id)
                                .where(qa_session_expert.c.user_id == actor.id, QaSession.ends_at > since)
                                .order_by(QaSession.starts_at).limit(limit)))


def waiting_questions(session, actor) -> list[tuple[QaSession, int]]:
    """The sessions the expert takes part in with questions not yet answered, with how many wait, oldest first."""
    waiting = func.count(QaQuestion.id)
    rows = session.execute(
        select(QaSession, waiting).join(qa_session_expert, qa_session_expert.c.session_id == QaSession.id)
        .join(QaQuestion, QaQuestion.session_id == QaSession.id)
        .where(qa_session_expert.c.user_id == actor.id, QaQuestion.answer.is_(None))
        .group_by(QaSession.id).order_by(QaSession.starts_at))
    return [(qa, n) for qa, n in rows]


def expert_classes(session, actor, limit: int = 12) -> list[TrainingClass]:
    """The classes an expert is assigned to: those of the Q&A sessions it takes part in, newest first."""
    ids = select(QaSession.class_id).join(qa_session_expert, qa_session_expert.c.session_id == QaSession.id).where(
        qa_session_expert.c.user_id == actor.id)
    return list(session.scalars(select(TrainingClass).where(TrainingClass.id.in_(ids))
                                .order_by(TrainingClass.id.desc()).limit(limit)))


def classes_without_qa_ahead(session, today, now, limit: int = 8) -> tuple[list[TrainingClass], int]:
    """Classes of the batches running today with no Q&A session still to come (or under way): where an expert
    is needed. Returns the first ``limit`` of them and how many there are."""
    ahead = select(QaSession.class_id).where(QaSession.ends_at > now)
    query = (select(TrainingClass).join(Batch, TrainingClass.batch_id == Batch.id)
             .where(Batch.starts_on <= today, Batch.ends_on >= today, TrainingClass.id.not_in(ahead)))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    return list(session.scalars(query.order_by(TrainingClass.id).limit(limit))), total
