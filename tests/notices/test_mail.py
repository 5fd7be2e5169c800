"""Notices by e-mail against a real SMTP server (aiosmtpd, started on a free local port by the tests): the kinds
chosen by e-mail are mailed after the commit, in the reader's language, with an absolute link; nothing without
the choice, without an address or with the kind turned off; a bulk notice mails in one job per batch of
readers; a server down keeps the notice, records the error, never fails the request; the periodic retry is
bounded, and sends a mail whose job was lost (never one a job is still to send). The choices on the API and on the message centre's page; e-mail off without LMS_SMTP_HOST."""
from __future__ import annotations

import socket
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from lms import config as settings
from lms.core import clock, jobs
from lms.extensions import db
from lms.notices import mail, mail_rules, rules, services
from lms.notices.models import NoticeMail
from lms.org.models import User
from tests.forum.conftest import DURING
from tests.helpers import assert_error, csrf_token, sign_in
from tests.notices.helpers import notices_of

SITE = "https://lms.example.edu.cn/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received: parsed messages with their envelope recipients."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        mail_ = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, mail_))
        return "250 OK"


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on a free port, and the app configured to send through it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": controller.port, "SITE_URL": SITE,
                       "MAIL_FROM": "培训平台 <noreply@lms.example.edu.cn>"}.items():
        monkeypatch.setitem(app.config, key, value)
    app.extensions.pop("lms_jobs", None)
    yield inbox
    controller.stop()


@pytest.fixture
def down(app, monkeypatch):
    """The configured SMTP server does not answer (nothing listens on its port)."""
    for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": free_port(), "SITE_URL": SITE}.items():
        monkeypatch.setitem(app.config, key, value)
    app.extensions.pop("lms_jobs", None)


def _address(app, user, email):
    with app.app_context():
        db.session.get(User, user.id).email = email
        db.session.commit()


def _choose(room, user, **email):
    r = room.call("PUT", "/me/notice-preferences", user, json={"email": email})
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _notify(app, user_ids, kind=rules.WORK_GRADED, bulk=False):
    params = {"assignment": "教学设计", "score": 92, "enrollment_id": 7}
    with app.app_context(), clock.frozen_at(DURING):
        if bulk:
            services.notify_bulk(db.session, user_ids, kind, params)
        else:
            services.notify_all(db.session, user_ids, kind, params)
        db.session.commit()


def _run(app) -> list:
    recorded = list(app.extensions.get("lms_jobs", []))
    with clock.frozen_at(DURING):
        jobs.run_recorded(app)
    return recorded


def _parts(message):
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return plain, html


def test_a_chosen_kind_is_mailed_in_chinese_with_an_absolute_link(room, smtp):
    _address(room.app, room.alice, "alice@school.example.cn")
    body = _choose(room, room.alice, **{rules.WORK_GRADED: True})
    assert body["email_enabled"] is True and body["email_address"] == "alice@school.example.cn"
    assert {p["kind"] for p in body["items"] if p["email"]} == {rules.WORK_GRADED}
    _notify(room.app, [room.alice.id])
    assert smtp.messages == []  # nothing before the job runs
    (job,) = _run(room.app)
    assert job[0] == mail.SEND and job[1] == ([room.alice.id],)
    ((rcpt, message),) = smtp.messages
    assert rcpt == ["alice@school.example.cn"] and message["To"] == "alice@school.example.cn"
    assert message["Subject"] == "作业已批改" and message["Content-Language"] == "zh-CN"
    assert "noreply@lms.example.edu.cn" in message["From"]
    plain, html = _parts(message)
    link = f"{SITE}enrollments/7/assignments"
    assert "教学设计" in plain and "92" in plain and link in plain
    assert f'href="{link}"' in html and 'lang="zh-CN"' in html and "教学设计" in html
    (notice,) = notices_of(room.app, room.alice, rules.WORK_GRADED)
    assert notice.email_state == mail_rules.SENT and notice.emailed_at and notice.email_error is None
    assert notice.email_attempts == 1


