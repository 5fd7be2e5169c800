"""Walk the URL map: every non-public endpoint refuses strangers, and no admin reaches another city.

New endpoints join the walk automatically; a public one must be listed in PUBLIC.
"""
from __future__ import annotations

import re

import pytest

from tests.helpers import sign_in

PUBLIC = {"static", "org.login", "pages.set_language", "pages.health", "openapi.openapi_document",
          "org_api.issue_token", "certificates_api.verify", "certificates.verify",
          "credits.verify", "credits.verify_certificate", "credits_api.verify_certificate",
          "live_certificates.verify", "certificates_api.verify_live", "letters.check", "letters.check_form",
          "letters_api.verify"}


def _rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint not in PUBLIC]


def _fill(rule, ids: dict[str, int]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids.get(m.group(1), 1)), rule.rule)


def _methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def test_anonymous_is_refused_everywhere(app, client):
    for rule in _rules(app):
        for method in _methods(rule):
            r = client.open(_fill(rule, {}), method=method)
            if rule.rule.startswith("/api/"):
                assert r.status_code == 401, (rule.rule, method, r.status_code)
                assert r.get_json()["error"]["code"] == "unauthenticated"
            else:
                # Pages send strangers to sign in; form posts without a session fail CSRF or redirect.
                assert r.status_code in (302, 400, 401), (rule.rule, method, r.status_code)
                if r.status_code == 302:
                    assert "/login" in r.headers["Location"], rule.rule


@pytest.fixture
def two_cities(app, make):
    t = make.tree()
    t["admins"] = {key: make.admin(unit) for key, unit in t.items()}
    t["teacher2"] = make.user(t["school211"], "teacher")
    _programme_in_city2(app, t)
    return t


def _programme_in_city2(app, t) -> None:
    """A batch (global), and an enrollment and a choice that belong to the second city."""
    from lms.core import clock
    from lms.enrollment import services
    from lms.extensions import db
    from lms.org.models import User
    from lms.projects.models import TrainingClass
    from tests.programme import NOW, Programme

    p = Programme(app)
    t["batch"] = p.batch(p.project())
    klass = p.klass(t["batch"])
    p.seats_down_to(t["batch"], t, "school211", 1)
    t["enrollment2"] = p.enroll(klass, t["teacher2"])
    with app.app_context(), clock.frozen_at(NOW):
        choice, _new = services.choose(db.session, db.session.get(User, t["teacher2"].id),
                                       db.session.get(TrainingClass, klass))
        db.session.commit()
        t["choice2"] = choice.id
    _assignments_in_city2(app, t, klass)


def _assignments_in_city2(app, t, klass) -> None:
    """A written submission of the second city's learner, a reference text and a template."""
    from datetime import timedelta

    from lms.assignments import schemas, services
    from lms.core import clock
    from lms.extensions import db
    from lms.org.models import User
    from lms.originality import services as corpus
    from lms.projects.models import Course, TrainingClass

    with app.app_context():
        training_class = db.session.get(TrainingClass, klass)
        assignment = services.create_assignment(db.session, None, db.session.get(Course, training_class.course_id),
                                                schemas.SubjectiveIn(kind="subjective", title="作业", prompt="题目"))
        db.session.commit()
        with clock.frozen_at(services.deadline(training_class.batch) - timedelta(days=2)):
            submission = services.submit(db.session, db.session.get(User, t["teacher2"].id), assignment,
                                         schemas.SubmissionIn(enrollment_id=t["enrollment2"], text="我的研修心得正文内容"))
        t["submission2"] = submission.id
        t["reference"] = corpus.add_reference(db.session, None, title="参考", text="参考文献正文").id
        t["template"] = corpus.add_template(db.session, None, title="模板", text="模板正文").id
        db.session.commit()


@pytest.mark.parametrize("admin_key", ["city1", "county11", "school111"])
def test_no_admin_reaches_another_citys_objects(app, two_cities, admin_key):
    """Every URL with an object id, called with the other city's ids: 403 or 404, never data or a 500."""
    t = two_cities
    ids = {"unit_id": t["school211"].id, "user_id": t["teacher2"].id, "enrollment_id": t["enrollment2"],
           "choice_id": t["choice2"], "submission_id": t["submission2"], "reference_id": t["reference"],
           "template_id": t["template"], "teacher_id": t["teacher2"].id}
    fill = {"batch_id": t["batch"]}  # batches are global: the objects under them are what scope guards
    client = app.test_client()
    sign_in(client, t["admins"][admin_key])
    from tests.helpers import csrf_token
    token = csrf_token(client.get("/").get_data(as_text=True))
    checked = 0
    for rule in _rules(app):
        if not set(rule.arguments) & set(ids):
            continue
        for method in _methods(rule):
            headers = {"X-CSRFToken": token}
            kwargs = {"json": {}} if method != "GET" and rule.rule.startswith("/api/") else {"data": {"csrf_token": token}}
            r = client.open(_fill(rule, {**ids, **fill}), method=method, headers=headers, **kwargs)
            assert r.status_code in (403, 404), (rule.rule, method, r.status_code)
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize("role", ["teacher", "tutor", "expert"])
def test_non_admins_reach_no_admin_page(app, make, two_cities, role):
    t = two_cities
    person = make.user(t["school111"] if role == "teacher" else t["province"], role)
    client = app.test_client()
    sign_in(client, person)
    for rule in _rules(app):
        if rule.rule.startswith(("/org/", "/api/v1/org-units", "/api/v1/users")) and "GET" in rule.methods:
            ids = {"unit_id": t["school111"].id, "user_id": t["teacher2"].id}
            r = client.get(_fill(rule, ids))
            assert r.status_code in (403, 404), (rule.rule, r.status_code)
