"""The permission table: every operation of the URL map × every role → allowed, refused or not found.

One row per operation (``"METHOD /rule"``, exactly as the URL map spells it), declared compactly below; each
row is asked of eight callers — anonymous, a teacher, a tutor, an expert, and the admins of one chain of the
org tree (a school, its county, its city, the province) — and, for operations whose URL names an object that
belongs somewhere in the tree, twice: with the objects of the callers' own branch (**in**: the teacher's
enrollment, class, course, school…) and with the same kind of object of another city (**out**: a class the
tutor does not teach and none of whose learners is in the admins' city, another city's teacher…).

Outcomes of a cell:

* ``ok`` — allowed: a 2xx/3xx answer that is not the sign-in redirect;
* ``ok?`` — allowed, asserted as "the right to call was granted": not 401/403 (and never 5xx); a 400/409/422
  is accepted. Used for changes whose valid body is impractical here (uploads, kind-dependent shapes, a state
  the world is not in); each such row says ``lenient=True``;
* ``no`` — refused: 401 from the API and the sign-in redirect for pages when anonymous, else 403;
* ``hid`` — refused or hidden: 403 or 404 (objects outside the caller's area; a loader may answer either);
* ``nf`` — not found: 404 (the world has no such object, or the caller is not to learn that it exists).

A 5xx is never expected. A cell whose current answer is a bug is declared with the CORRECT outcome and marked
``xfail(strict=True)`` with the reason (see BUGS).

The world is the demo (lms.demo), loaded once per module, plus a few objects the demo does not make. Every
cell runs inside a transaction that is rolled back afterwards (the session joins it through savepoints), so
changes never leak from one cell to the next and the world is built once.

The table must list every operation of the URL map: ``test_every_route_is_in_the_table`` fails otherwise.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from flask.globals import app_ctx
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import scoped_session, sessionmaker

from lms.core import clock
from lms.extensions import db, limiter
from tests.helpers import csrf_token, pin_clock

ROLES = ("anonymous", "teacher", "tutor", "expert", "school_admin", "county_admin", "city_admin", "province_admin")
SIGNED = frozenset(ROLES[1:])
ADMINS = frozenset({"school_admin", "county_admin", "city_admin", "province_admin"})
WIDE = frozenset({"expert", "province_admin"})  # serve the whole province: nothing is outside their area
STAFF = frozenset({"tutor", "expert"}) | ADMINS  # who sees the whole programme (catalogue)
PA = frozenset({"province_admin"})
T = frozenset({"teacher"})
TU = frozenset({"tutor"})
NOBODY = frozenset()
MISSING_ID = 2_000_000_000  # no such object

# URL parameters whose object belongs somewhere in the tree: a rule naming one of these is asked in and out.
SCOPED = {"unit_id", "user_id", "enrollment_id", "class_id", "course_id", "submission_id", "assignment_id",
          "lesson_id", "topic_id", "post_id", "qa_id", "question_id", "check_id", "flag_id", "choice_id",
          "decision_id", "appeal_id"}


# ---------------------------------------------------------------------------------------------- the table

@dataclass(frozen=True)
class Row:
    op: str                      # "METHOD /rule"
    ok: frozenset                # roles allowed on the in objects (and on an operation without objects)
    out: frozenset | None        # roles allowed on the out objects (None: ok ∩ WIDE)
    body: dict | None = None     # JSON for the API, form fields for pages
    lenient: bool = False        # allowed = "not 401/403" (see the module's docstring)
    nf: frozenset = NOBODY       # roles answered 404 on the in objects (ids the world does not have)
    xfail: dict = field(default_factory=dict)  # (role, variant) -> reason: a known bug, see BUGS
    ids: dict = field(default_factory=dict)    # per-row parameter overrides: name -> world key, per variant


def row(op, ok=NOBODY, out=None, body=None, lenient=False, nf=NOBODY, xfail=None, ids=None) -> Row:
    return Row(op, frozenset(ok), None if out is None else frozenset(out), body, lenient, frozenset(nf),
               dict(xfail or {}), dict(ids or {}))


# ---------------------------------------------------------------------------------------------- the world

@dataclass
class World:
    app: object
    connection: object
    ids: dict            # parameter -> {"in": id, "out": id}
    users: dict          # role -> username
    tokens: dict         # role -> bearer token
    pages: dict          # role -> a test client signed in by cookie
    csrf: dict           # role -> that client's CSRF token
    api: object          # a test client without cookies


def _pick(session, query, default=MISSING_ID):
    found = session.scalar(query.limit(1))
    return default if found is None else found


def _actors(session, printed: dict) -> dict:
    """Role -> username. The demo's tutor, expert and province admin; the teacher is a learner of the smallest
    class that tutor teaches (big classes make slow grade pages), and the admins are those of its school,
    county and city, so the in objects lie in every admin's area."""
    from sqlalchemy import func

    from lms.enrollment.models import Enrollment
    from lms.org.models import OrgUnit, RoleAssignment, User
    from lms.projects.models import TrainingClass

    tutor = session.scalar(select(User).where(User.username == printed["tutor"]))
    sizes = session.execute(select(Enrollment.class_id, func.count()).where(Enrollment.status == "active")
                            .group_by(Enrollment.class_id).having(func.count() >= 3)).all()
    taught = [(n, c) for c, n in sizes if any(t.id == tutor.id for t in session.get(TrainingClass, c).tutors)]
    for _size, klass in sorted(taught):
        teacher = session.scalar(select(User).join(Enrollment, Enrollment.teacher_id == User.id)
                                 .where(Enrollment.class_id == klass, Enrollment.status == "active")
                                 .order_by(User.id))
        if _other_class(session, session.get(TrainingClass, klass), teacher.org_unit.city_id, tutor) is not None:
            break

    def admin(unit_id, role):
        return session.scalar(select(User.username).join(RoleAssignment, RoleAssignment.user_id == User.id)
                              .where(RoleAssignment.org_unit_id == unit_id, RoleAssignment.role == role)
                              .order_by(User.id))
    school = session.get(OrgUnit, teacher.org_unit_id)
    return dict(printed, teacher=teacher.username, school_admin=admin(school.id, "school_admin"),
                county_admin=admin(school.county_id, "county_admin"), city_admin=admin(school.city_id, "city_admin"))