def test_nothing_is_mailed_without_the_choice_the_address_or_the_kind(room, smtp):
    _address(room.app, room.bob, "bob@school.example.cn")   # an address, no choice
    _address(room.app, room.carol, "carol@school.example.cn")
    _choose(room, room.carol, **{rules.WORK_GRADED: True})
    room.call("PUT", "/me/notice-preferences", room.carol, json={"wanted": {rules.WORK_GRADED: False}})
    _notify(room.app, [room.bob.id, room.carol.id])
    assert _run(room.app) == [] and smtp.messages == []
    assert notices_of(room.app, room.bob, rules.WORK_GRADED)[0].email_state is None
    assert notices_of(room.app, room.carol, rules.WORK_GRADED) == []  # turned off: no notice, no mail
    # the address removed after the choice: the notice is not even marked for e-mail
    _address(room.app, room.alice, "alice@school.example.cn")
    _choose(room, room.alice, **{rules.WORK_GRADED: True})
    _address(room.app, room.alice, None)
    _notify(room.app, [room.alice.id])
    assert _run(room.app) == [] and smtp.messages == []
    assert notices_of(room.app, room.alice, rules.WORK_GRADED)[0].email_state is None


def test_without_an_address_or_a_server_the_choice_is_refused(room, app, monkeypatch, smtp):
    body = assert_error(room.call("PUT", "/me/notice-preferences", room.alice,
                                  json={"email": {rules.WORK_GRADED: True, "spam": False}}), 400, "invalid_input")
    assert set(body["error"]["fields"]) == {f"email.{rules.WORK_GRADED}", "email.spam"}
    assert "邮箱" in body["error"]["fields"][f"email.{rules.WORK_GRADED}"]
    monkeypatch.setitem(app.config, "SMTP_HOST", "")
    _address(app, room.alice, "alice@school.example.cn")
    got = room.get("/me/notice-preferences", room.alice).get_json()
    assert got["email_enabled"] is False and not any(p["email"] for p in got["items"])
    assert_error(room.call("PUT", "/me/notice-preferences", room.alice, json={"email": {rules.WORK_GRADED: True}}),
                 400, "invalid_input")
    # turning e-mail off is always allowed
    assert room.call("PUT", "/me/notice-preferences", room.alice,
                     json={"email": {rules.WORK_GRADED: False}}).status_code == 200


def test_a_mandatory_kind_by_email_is_the_readers_choice(room, smtp):
    _address(room.app, room.alice, "alice@school.example.cn")
    _choose(room, room.alice, **{rules.PLAGIARISM_VERDICT: True})
    _notify(room.app, [room.alice.id], rules.PLAGIARISM_VERDICT)
    _choose(room, room.alice, **{rules.PLAGIARISM_VERDICT: False})
    _notify(room.app, [room.alice.id], rules.PLAGIARISM_VERDICT)
    _run(room.app)
    assert len(smtp.messages) == 1
    assert len(notices_of(room.app, room.alice, rules.PLAGIARISM_VERDICT)) == 2  # both in the centre


def test_bulk_notices_mail_in_one_job_per_batch(room, smtp, monkeypatch):
    for user in (room.alice, room.bob, room.carol):
        _address(room.app, user, f"{user.username}@school.example.cn")
    for user in (room.alice, room.bob):
        _choose(room, user, **{rules.SURVEY_PUBLISHED: True})
    monkeypatch.setattr(mail, "PER_JOB", 1)
    _notify(room.app, [room.alice.id, room.bob.id, room.carol.id], rules.SURVEY_PUBLISHED, bulk=True)
    recorded = _run(room.app)
    assert sorted(args[0] for _name, args in recorded) == sorted([[room.alice.id], [room.bob.id]])
    assert sorted(r[0] for r, _m in smtp.messages) == sorted(
        [f"{room.alice.username}@school.example.cn", f"{room.bob.username}@school.example.cn"])
    monkeypatch.setattr(mail, "PER_JOB", 500)
    _notify(room.app, [room.alice.id, room.bob.id, room.carol.id], rules.SURVEY_PUBLISHED, bulk=True)
    (one,) = _run(room.app)  # both readers in one job, sent over one connection
    assert sorted(one[1][0]) == sorted([room.alice.id, room.bob.id]) and len(smtp.messages) == 4


