"""Writing notices: sending one (honouring the reader's preferences, a reminder once per subject, marked for
e-mail when the reader wants its kind by e-mail: lms/notices/mail.py), marking read, setting the kinds a user
wants and those it wants by e-mail. Never commits."""
from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, scoped_session

from lms.core import clock
from lms.core.errors import InvalidInput
from lms.notices import mail, mail_rules, policies, rules, texts
from lms.notices.models import Notice, NoticeMail, NoticePreference


TURNED_OFF = "lms_notices_turned_off"  # session.info: user id -> the kinds turned off, for one transaction


def turned_off(session, user_id: int) -> set[str]:
    """The kinds ``user_id`` turned off, read once per transaction (a batch's certificates tell thousands)."""
    if isinstance(session, scoped_session):
        session = session()
    known = session.info.setdefault(TURNED_OFF, {})
    if user_id not in known:
        known[user_id] = set(session.scalars(select(NoticePreference.kind)
                                             .where(NoticePreference.user_id == user_id)))
    return known[user_id]


@event.listens_for(Session, "after_transaction_end")
def _forget_turned_off(session, transaction) -> None:
    if transaction.parent is None:  # the outer transaction: another may see other choices
        session.info.pop(TURNED_OFF, None)
        mail.forget(session)


def notify(session, user_id: int, kind: str, params: dict, key: str | None = None) -> Notice | None:
    """Send ``user_id`` a notice of ``kind``; None when the user turned the kind off or, for a reminder (a
    ``key``), when that subject was reminded of already."""
    if not rules.wanted(kind, turned_off(session, user_id)):
        return None
    if key is not None and session.scalar(select(Notice.id).where(Notice.user_id == user_id, Notice.key == key)):
        return None
    by_mail = bool(mail.mailed(session, [user_id], kind))
    notice = Notice(user_id=user_id, kind=kind, params=params, key=key, created_at=clock.now(),
                    email_state=mail_rules.PENDING if by_mail else None)
    if key is None:
        session.add(notice)  # flushed with the change it tells of
    else:
        try:
            with session.begin_nested():  # two ticks at once: the second finds the first's row
                session.add(notice)
                session.flush()
        except IntegrityError:
            return None
    if by_mail:
        mail.queue(session, [user_id])
    return notice


def notify_all(session, user_ids, kind: str, params: dict, key: str | None = None) -> list[Notice]:
    return [n for n in (notify(session, uid, kind, params, key) for uid in sorted(set(user_ids))) if n is not None]


BULK_CHUNK = 500  # ids per IN list (SQLite takes a limited number of parameters)


def notify_bulk(session, user_ids, kind: str, params: dict, key: str | None = None) -> int:
    """``notify_all`` for a crowd (a survey of a province-wide batch addresses tens of thousands): the
    preferences and, for a reminder, those reminded already are read per chunk of users, and the notices
    written in one statement per chunk. How many were sent."""
    ids, sent, now = sorted(set(user_ids)), 0, clock.now()
    for start in range(0, len(ids), BULK_CHUNK):
        chunk = ids[start:start + BULK_CHUNK]
        skip = set()
        if kind not in rules.MANDATORY:
            skip |= set(session.scalars(select(NoticePreference.user_id).where(
                NoticePreference.kind == kind, NoticePreference.user_id.in_(chunk))))
        if key is not None:
            skip |= set(session.scalars(select(Notice.user_id).where(Notice.key == key, Notice.user_id.in_(chunk))))
        told = [uid for uid in chunk if uid not in skip]
        by_mail = mail.mailed(session, told, kind)
        rows = [{"user_id": uid, "kind": kind, "params": params, "key": key, "created_at": now,
                 "email_state": mail_rules.PENDING if uid in by_mail else None} for uid in told]
        if rows:
            session.execute(insert(Notice), rows)
            sent += len(rows)
        mail.queue(session, sorted(by_mail))  # one job per chunk, not one per mail
    return sent


def mark_read(session, actor, notice: Notice) -> Notice:
    policies.OWN.enforce(actor, notice)
    if notice.read_at is None:
        notice.read_at = clock.now()
        session.flush()
    return notice


def mark_all_read(session, actor) -> int:
    """Every unread notice of the actor is read now; returns how many."""
    result = session.execute(update(Notice).where(Notice.user_id == actor.id, Notice.read_at.is_(None))
                             .values(read_at=clock.now()).execution_options(synchronize_session=False))
    session.expire_all()
    return result.rowcount


def preferences(session, actor) -> list[dict]:
    off = turned_off(session, actor.id)
    by_mail = mail.choices(session, [actor.id])[actor.id][0]
    return [{"kind": kind, "label": texts.label(kind), "wanted": rules.wanted(kind, off),
             "mandatory": kind in rules.MANDATORY, "email": kind in by_mail} for kind in rules.KINDS]


def email_status(actor) -> dict:
    """Whether the actor can have notices by e-mail: the site sends e-mail, and to which address."""
    return {"email_enabled": mail.enabled(), "email_address": actor.email or None}


def set_preferences(session, actor, changes: dict[str, bool], email: dict[str, bool] | None = None) -> list[dict]:
    """Turn kinds on or off (the others stay as they were), and their e-mail; a kind that cannot be turned off
    is refused, and so is e-mail when the site sends none or the actor has no address (nothing is changed)."""
    email = email or {}
    problems = {f"wanted.{kind}": why for kind, why in rules.preference_problems(changes).items()}
    problems |= {f"email.{kind}": why for kind, why in mail_rules.choice_problems(
        email, rules.KINDS, actor.email, mail.enabled()).items()}
    if problems:
        messages = {"unknown": _("There is no such kind of notice."),
                    "mandatory": _("This kind of notice cannot be turned off."),
                    "off": _("This site sends no e-mail."),
                    "no_address": _("Add your e-mail address in your account first.")}
        raise InvalidInput(_("Please correct the marked fields."),
                           {field: messages[why] for field, why in problems.items()})
    off = turned_off(session, actor.id)
    for kind, on in changes.items():
        if on and kind in off:
            session.execute(delete(NoticePreference).where(NoticePreference.user_id == actor.id,
                                                           NoticePreference.kind == kind))
        elif not on and kind not in off:
            session.add(NoticePreference(user_id=actor.id, kind=kind))
    if email:
        _set_email(session, actor, email)
    session.flush()
    (session() if isinstance(session, scoped_session) else session).info.pop(TURNED_OFF, None)
    mail.forget(session)
    return preferences(session, actor)


def _set_email(session, actor, email: dict[str, bool]) -> None:
    """The kinds by e-mail, in the language the actor uses now (its mails are written in it)."""
    row = session.get(NoticeMail, actor.id) or NoticeMail(user_id=actor.id, kinds=[])
    kinds = (set(row.kinds or ()) | {k for k, on in email.items() if on}) - {k for k, on in email.items() if not on}
    row.kinds = [kind for kind in rules.KINDS if kind in kinds]
    row.language = "zh_CN" if get_locale() is None or get_locale().language == "zh" else "en"
    session.add(row)


def to_dict(notice: Notice) -> dict:
    return {"id": notice.id, "kind": notice.kind, "title": texts.label(notice.kind),
            "text": texts.body(notice.kind, notice.params or {}), "link": texts.link(notice.kind, notice.params or {}),
            "params": notice.params or {}, "created_at": notice.created_at.isoformat(),
            "read_at": notice.read_at.isoformat() if notice.read_at else None, "read": notice.read_at is not None}