def _other_class(session, klass, city_id: int, tutor):
    """A class of the same batch, on another course, that ``tutor`` does not teach and none of whose learners
    is in the city: the out class."""
    from lms.enrollment.models import Enrollment
    from lms.org.models import OrgUnit
    from lms.projects.models import TrainingClass

    in_city = (select(Enrollment.class_id).join(OrgUnit, Enrollment.school_id == OrgUnit.id)
               .where(OrgUnit.city_id == city_id))
    others = session.scalars(select(TrainingClass).where(TrainingClass.batch_id == klass.batch_id,
                                                         TrainingClass.id.not_in(in_city),
                                                         TrainingClass.course_id != klass.course_id)
                             .order_by(TrainingClass.id))
    return next((c for c in others if all(t.id != tutor.id for t in c.tutors)
                 and session.scalar(select(Enrollment.id).where(Enrollment.class_id == c.id,
                                                                Enrollment.status == "active").limit(1))), None)


def _resolve(session, users: dict) -> dict:
    """The in and out object of every URL parameter, chosen in the demo."""
    from lms.assignments.models import Assignment, BankQuestion, PlagiarismAppeal, PlagiarismDecision, Submission
    from lms.certificates.models import Certificate
    from lms.enrollment.models import Choice, Enrollment
    from lms.forum.models import ForumPost, QaQuestion, QaSession
    from lms.org.models import OrgUnit, User
    from lms.originality.models import BoilerplateTemplate, CommonQuotation, ReferenceText
    from lms.projects.models import Lesson, TrainingClass
    from lms.tracking.models import PresenceCheck, StudyFlag

    people = {role: session.scalar(select(User).where(User.username == name)) for role, name in users.items()}
    teacher, tutor = people["teacher"], people["tutor"]
    city = teacher.org_unit.city_id
    mine = [e for e in session.scalars(select(Enrollment).where(Enrollment.teacher_id == teacher.id,
                                                                Enrollment.status == "active")
                                       .order_by(Enrollment.batch_id.desc()))]
    enrollment = next(e for e in mine if any(t.id == tutor.id for t in e.training_class.tutors))
    klass = enrollment.training_class
    other = _other_class(session, klass, city, tutor)
    other_enrollment = session.scalar(select(Enrollment).where(Enrollment.class_id == other.id,
                                                               Enrollment.status == "active").order_by(Enrollment.id))
    both = {"in": enrollment, "out": other_enrollment}
    ids = {"enrollment_id": {k: e.id for k, e in both.items()},
           "class_id": {k: e.class_id for k, e in both.items()},
           "course_id": {k: e.training_class.course_id for k, e in both.items()},
           "user_id": {k: e.teacher_id for k, e in both.items()},
           "unit_id": {k: e.school_id for k, e in both.items()}}
    per = {}
    for k, e in both.items():
        course = e.training_class.course_id
        per[k] = {
            "submission_id": _pick(session, select(Submission.id).where(
                Submission.class_id == e.class_id, Submission.kind == "subjective")
                .order_by((Submission.enrollment_id == e.id).desc(), Submission.id)),
            "assignment_id": _pick(session, select(Assignment.id).where(Assignment.course_id == course)
                                   .order_by(Assignment.kind.desc(), Assignment.id)),
            "lesson_id": _pick(session, select(Lesson.id).where(Lesson.course_id == course).order_by(Lesson.id)),
            "topic_id": _pick(session, select(ForumPost.id).where(ForumPost.class_id == e.class_id,
                                                                  ForumPost.topic_id.is_(None)).order_by(ForumPost.id)),
            "post_id": _pick(session, select(ForumPost.id).where(ForumPost.class_id == e.class_id,
                                                                 ForumPost.topic_id.isnot(None)).order_by(ForumPost.id)),
            "qa_id": _pick(session, select(QaSession.id).where(QaSession.class_id == e.class_id)),
            "qa_question": _pick(session, select(QaQuestion.id).join(QaSession).where(
                QaSession.class_id == e.class_id)),
            "bank_question": _pick(session, select(BankQuestion.id).where(BankQuestion.course_id == course)),
            "check_id": _pick(session, select(PresenceCheck.id).where(PresenceCheck.enrollment_id == e.id)),
            "flag_id": _pick(session, select(StudyFlag.id).where(StudyFlag.enrollment_id == e.id)),
            "choice_id": _pick(session, select(Choice.id).where(Choice.teacher_id == e.teacher_id)),
            "decision_id": _pick(session, select(PlagiarismDecision.id).where(PlagiarismDecision.enrollment_id == e.id)),
            "appeal_id": _pick(session, select(PlagiarismAppeal.id).where(PlagiarismAppeal.enrollment_id == e.id)),
        }
    for name in per["in"]:
        ids[name] = {k: per[k][name] for k in per}
    batch = klass.batch
    for name, value in {"batch_id": batch.id, "project_id": batch.project_id, "match": 0,
                        "reference_id": _pick(session, select(ReferenceText.id)),
                        "template_id": _pick(session, select(BoilerplateTemplate.id)),
                        "quotation_id": _pick(session, select(CommonQuotation.id)),
                        "code": _pick(session, select(Certificate.code).order_by(Certificate.id), "NO-SUCH-CODE"), "filename": "css/app.css"}.items():
        ids[name] = {"in": value, "out": value}
    return ids