def test_a_server_down_keeps_the_notice_records_the_error_and_never_fails_the_request(room, app, down,
                                                                                      monkeypatch):
    _address(app, room.alice, "alice@school.example.cn")
    _choose(room, room.alice, **{rules.ENROLLMENT_CANCELLED: True})
    monkeypatch.setitem(app.config, "JOBS", "inline")  # the job runs in the request's process, after its commit
    r = room.post(f"/enrollments/{room.enrollments['alice']}/cancel", room.school_admin)
    assert r.status_code == 200, r.get_json()
    (notice,) = notices_of(app, room.alice, rules.ENROLLMENT_CANCELLED)
    assert notice.email_state == mail_rules.FAILED and notice.email_attempts == 1
    assert "Connection" in notice.email_error or "refused" in notice.email_error.lower()
    assert notice.emailed_at is None


def test_the_periodic_retry_sends_a_failed_mail_a_bounded_number_of_times(room, app, smtp, monkeypatch):
    _address(app, room.alice, "alice@school.example.cn")
    _choose(room, room.alice, **{rules.WORK_GRADED: True})
    working = app.config["SMTP_PORT"]
    monkeypatch.setitem(app.config, "SMTP_PORT", free_port())
    _notify(app, [room.alice.id])
    _run(app)
    with app.app_context(), clock.frozen_at(DURING + timedelta(minutes=10)):
        mail.retry_failed_job()  # still down: a second try
    (notice,) = notices_of(app, room.alice, rules.WORK_GRADED)
    assert notice.email_state == mail_rules.FAILED and notice.email_attempts == 2
    monkeypatch.setitem(app.config, "SMTP_PORT", working)
    with app.app_context(), clock.frozen_at(DURING + timedelta(minutes=20)):
        mail.retry_failed_job()
    (notice,) = notices_of(app, room.alice, rules.WORK_GRADED)
    assert notice.email_state == mail_rules.SENT and notice.email_attempts == 3 and len(smtp.messages) == 1
    with app.app_context(), clock.frozen_at(DURING + timedelta(minutes=30)):
        mail.retry_failed_job()  # nothing failed any more
    assert len(smtp.messages) == 1


def test_the_periodic_retry_sends_a_mail_whose_job_was_lost_once(room, app, smtp):
    _address(app, room.alice, "alice@school.example.cn")
    _choose(room, room.alice, **{rules.WORK_GRADED: True})
    _notify(app, [room.alice.id])
    late = list(app.extensions["lms_jobs"])
    app.extensions["lms_jobs"].clear()  # the worker died: the job is lost
    with app.app_context(), clock.frozen_at(DURING + mail_rules.LOST_AFTER - timedelta(minutes=1)):
        mail.retry_failed_job()  # not yet: a job may still be about to send it
    (notice,) = notices_of(app, room.alice, rules.WORK_GRADED)
    assert notice.email_state == mail_rules.PENDING and not smtp.messages
    with app.app_context(), clock.frozen_at(DURING + mail_rules.LOST_AFTER + timedelta(minutes=1)):
        mail.retry_failed_job()
    (notice,) = notices_of(app, room.alice, rules.WORK_GRADED)
    assert notice.email_state == mail_rules.SENT and notice.email_attempts == 1 and notice.email_error is None
    assert len(smtp.messages) == 1
    app.extensions["lms_jobs"].extend(late)  # the job turns up after all: nothing pending, nothing sent twice
    _run(app)
    with app.app_context(), clock.frozen_at(DURING + timedelta(hours=1)):
        mail.retry_failed_job()
    assert len(smtp.messages) == 1


