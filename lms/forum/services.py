"""Writing in the forum and the expert Q&A; each change to what counts recomputes the learner's grade."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from lms.core import audit, clock, registry
from lms.core.errors import Conflict, InvalidInput, NotFound
from lms.experts import queries as experts
from lms.forum import policies, rules
from lms.forum.models import ForumPost, QaLearnerAnswer, QaQuestion, QaSession
from lms.org.models import User
from lms.projects import rules as calendar
from lms.projects.models import TrainingClass
from lms.projects.policies import is_tutor_of

EARLIER_POSTS_COMPARED = 200  # a learner's recent posts are enough to catch copy-paste padding


def _check_writer(session, actor, klass: TrainingClass):
    """The learner's active enrollment (learners write only while the batch runs), or None for a tutor."""
    policies.WRITE.enforce(actor, klass)
    if is_tutor_of(actor, klass):
        return None
    enrollment = policies.learner_enrollment(session, actor, klass)
    batch = klass.batch
    if calendar.batch_phase(batch.starts_on, batch.ends_on, clock.now(), clock.local_tz()) != "running":
        raise Conflict("forum_closed", _("The forum takes learners' posts only while the batch runs."))
    return enrollment


def _interaction_changed(session, enrollment_id: int) -> None:
    """What counts changed: grading (a layer above) recomputes the learner's grade."""
    registry.hook("grading.inputs_changed")(session, enrollment_id)


def _judge(session, enrollment, body: str) -> tuple[bool, str | None]:
    if enrollment is None:
        return False, "not_learner"
    # Grading (a layer above) owns the length that counts; it answers through a declared hook.
    min_chars = registry.hook("grading.min_post_chars")(session, enrollment.training_class.batch.project_id)
    earlier = list(session.scalars(select(ForumPost.body).where(ForumPost.enrollment_id == enrollment.id)
                                   .order_by(ForumPost.id.desc()).limit(EARLIER_POSTS_COMPARED)))
    return rules.counts(body, earlier, min_chars=min_chars)


def _post(session, actor, klass: TrainingClass, *, title: str | None, body: str, topic: ForumPost | None) -> ForumPost:
    enrollment = _check_writer(session, actor, klass)
    counted, reason = _judge(session, enrollment, body)
    now = clock.now()
    post = ForumPost(class_id=klass.id, topic_id=topic.id if topic else None, author_id=actor.id,
                     enrollment_id=enrollment.id if enrollment else None, title=title, body=body, counts=counted,
                     not_counted_reason=reason, created_at=now, last_activity_at=now)
    session.add(post)
    if topic is not None:
        # One UPDATE, not read-modify-write: two replies at once both count.
        session.execute(update(ForumPost).where(ForumPost.id == topic.id)
                        .values(reply_count=ForumPost.reply_count + 1, last_activity_at=now))
    session.flush()
    if enrollment is not None:
        _interaction_changed(session, enrollment.id)
    return post


def create_topic(session, actor, klass: TrainingClass, title: str, body: str) -> ForumPost:
    return _post(session, actor, klass, title=title, body=body, topic=None)


def reply(session, actor, topic: ForumPost, body: str) -> ForumPost:
    if topic.topic_id is not None:
        raise InvalidInput(_("Reply to a topic, not to a reply."), {"topic_id": _("Not a topic.")})
    if topic.hidden and not is_tutor_of(actor, topic.training_class):
        raise NotFound(_("No such topic."))
    return _post(session, actor, topic.training_class, title=None, body=body, topic=topic)


def moderate(session, actor, post: ForumPost, *, featured: bool | None = None, pinned: bool | None = None,
             hidden: bool | None = None) -> ForumPost:
    """Feature (精华帖), pin or hide a post; a hidden post stops counting for its author, a featured one that counts
    earns its author the project's featured-post points."""
    policies.MODERATE.enforce(actor, post)
    before = {"featured": post.featured, "pinned": post.pinned, "hidden": post.hidden}
    if featured is not None:
        post.featured = featured
    if pinned is not None:
        if post.topic_id is not None and pinned:
            raise InvalidInput(_("Only a topic can be pinned."), {"pinned": _("Not a topic.")})
        post.pinned = pinned
    if hidden is not None:
        post.hidden = hidden
    session.flush()
    audit.record(session, actor, "forum_post.moderate", "forum_post", post.id, before=before,
                 after={"featured": post.featured, "pinned": post.pinned, "hidden": post.hidden,
                        "name": post.title or post.body[:40]})
    if post.enrollment_id is not None and (before["hidden"], before["featured"]) != (post.hidden, post.featured):
        _interaction_changed(session, post.enrollment_id)  # a featured post earns its author points
    return post


