"""The notices services without HTTP: a reminder once per key, preferences read afresh after a change in the
same transaction, marking read only one's own."""
from __future__ import annotations

import pytest

from lms.core.errors import DomainError
from lms.extensions import db
from lms.notices import rules, services
from lms.notices.models import Notice


@pytest.fixture
def people(app, make):
    tree = make.tree()
    return make.user(tree["school111"], "teacher"), make.user(tree["school111"], "teacher")


def test_a_reminder_is_sent_once_per_key(app, people):
    alice, bob = people
    with app.app_context():
        key = rules.key(rules.BATCH_ENDING, 1)
        assert services.notify(db.session, alice.id, rules.BATCH_ENDING, {}, key=key) is not None
        assert services.notify(db.session, alice.id, rules.BATCH_ENDING, {}, key=key) is None
        assert services.notify(db.session, bob.id, rules.BATCH_ENDING, {}, key=key) is not None  # per user
        assert len(services.notify_all(db.session, [alice.id, bob.id, bob.id], rules.BATCH_ENDING, {},
                                       key=rules.key(rules.BATCH_ENDING, 2))) == 2
        db.session.commit()
        assert db.session.query(Notice).count() == 4


def test_preferences_changed_in_the_same_transaction_apply_at_once(app, people):
    alice, _bob = people
    with app.app_context():
        actor = db.session.get(type(alice), alice.id)
        assert services.notify(db.session, alice.id, rules.WORK_GRADED, {}) is not None  # reads (and keeps) them
        services.set_preferences(db.session, actor, {rules.WORK_GRADED: False})
        assert services.notify(db.session, alice.id, rules.WORK_GRADED, {}) is None
        services.set_preferences(db.session, actor, {rules.WORK_GRADED: True})
        assert services.notify(db.session, alice.id, rules.WORK_GRADED, {}) is not None
        with pytest.raises(DomainError) as refused:
            services.set_preferences(db.session, actor, {rules.PLAGIARISM_VERDICT: False})
        assert refused.value.code == "invalid_input"


def test_marking_another_users_notice_is_refused(app, people):
    alice, bob = people
    with app.app_context():
        notice = services.notify(db.session, alice.id, rules.WORK_GRADED, {"assignment": "作业", "score": 90})
        db.session.flush()
        with pytest.raises(DomainError):
            services.mark_read(db.session, db.session.get(type(bob), bob.id), notice)
        assert notice.read_at is None
        assert services.mark_all_read(db.session, db.session.get(type(bob), bob.id)) == 0