def _extras(session, ids: dict) -> None:
    """What the demo does not make, once in and once out: a Q&A session with a question, a bank question, a
    plagiarism verdict with its appeal, a study flag, a presence check, a course evaluation; and a boilerplate
    template and a common quotation (global)."""
    from datetime import timedelta

    from lms.assignments.models import BankQuestion, PlagiarismAppeal, PlagiarismDecision, Submission
    from lms.enrollment.models import Enrollment
    from lms.forum.models import QaQuestion, QaSession
    from lms.originality import services as originality
    from lms.reports.models import CourseEvaluation
    from lms.tracking.models import PresenceCheck, StudyFlag

    now = clock.now()
    for k in ("in", "out"):
        enrollment = session.get(Enrollment, ids["enrollment_id"][k])
        submission = session.get(Submission, ids["submission_id"][k])
        qa = QaSession(class_id=enrollment.class_id, title="答疑", starts_at=now - timedelta(hours=1),
                       ends_at=now + timedelta(hours=1), created_at=now)
        bank = BankQuestion(course_id=ids["course_id"][k], type="single", text="题目", options=["甲", "乙"],
                            answer=[0], points=1, created_at=now)
        decision = PlagiarismDecision(submission_id=submission.id, enrollment_id=submission.enrollment_id,
                                      decision="confirmed", reason="抄袭", decided_at=now)
        flag = StudyFlag(user_id=enrollment.teacher_id, enrollment_id=enrollment.id, kind="shared_address",
                         detail={}, created_at=now)
        check = PresenceCheck(user_id=enrollment.teacher_id, enrollment_id=enrollment.id, answer_digest="0" * 64,
                              question="3+4", issued_at=now, expires_at=now + timedelta(minutes=5), attempts=0,
                              status="open")
        session.add_all([qa, bank, decision, flag, check,
                         CourseEvaluation(enrollment_id=enrollment.id, class_id=enrollment.class_id, rating=4,
                                          comment="好", created_at=now)])
        session.flush()
        question = QaQuestion(session_id=qa.id, enrollment_id=enrollment.id, author_id=enrollment.teacher_id,
                              body="请问", created_at=now)
        appeal = PlagiarismAppeal(decision_id=decision.id, enrollment_id=submission.enrollment_id,
                                  teacher_id=submission.learner_id, reason="冤枉", submitted_at=now, status="pending")
        session.add_all([question, appeal])
        session.flush()
        for name, obj in {"qa_id": qa, "qa_question": question, "bank_question": bank, "decision_id": decision,
                          "appeal_id": appeal, "flag_id": flag, "check_id": check}.items():
            ids[name][k] = obj.id
    for name, obj in {"template_id": originality.add_template(session, None, title="模板", text="模板正文内容"),
                      "quotation_id": originality.add_quotation(session, None, title="引文", text="常见引文内容")}.items():
        session.flush()
        ids[name] = {"in": obj.id, "out": obj.id}