# --- expert Q&A ---------------------------------------------------------------------------------

def schedule_qa(session, actor, klass: TrainingClass, *, title: str, starts_at: datetime, ends_at: datetime,
                expert_ids: list[int]) -> QaSession:
    """A tutor of the class or an expert schedules a session; an expert scheduling it answers in it. The experts it
    names come from the pool as selected by its level or above (E1a: ``lms.experts.queries.qa_hosts``)."""
    policies.SCHEDULE_QA.enforce(actor, klass)
    if ends_at <= starts_at:
        raise InvalidInput(_("Please correct the marked fields."), {"ends_at": _("Must be after the start.")})
    wanted = set(expert_ids)
    allowed = {p.user_id for p in experts.qa_hosts(session, actor)}
    refused = sorted(wanted - allowed)
    if refused:
        names = {u.id: u.name for u in session.scalars(select(User).where(User.id.in_(refused)))}
        raise InvalidInput(_("Please correct the marked fields."), {"expert_ids": _(
            "Choose experts of the pool selected by your city or county (or the whole pool at the province); "
            "not these: %(names)s.", names=_(", ").join(names.get(i, str(i)) for i in refused))})
    experts_chosen = list(session.scalars(select(User).where(User.id.in_(wanted)).order_by(User.id)))
    if actor.has_role("expert") and all(e.id != actor.id for e in experts_chosen):
        experts_chosen.append(session.get(User, actor.id))
    qa = QaSession(class_id=klass.id, title=title, starts_at=starts_at, ends_at=ends_at, created_by_id=actor.id,
                   created_at=clock.now(), experts=experts_chosen)
    session.add(qa)
    session.flush()
    audit.record(session, actor, "qa_session.create", "qa_session", qa.id, after={"name": title})
    return qa


def ask(session, actor, qa: QaSession, body: str) -> QaQuestion:
    """A learner of the class asks, only while the session runs; asking is the participation counted."""
    policies.ASK.enforce(actor, qa)
    enrollment = policies.learner_enrollment(session, actor, qa.training_class)
    now = clock.now()
    _running(qa, now)
    question = QaQuestion(session_id=qa.id, enrollment_id=enrollment.id, author_id=actor.id, body=body,
                          created_at=now)
    session.add(question)
    session.flush()
    _interaction_changed(session, enrollment.id)
    return question


def _running(qa: QaSession, now: datetime) -> None:
    if not qa.starts_at <= now < qa.ends_at:
        raise Conflict("qa_not_running", _("Questions are taken only while the session runs (%(start)s – %(end)s).",
                                           start=qa.starts_at.astimezone(clock.local_tz()).strftime("%Y-%m-%d %H:%M"),
                                           end=qa.ends_at.astimezone(clock.local_tz()).strftime("%H:%M")))


def answer(session, actor, question: QaQuestion, body: str) -> QaQuestion:
    """An expert of the session or a class tutor gives the answer; another learner of the class answers too,
    while the session runs, and that counts as taking part in it (like asking)."""
    policies.ANSWER.enforce(actor, question)
    qa = question.qa_session
    if not policies.can_answer(actor, qa, qa.training_class):
        enrollment = policies.learner_enrollment(session, actor, qa.training_class)
        now = clock.now()
        _running(qa, now)
        session.add(QaLearnerAnswer(question_id=question.id, enrollment_id=enrollment.id, author_id=actor.id,
                                    body=body, created_at=now))
        session.flush()
        session.expire(question, ["learner_answers"])
        _interaction_changed(session, enrollment.id)
        return question
    question.answer, question.answered_at = body, clock.now()
    question.answered_by = session.get(User, actor.id)
    session.flush()
    return question