def test_a_lost_mail_older_than_a_day_is_not_sent(room, app, smtp):
    _address(app, room.alice, "alice@school.example.cn")
    _choose(room, room.alice, **{rules.WORK_GRADED: True})
    _notify(app, [room.alice.id])
    app.extensions["lms_jobs"].clear()
    with app.app_context(), clock.frozen_at(DURING + mail_rules.RETRY_WITHIN + timedelta(minutes=1)):
        mail.retry_failed_job()  # stale news is not mailed any more
    (notice,) = notices_of(app, room.alice, rules.WORK_GRADED)
    assert notice.email_state == mail_rules.PENDING and not smtp.messages


def test_retry_rules():
    now = datetime(2026, 12, 1, 8, tzinfo=timezone.utc)
    assert mail_rules.retry_due(1, now - timedelta(hours=1), now)
    assert not mail_rules.retry_due(mail_rules.MAX_ATTEMPTS, now - timedelta(hours=1), now)
    assert not mail_rules.retry_due(1, now - timedelta(days=2), now)
    assert mail_rules.wanted("a", {"a"}, "x@y.cn", True)
    assert not mail_rules.wanted("a", {"a"}, "", True) and not mail_rules.wanted("a", {"a"}, "x@y.cn", False)
    assert mail_rules.choice_problems({"a": True, "b": False, "c": True}, ("a", "b"), None, True) == {
        "a": "no_address", "c": "unknown"}
    assert mail_rules.choice_problems({"a": True}, ("a",), "x@y.cn", False) == {"a": "off"}


def test_the_page_shows_the_choice_and_mails_in_the_language_chosen_in(room, app, smtp):
    client = app.test_client()
    with clock.frozen_at(DURING):
        sign_in(client, room.alice)
        html = client.get("/notices").get_data(as_text=True)
    assert "添加邮箱地址" in html and 'href="/account/"' in html and 'name="email"' not in html
    _address(app, room.alice, "alice@school.example.cn")
    with client.session_transaction() as session:
        session["lang"] = "en"
    with clock.frozen_at(DURING):
        html = client.get("/notices").get_data(as_text=True)
        assert "alice@school.example.cn" in html and "By e-mail too" in html
        r = client.post("/notices/preferences", data={"csrf_token": csrf_token(html), "wanted": list(rules.KINDS),
                                                      "email": [rules.WORK_GRADED]})
    assert r.status_code == 302
    with app.app_context():
        row = db.session.get(NoticeMail, room.alice.id)
        assert row.kinds == [rules.WORK_GRADED] and row.language == "en"
    _notify(app, [room.alice.id])
    _run(app)
    ((_rcpt, message),) = smtp.messages
    assert message["Subject"] == "Your work was graded" and message["Content-Language"] == "en"
    assert "Your tutor graded 教学设计: 92 points." in _parts(message)[0]


def test_the_page_says_when_the_site_sends_no_email(room, app):
    client = app.test_client()
    with clock.frozen_at(DURING):
        sign_in(client, room.alice)
        html = client.get("/notices").get_data(as_text=True)
    assert "本站不发送邮件" in html and 'name="email"' not in html


def test_smtp_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path))
    assert settings.from_environment()["SMTP_HOST"] == ""  # off by default (the demo)
    monkeypatch.setenv("LMS_SMTP_HOST", "smtp.example.cn")
    monkeypatch.setenv("LMS_SMTP_SSL", "1")
    got = settings.from_environment()
    assert got["SMTP_HOST"] == "smtp.example.cn" and got["SMTP_PORT"] == 465 and got["SMTP_SSL"]
    monkeypatch.setenv("LMS_SMTP_STARTTLS", "1")
    with pytest.raises(ValueError):
        settings.from_environment()
    monkeypatch.delenv("LMS_SMTP_SSL")
    assert settings.from_environment()["SMTP_PORT"] == 587