def _empty_tables(app) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            existing = set(inspect(conn).get_table_names())
            tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name in existing]
            if conn.dialect.name == "postgresql":
                conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture(autouse=True)
def _clean():
    """Overrides conftest's: the world lives for the whole module (each cell rolls its changes back)."""
    pin_clock()
    yield
    clock.reset()


@pytest.fixture(scope="module")
def world(app):
    from lms.demo.loader import DEMO_PASSWORD, load_demo

    pin_clock()
    with app.app_context():
        accounts = load_demo(db.session)
        db.session.commit()
        users = _actors(db.session, {role: username for role, username, _where in accounts})
        ids = _resolve(db.session, users)
        _extras(db.session, ids)
        db.session.commit()
    api = app.test_client()
    tokens, pages, csrf = {}, {}, {}
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            answer = api.post("/api/v1/auth/token", json={"username": users[role], "password": DEMO_PASSWORD})
            tokens[role] = answer.get_json()["token"]
            token = csrf_token(client.get("/login").get_data(as_text=True))
            signed = client.post("/login", data={"username": users[role], "password": DEMO_PASSWORD,
                                                 "csrf_token": token})
            assert signed.status_code == 302, role
            csrf[role] = csrf_token(client.get("/account/password").get_data(as_text=True))
        pages[role] = client
    with app.app_context():
        connection = db.engine.connect()
    yield World(app, connection, ids, users, tokens, pages, csrf, api)
    connection.close()
    clock.reset()
    _empty_tables(app)


@contextmanager
def _rolled_back(world: World):
    """Everything the request commits goes into a savepoint of a transaction rolled back afterwards."""
    outer = world.connection.begin()
    original = db.session
    db.session = scoped_session(sessionmaker(bind=world.connection, join_transaction_mode="create_savepoint",
                                             expire_on_commit=False),
                                scopefunc=lambda: id(app_ctx._get_current_object()))
    try:
        yield
    finally:
        for session in db.session.registry.registry.values():  # the request's teardown removed its own
            session.close()
        db.session = original
        outer.rollback()
        limiter.reset()


PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _path(world: World, row: Row, variant: str) -> str:
    method, rule = row.op.split(" ", 1)

    def value(match):
        name = match.group(1)
        if name in row.ids:
            return str(row.ids[name][variant] if isinstance(row.ids[name], dict) else row.ids[name])
        if name == "question_id":
            name = "bank_question" if "bank-questions" in rule else "qa_question"
        return str(world.ids[name][variant])
    return PARAM.sub(value, rule)


def _answer(world: World, row: Row, role: str, variant: str):
    method, rule = row.op.split(" ", 1)
    path = _path(world, row, variant)
    headers, kwargs = {}, {}
    if rule.startswith("/api/"):
        client = world.api
        if role != "anonymous":
            headers["Authorization"] = f"Bearer {world.tokens[role]}"
        if method != "GET":
            kwargs["json"] = row.body if row.body is not None else {}
    else:
        client = world.pages[role]
        if method != "GET" and role != "anonymous":
            headers["X-CSRFToken"] = world.csrf[role]
            kwargs["data"] = {**(row.body or {}), "csrf_token": world.csrf[role]}
    cookies = dict(client._cookies)  # signing out, or a flashed message, must not reach the next cell
    with _rolled_back(world):
        response = client.open(path, method=method, headers=headers, **kwargs)
    client._cookies.clear()
    client._cookies.update(cookies)
    return response.status_code, response.headers.get("Location", "")


def _seen(status: int, location: str) -> str:
    """The answer, in the table's words."""
    if status >= 500:
        return f"{status}!"
    if status == 401 or (status == 302 and "/login" in location):
        return "login"
    if status == 403:
        return "no"
    if status == 404:
        return "nf"
    if status in (400, 409, 422):
        return "bad"
    if status < 400:
        return "ok"
    return str(status)
