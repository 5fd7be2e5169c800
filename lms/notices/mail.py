"""Notices by e-mail: each user chooses the kinds it also wants by e-mail (``NoticeMail``); a notice of such a
kind, for a reader with an address, is marked ``pending`` when it is made, and a job sent after the commit
(lms.core.jobs) mails the pending notices of a list of readers over one SMTP connection (smtplib), in the
reader's language, with an absolute link (LMS_SITE_URL), and records ``sent`` or ``failed`` with the error.
A failure never reaches the request that made the notice; the periodic work tries a failed mail again, a
bounded number of times (lms.notices.mail_rules), and sends a mail left pending by a lost job. No LMS_SMTP_HOST: e-mail is off and nothing is marked."""
from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urljoin

from flask import current_app, render_template, request, url_for
from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.orm import scoped_session

from lms.core import clock, jobs
from lms.extensions import db
from lms.notices import mail_rules, texts
from lms.notices.models import Notice, NoticeMail
from lms.org.models import User

log = logging.getLogger(__name__)
CHOICES = "lms_notices_mail"         # session.info: user id -> (kinds by e-mail, address), for one transaction
QUEUED = "lms_notices_mail_queued"   # session.info: the readers list of the job this transaction sends
SEND = "lms.notices.mail.send_pending"
PER_JOB = 500                        # readers per job (a survey of a province-wide batch mails in batches)
TIMEOUT = 20                         # seconds an SMTP server may take to answer


def enabled() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def _plain(session):
    return session() if isinstance(session, scoped_session) else session


def choices(session, user_ids) -> dict[int, tuple[frozenset[str], str | None]]:
    """User id → (the kinds it wants by e-mail, its address): read once per transaction per user."""
    known = _plain(session).info.setdefault(CHOICES, {})
    missing = [uid for uid in user_ids if uid not in known]
    if missing:
        rows = session.execute(select(User.id, User.email, NoticeMail.kinds)
                               .outerjoin(NoticeMail, NoticeMail.user_id == User.id).where(User.id.in_(missing)))
        for uid, address, kinds in rows:
            known[uid] = (frozenset(kinds or ()), address)
        for uid in missing:
            known.setdefault(uid, (frozenset(), None))
    return {uid: known[uid] for uid in user_ids}


def forget(session) -> None:
    """At the end of a transaction (or after a change of choices): read the choices afresh, start a new job."""
    info = _plain(session).info
    info.pop(CHOICES, None)
    info.pop(QUEUED, None)


def mailed(session, user_ids, kind: str) -> set[int]:
    """Those of ``user_ids`` who get a notice of ``kind`` by e-mail too."""
    if not enabled():
        return set()
    return {uid for uid, (kinds, address) in choices(session, user_ids).items()
            if mail_rules.wanted(kind, kinds, address, True)}


def queue(session, user_ids) -> None:
    """Mail the pending notices of ``user_ids`` once the transaction commits: one job for up to PER_JOB
    readers (the job's list is filled until the commit sends it)."""
    info = _plain(session).info
    for uid in user_ids:
        readers = info.get(QUEUED)
        if readers is None or len(readers) >= PER_JOB:
            readers = info[QUEUED] = []
            jobs.after_commit(session, SEND, readers)
        if uid not in readers:
            readers.append(uid)


# -- the job -------------------------------------------------------------------------------------------------


def send_pending(user_ids) -> None:
    """The job: mail the pending notices of ``user_ids``; one transaction for all of them."""
    session = db.session
    notices = list(session.scalars(select(Notice).where(Notice.user_id.in_(list(user_ids)),
                                                        Notice.email_state == mail_rules.PENDING)
                                   .order_by(Notice.id).with_for_update(skip_locked=True)))
    deliver(session, notices)
    session.commit()


def retry_failed_job() -> None:
    """The periodic task (lms.core.jobs.PERIODIC): failed mails with tries left and fresh news, again; and the
    mails whose job was lost (pending longer than mail_rules.LOST_AFTER), within the same tries and day."""
    if not enabled():
        return
    session, now = db.session, clock.now()
    fresh = (Notice.email_attempts < mail_rules.MAX_ATTEMPTS, Notice.created_at >= now - mail_rules.RETRY_WITHIN)
    # Claim the lost ones first: the conditional UPDATE takes each row only if it is still pending (a job that
    # sent it meanwhile made it 'sent'; one sending it holds its lock, and the UPDATE waits and then skips it),
    # and keeps it locked until this transaction commits, so a late job's send_pending skips it too.
    session.execute(update(Notice).where(Notice.email_state == mail_rules.PENDING,
                                         Notice.created_at < now - mail_rules.LOST_AFTER, *fresh)
                    .values(email_state=mail_rules.FAILED, email_error="lost job")
                    .execution_options(synchronize_session=False))
    failed = session.scalars(select(Notice).where(Notice.email_state == mail_rules.FAILED, *fresh)
                             .order_by(Notice.id).limit(PER_JOB).with_for_update(skip_locked=True))
    due = [n for n in failed if mail_rules.retry_due(n.email_attempts, n.created_at, now)]
    if due:
        deliver(session, due)
    session.commit()


def deliver(session, notices: list[Notice]) -> None:
    """Mail ``notices`` over one connection, recording on each whether it went (never raises for SMTP)."""
    if not notices or not enabled():
        return
    readers = {uid: (address, language) for uid, address, language in session.execute(
        select(User.id, User.email, NoticeMail.language).outerjoin(NoticeMail, NoticeMail.user_id == User.id)
        .where(User.id.in_({n.user_id for n in notices})))}
    config = current_app.config
    with current_app.test_request_context(base_url=config["SITE_URL"], method="POST"):  # url_for's links
        server, error = None, None
        try:
            server = connect(config)
        except (OSError, smtplib.SMTPException) as exc:
            error = describe(exc)
            log.warning("SMTP server %s:%s: %s", config["SMTP_HOST"], config["SMTP_PORT"], error)
        for notice in notices:
            address, language = readers.get(notice.user_id, (None, None))
            if not address:
                notice.email_state, notice.email_error = None, None  # the address was removed since
                continue
            notice.email_attempts += 1
            if server is None:
                _record(notice, error)
                continue
            try:
                server.send_message(message(notice, address, language or config["BABEL_DEFAULT_LOCALE"]))
                _record(notice, None)
            except (OSError, smtplib.SMTPException) as exc:
                _record(notice, describe(exc))
                if isinstance(exc, (OSError, smtplib.SMTPServerDisconnected)):
                    server, error = None, describe(exc)  # the connection is gone: the rest fail alike
        if server is not None:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                pass


def _record(notice: Notice, error: str | None) -> None:
    if error is None:
        notice.email_state, notice.emailed_at, notice.email_error = mail_rules.SENT, clock.now(), None
    else:
        notice.email_state, notice.email_error = mail_rules.FAILED, error[:300]


def describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def connect(config) -> smtplib.SMTP:
    host, port = config["SMTP_HOST"], config["SMTP_PORT"]
    if config["SMTP_SSL"]:
        server = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT, context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(host, port, timeout=TIMEOUT)
        if config["SMTP_STARTTLS"]:
            server.starttls(context=ssl.create_default_context())
    if config["SMTP_USER"]:
        server.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
    return server


def message(notice: Notice, address: str, language: str) -> EmailMessage:
    """The notice as a mail in ``language``: its title as the subject, its words and an absolute link, in
    plain text and HTML (inside a request context on LMS_SITE_URL)."""
    params = notice.params or {}
    with force_locale(language):
        title, text = texts.label(notice.kind), texts.body(notice.kind, params)
        link = urljoin(request.host_url, texts.link(notice.kind, params) or url_for("notice_centre.centre"))
        centre = urljoin(request.host_url, url_for("notice_centre.centre"))
        html = render_template("notices/mail.html", title=title, text=text, link=link, centre=centre)
        plain = render_template("notices/mail.txt", title=title, text=text, link=link, centre=centre)
    mail = EmailMessage()
    mail["Subject"] = title
    mail["From"] = current_app.config["MAIL_FROM"]
    mail["To"] = address
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid("notice")
    mail.set_content(plain)
    mail.add_alternative(html, subtype="html")
    mail["Content-Language"] = language.replace("_", "-")  # after: making the alternative moves Content-* down
    return mail
