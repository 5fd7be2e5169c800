"""The permission table: every operation of the URL map × every role → allowed, refused or not found.

One row per operation (``"METHOD /rule"``, exactly as the URL map spells it), declared compactly in TABLE; each
row is asked of eight callers — anonymous, a teacher, a tutor, an expert, and the admins of one chain of the
org tree (the teacher's school, its county, its city, and the province) — in up to three variants:

* **in** — the objects of the callers' own branch: the teacher's enrollment, class, course, school, its
  submission… (the class is one the tutor teaches), asked of every role;
* **out** — the same kind of object of another city: a class of another course that the tutor does not teach
  and none of whose learners is in the admins' city, another city's teacher, school, enrollment…; asked only
  of the roles allowed on the in objects (a role refused on its own branch's objects is not asked again);
* **gone** — every id in the URL replaced by one no object has, asked of the roles allowed on the in objects:
  404, never a 403 or a 5xx;
* **empty** — for a row with a valid ``body``: the in objects with no body at all, asked of the roles refused
  there, so that the right to call is seen to be checked before the body (a 400 there is a bug).

A row's ``body`` values "@name" stand for the world's ids (``@unit_id``: the in or out school).

Outcomes of a cell:

* ``ok`` — allowed: a 2xx/3xx answer that is not the sign-in redirect (page forms sent without fields count:
  the page answers with its messages);
* ``ok?`` — allowed, asserted as "the right to call was granted": not 401/403 (and never 5xx); a 400/409/422
  is accepted. Used where a valid body is impractical here (uploads, a state the demo is not in: a finished
  batch's forum, an evaluation given already…, or a right that depends on an enrollment named in the body);
  each such row says ``lenient=True`` (BY_BODY: the right depends on the body's enrollment);
* ``no`` — refused: 401 from the API and the sign-in redirect for pages when anonymous, else 403;
* ``hid`` — refused or hidden: 403 or 404 (objects outside the caller's area; a loader may answer either);
* ``nf`` — not found: 404 (``nf?`` on a lenient row: 404, or the 400 of its body).

A 5xx is never accepted, and no cell is marked as a known bug: the right to call is checked before the body
(the ``empty`` cells) and a refused page change answers 403, on every route.

The world is the demo (lms.demo), loaded once per module, plus a few objects the demo does not make (_extras).
Every cell runs inside a transaction that is rolled back afterwards (the session joins it through savepoints,
and the browser's cookies are restored), so no cell sees another's changes and the world is built once.

The table must list every operation of the URL map: ``test_every_route_is_in_the_table`` fails otherwise.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from flask.globals import app_ctx
from sqlalchemy import select
from sqlalchemy.orm import scoped_session, sessionmaker

from lms.core import clock
from lms.extensions import db, limiter
from lms.tracking import spoken
from tests.activities.permission_rows import ACTIVITY_SCOPED, activity_extras, activity_rows
from tests.certificates.permission_rows import certificate_rows
from tests.briefings.permission_rows import BRIEFING_SCOPED, briefing_extras, briefing_rows
from tests.evaluations.permission_rows import EVALUATION_SCOPED, evaluation_extras, evaluation_rows
from tests.credits.permission_rows import CREDIT_SCOPED, credit_extras, credit_rows
from tests.helpers import csrf_token, empty_tables, pin_clock
from tests.experts.permission_rows import EXPERT_SCOPED, expert_extras, expert_rows
from tests.letters.permission_rows import letter_extras, letter_rows
from tests.live.permission_rows import LIVE_SCOPED, live_extras, live_rows
from tests.tutoring.permission_rows import TUTORING_SCOPED, tutoring_extras, tutoring_rows
from tests.surveys.permission_rows import SURVEY_SCOPED, survey_extras, survey_rows
from tests.tutors.permission_rows import TUTORS_SCOPED, tutors_extras, tutors_rows
from tests.outcomes.permission_rows import OUTCOME_SCOPED, outcome_extras, outcome_rows
from tests.square.permission_rows import square_extras, square_rows
from tests.workload.permission_rows import workload_rows

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
CHALLENGE_DIGITS = "4821"  # the presence checks' number (lms.tracking.presence)

# URL parameters whose object belongs somewhere in the tree: a rule naming one of these is asked in and out.
SCOPED = {"unit_id", "user_id", "enrollment_id", "class_id", "course_id", "submission_id", "assignment_id",
          "lesson_id", "topic_id", "post_id", "qa_id", "question_id", "check_id", "flag_id", "choice_id",
          "decision_id", "appeal_id"} | CREDIT_SCOPED | LIVE_SCOPED | SURVEY_SCOPED | TUTORS_SCOPED | OUTCOME_SCOPED \
    | ACTIVITY_SCOPED | EXPERT_SCOPED | BRIEFING_SCOPED | TUTORING_SCOPED | EVALUATION_SCOPED


# ---------------------------------------------------------------------------------------------- the table

@dataclass(frozen=True)
class Row:
    op: str                      # "METHOD /rule"
    ok: frozenset                # roles allowed on the in objects (and on an operation without objects)
    out: frozenset | None        # roles allowed on the out objects (None: ok ∩ WIDE)
    body: dict | None = None     # JSON for the API, form fields for pages
    lenient: bool = False        # allowed = "not 401/403" (see the module's docstring)
    nf: frozenset = NOBODY       # roles answered 404 on the in objects (ids the world does not have)
    ids: dict = field(default_factory=dict)    # per-row parameter overrides: name -> world key, per variant
    empty: bool = True           # ask the refused roles without a body (False: the body itself is what is refused)


def row(op, ok=NOBODY, out=None, body=None, lenient=False, nf=NOBODY, ids=None, empty=True) -> Row:
    return Row(op, frozenset(ok), None if out is None else frozenset(out), body, lenient, frozenset(nf),
               dict(ids or {}), empty)


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
    from lms.projects.models import Lesson
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
           "unit_id": {k: e.school_id for k, e in both.items()},
           "county_id": {k: session.get(OrgUnit, e.school_id).county_id for k, e in both.items()}}
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
                                                                 ForumPost.topic_id.isnot(None))
                                 .order_by(ForumPost.id)),
            "qa_id": _pick(session, select(QaSession.id).where(QaSession.class_id == e.class_id)),
            "qa_question": _pick(session, select(QaQuestion.id).join(QaSession).where(
                QaSession.class_id == e.class_id)),
            "bank_question": _pick(session, select(BankQuestion.id).where(BankQuestion.course_id == course)),
            "check_id": _pick(session, select(PresenceCheck.id).where(PresenceCheck.enrollment_id == e.id)),
            "flag_id": _pick(session, select(StudyFlag.id).where(StudyFlag.enrollment_id == e.id)),
            "choice_id": _pick(session, select(Choice.id).where(Choice.teacher_id == e.teacher_id)),
            "decision_id": _pick(session, select(PlagiarismDecision.id)
                                 .where(PlagiarismDecision.enrollment_id == e.id)),
            "appeal_id": _pick(session, select(PlagiarismAppeal.id).where(PlagiarismAppeal.enrollment_id == e.id)),
        }
    for name in per["in"]:
        ids[name] = {k: per[k][name] for k in per}
    batch = klass.batch
    for name, value in {"batch_id": batch.id, "project_id": batch.project_id, "match": 0,
                        "reference_id": _pick(session, select(ReferenceText.id)),
                        "template_id": _pick(session, select(BoilerplateTemplate.id)),
                        "quotation_id": _pick(session, select(CommonQuotation.id)),
                        "code": _pick(session, select(Certificate.code).order_by(Certificate.id), "NO-SUCH-CODE"),
                        "filename": "css/app.css"}.items():
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
    from lms.org.models import OrgUnit
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
        check = PresenceCheck(user_id=enrollment.teacher_id, enrollment_id=enrollment.id, answer_digest="",
                              question=CHALLENGE_DIGITS, issued_at=now, expires_at=now + timedelta(minutes=5),
                              attempts=0, status="open")
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
        check.answer_digest = hashlib.sha256(f"{check.id}:{CHALLENGE_DIGITS}".encode()).hexdigest()
        for name, obj in {"qa_id": qa, "qa_question": question, "bank_question": bank, "decision_id": decision,
                          "appeal_id": appeal, "flag_id": flag, "check_id": check}.items():
            ids[name][k] = obj.id
    mine = session.get(Enrollment, ids["enrollment_id"]["in"])
    stranger = session.scalar(select(Enrollment).join(OrgUnit, Enrollment.school_id == OrgUnit.id).where(
        Enrollment.class_id == mine.class_id, Enrollment.status == "active",
        OrgUnit.city_id != session.get(OrgUnit, mine.school_id).city_id).order_by(Enrollment.id))
    session.add(CourseEvaluation(enrollment_id=stranger.id, class_id=mine.class_id, rating=2, comment="一般",
                                 created_at=now))
    for name, obj in {"template_id": originality.add_template(session, None, title="模板", text="模板正文内容"),
                      "quotation_id": originality.add_quotation(session, None, title="引文", text="常见引文内容")}.items():
        session.flush()
        ids[name] = {"in": obj.id, "out": obj.id}


def _export_job(session, ids: dict, users: dict) -> None:
    """A finished export job of the school admin's, with its file: only that admin sees it (404 for others)."""
    from lms.exports import services as exports
    from lms.exports.models import ExportJob
    from lms.org.models import User

    owner = session.scalar(select(User).where(User.username == users["school_admin"]))
    now = clock.now()
    (exports.root() / "table.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    job = ExportJob(user_id=owner.id, kind="certificates_zip", title="证书", params={}, state="done", progress=100,
                    file_path="table.zip", file_name="table.zip", content_type="application/zip", size=22,
                    created_at=now, finished_at=now, expires_at=now + timedelta(days=1))
    session.add(job)
    session.flush()
    ids["job_id"] = {"in": job.id, "out": job.id}


def _notice(session, ids: dict, users: dict) -> None:
    """A notice sent to the teacher: only the teacher reads or marks it (404 for everybody else)."""
    from lms.notices import services as notices
    from lms.org.models import User

    teacher = session.scalar(select(User).where(User.username == users["teacher"]))
    notice = notices.notify(session, teacher.id, "certificate_issued", {"course": "课程", "project": "项目"})
    session.flush()
    ids["notice_id"] = {"in": notice.id, "out": notice.id}


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
        credit_extras(db.session, ids)
        live_extras(db.session, ids, users)
        tutoring_extras(db.session, ids, users)
        survey_extras(db.session, ids, users)
        tutors_extras(db.session, ids, users)
        outcome_extras(db.session, ids)
        activity_extras(db.session, ids)
        expert_extras(db.session, ids, users)
        briefing_extras(db.session, ids, users)
        evaluation_extras(db.session, ids, users)
        square_extras(db.session, ids, users)
        letter_extras(db.session, ids, users)
        _export_job(db.session, ids, users)
        _notice(db.session, ids, users)
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
    empty_tables(app)


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


INT_PARAM = re.compile(r"<int:(\w+)>")


def _path(world: World, row: Row, variant: str) -> str:
    method, rule = row.op.split(" ", 1)

    def value(match):
        name = match.group(1)
        if variant == "gone" and INT_PARAM.fullmatch(match.group(0)):
            return str(MISSING_ID)
        variant_ids = "in" if variant in ("empty", "gone") else variant
        if name in row.ids:
            given = row.ids[name]
            if isinstance(given, str) and given.startswith("@"):  # another of the world's objects
                return str(world.ids[given[1:]][variant_ids])
            return str(given[variant_ids] if isinstance(given, dict) else given)
        if name == "question_id":
            name = "bank_question" if "bank-questions" in rule else "qa_question"
        return str(world.ids[name][variant_ids])
    return PARAM.sub(value, rule)


def _body(world: World, row: Row, variant: str) -> dict | None:
    """The row's body for the variant: "@name" stands for the id of the world's object ``name``; the
    "empty" variant sends none."""
    if row.body is None or variant == "empty":
        return None
    return {k: world.ids[v[1:]]["in" if variant == "gone" else variant] if isinstance(v, str) and v.startswith("@")
            else v for k, v in row.body.items()}


def _answer(world: World, row: Row, role: str, variant: str):
    path = _path(world, row, variant)
    response = _request(world, role, row.op.split(" ", 1)[0], path, _body(world, row, variant))
    return response.status_code, response.headers.get("Location", "")


def _request(world: World, role: str, method: str, path: str, body: dict | None = None):
    """One request as ``role`` (bearer token for the API, the signed-in browser for pages), rolled back."""
    headers, kwargs = {}, {}
    if path.startswith("/api/"):
        client = world.api
        if role != "anonymous":
            headers["Authorization"] = f"Bearer {world.tokens[role]}"
        if method != "GET":
            kwargs["json"] = body if body is not None else {}
    else:
        client = world.pages[role]
        if method != "GET" and role != "anonymous":
            headers["X-CSRFToken"] = world.csrf[role]
            kwargs["data"] = {**(body or {}), "csrf_token": world.csrf[role]}
    cookies = dict(client._cookies)  # signing out, or a flashed message, must not reach the next cell
    with _rolled_back(world):
        response = client.open(path, method=method, headers=headers, **kwargs)
        response.get_data()  # read inside the transaction (a streamed body may still query)
    client._cookies.clear()
    client._cookies.update(cookies)
    return response


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


# ---------------------------------------------------------------------------------------------- the rows

ANY = frozenset(ROLES)  # public
SA = frozenset({"school_admin"})
QUOTA_SETTERS = frozenset({"county_admin", "city_admin", "province_admin"})  # a unit's seats are set from above
LEARNER_PEOPLE = frozenset({"teacher", "tutor"}) | ADMINS  # the learner, the class's tutors, admins above
WRITERS = frozenset({"teacher", "tutor"})  # the class's learners and tutors write in its forum
ASKERS = frozenset({"tutor", "expert"})    # schedule a class's Q&A
READS_WORK = frozenset({"teacher", "tutor", "province_admin"})  # a submission: its learner, tutors, the province

# Changes whose right depends on an enrollment named in the body or query (the caller's own): the right
# cannot be decided before the body, so every signed-in caller is "allowed" in the lenient sense.
BY_BODY = dict(ok=SIGNED, out=SIGNED, lenient=True)

TABLE: list[Row] = [
    # public
    row("GET /healthz", ANY), row("GET /login", ANY), row("GET /static/<path:filename>", ANY),
    row("GET /lang/<code>", ANY, ids={"code": "en"}), row("POST /login", ANY, lenient=True),
    row("GET /verify/<code>", ANY), row("GET /api/v1/certificates/<code>", ANY),
    row("GET /api/v1/openapi.json", ANY), row("POST /api/v1/auth/token", ANY, lenient=True),
    # everyone signed in
    row("GET /", SIGNED), row("GET /account/password", SIGNED), row("POST /account/password", SIGNED, lenient=True),
    row("POST /logout", SIGNED), row("GET /api/v1/me", SIGNED), row("GET /api/v1/me/choices", SIGNED),
    row("GET /api/v1/me/enrollments", SIGNED), row("POST /api/v1/me/password", SIGNED, lenient=True),
    row("GET /account/", SIGNED), row("POST /account/", SIGNED, lenient=True),
    row("PATCH /api/v1/me", SIGNED, body={"subject": "数学"}),
    row("GET /announcements", SIGNED), row("GET /api/v1/announcements", SIGNED),
    row("POST /announcements", ADMINS),
    row("POST /api/v1/announcements", ADMINS,
        body={"title": "通知", "body": "内容", "org_unit_id": "@unit_id"}),
    # org: units and users
    row("GET /org/units/", ADMINS), row("GET /org/units/<int:unit_id>", ADMINS),
    row("POST /org/units/<int:unit_id>/children", ADMINS - SA, lenient=True, ids={"unit_id": "@county_id"}),
    row("POST /org/units/<int:unit_id>/edit", ADMINS), row("POST /org/units/<int:unit_id>/teacher-count", ADMINS),
    row("GET /org/units/<int:unit_id>/users/new", ADMINS),
    row("POST /org/units/<int:unit_id>/users/new", ADMINS, lenient=True),
    row("GET /org/users", ADMINS), row("GET /org/audit", ADMINS), row("GET /api/v1/audit", ADMINS), row("GET /org/users/<int:user_id>", T | ADMINS),
    row("POST /org/users/<int:user_id>/reset-password", ADMINS), row("POST /org/users/<int:user_id>/unlock", ADMINS),
    row("POST /org/users/<int:user_id>/edit", ADMINS, lenient=True),
    row("POST /org/users/<int:user_id>/deactivate", ADMINS), row("POST /org/users/<int:user_id>/reactivate", ADMINS),
    row("GET /org/users/import", ADMINS), row("POST /org/users/import", ADMINS, lenient=True),
    row("GET /org/users/import/template.xlsx", ADMINS),
    row("GET /org/units/import", ADMINS - SA), row("POST /org/units/import", ADMINS - SA, lenient=True),
    row("POST /org/units/import/confirm", ADMINS - SA, lenient=True),
    row("GET /org/units/import/template.xlsx", ADMINS - SA),
    row("POST /api/v1/org-units/import", ADMINS - SA, lenient=True),
    row("POST /api/v1/org-units", ADMINS - SA,
        body={"name": "新学校", "level": "school", "parent_id": "@county_id", "code": "NEW01"}),
    row("GET /api/v1/org-units/<int:unit_id>", ADMINS),
    # a school's admin keeps its teacher count but cannot rename it: names are kept from above
    row("PATCH /api/v1/org-units/<int:unit_id>", ADMINS - SA, body={"name": "新校名"}, empty=False),
    row("GET /api/v1/org-units/<int:unit_id>/children", ADMINS),
    row("GET /api/v1/users", ADMINS), row("POST /api/v1/users", ADMINS,
        body={"username": "newteacher", "name": "新老师", "org_unit_id": "@unit_id", "roles": ["teacher"]}),
    row("GET /api/v1/users/<int:user_id>", T | ADMINS),
    row("POST /api/v1/users/<int:user_id>/reset-password", ADMINS),
    row("POST /api/v1/users/<int:user_id>/unlock", ADMINS),
    row("PATCH /api/v1/users/<int:user_id>", ADMINS, body={"name": "改正的名字"}),
    row("POST /api/v1/users/<int:user_id>/deactivate", ADMINS, body={"reason": "离职"}),
    row("POST /api/v1/users/<int:user_id>/reactivate", ADMINS),
    row("POST /api/v1/users/import", ADMINS, lenient=True),
    # projects, batches, courses, classes (the province's catalogue)
    row("GET /projects/", STAFF), row("POST /projects/", PA, lenient=True),
    row("GET /projects/<int:project_id>", STAFF), row("POST /projects/<int:project_id>", PA, lenient=True),
    row("GET /api/v1/projects", STAFF), row("POST /api/v1/projects", PA,
        body={"code": "NEWP", "name": "新项目", "year": 2027, "series": "jsjy", "calendar": "none"}),
    row("GET /api/v1/projects/<int:project_id>", STAFF), row("GET /api/v1/projects/<int:project_id>/batches", STAFF),
    row("POST /api/v1/projects/<int:project_id>/batches", PA,
        body={"number": 99, "starts_on": "2027-03-01", "ends_on": "2027-03-20"}),
    row("GET /api/v1/batches/<int:batch_id>", STAFF),
    row("POST /projects/<int:project_id>/edit", PA, lenient=True),
    row("GET /batches/<int:batch_id>/edit", PA), row("POST /batches/<int:batch_id>/edit", PA, lenient=True),
    row("PATCH /api/v1/projects/<int:project_id>", PA, body={"name": "改正的项目名"}),
    row("PATCH /api/v1/batches/<int:batch_id>", PA, body={"reason": "核对"}),
    row("GET /api/v1/projects/<int:project_id>/changes", STAFF),
    # the province, cities and counties make courses (drafts of their own area until expert review)
    row("GET /courses/", ADMINS - SA), row("POST /courses/", ADMINS - SA, lenient=True),
    row("GET /api/v1/courses", SIGNED), row("POST /api/v1/courses", ADMINS - SA,
        body={"title": "新课", "subject": "数学", "stage": "初中", "required_minutes": 600}),
    row("GET /api/v1/courses/<int:course_id>", SIGNED, out=SIGNED),
    row("GET /classes/", STAFF), row("POST /classes/", PA, lenient=True),
    row("GET /classes/<int:class_id>", SIGNED, out=STAFF),
    row("GET /api/v1/classes", SIGNED),
    row("POST /api/v1/classes", PA, body={"course_id": "@course_id", "batch_id": "@batch_id"}),
    row("GET /api/v1/classes/<int:class_id>", SIGNED, out=STAFF),
    row("PATCH /api/v1/classes/<int:class_id>", PA),
    # lessons and study
    row("GET /courses/<int:course_id>/lessons", STAFF, out=STAFF),
    row("POST /courses/<int:course_id>/lessons/reading", PA, out=PA, lenient=True),
    row("POST /courses/<int:course_id>/lessons/video", PA, out=PA, lenient=True),
    row("GET /api/v1/courses/<int:course_id>/lessons", SIGNED, out=STAFF),
    row("POST /api/v1/courses/<int:course_id>/lessons", PA, out=PA, lenient=True),
    row("GET /api/v1/lessons/<int:lesson_id>", SIGNED, out=STAFF),
    # E3a: the course's owning level edits its lessons (the demo's course here is the province's)
    row("GET /lessons/<int:lesson_id>/edit", PA, out=PA),
    row("POST /lessons/<int:lesson_id>/edit", PA, out=PA, lenient=True),
    row("PATCH /api/v1/lessons/<int:lesson_id>", PA, out=PA, lenient=True, body={"title": "第一课（修订）"}),
    row("GET /api/v1/lessons/<int:lesson_id>/media", SIGNED, out=STAFF),
    # the demo's lessons here have no renditions: whoever may watch meets a 404, the others a 403
    row("GET /api/v1/lessons/<int:lesson_id>/hls/<path:name>", SIGNED, out=STAFF, nf=SIGNED,
        ids={"name": "master.m3u8"}),
    row("GET /study/<int:enrollment_id>", LEARNER_PEOPLE),
    row("GET /study/<int:enrollment_id>/lessons/<int:lesson_id>", T),
    row("GET /api/v1/enrollments/<int:enrollment_id>/progress", LEARNER_PEOPLE),
    row("POST /api/v1/tracking/heartbeat", **BY_BODY),
    row("GET /api/v1/tracking/challenges/<int:check_id>/image.png", T),
    # no recordings configured here: the number is spoken by espeak-ng where it is installed; without it the
    # check's owner learns there is no spoken check; the others get a 403
    row("GET /api/v1/tracking/challenges/<int:check_id>/audio.wav", T, nf=NOBODY if spoken.available() else T),
    row("POST /api/v1/tracking/challenges/<int:check_id>/answer", T, body={"answer": CHALLENGE_DIGITS}),
    row("GET /tracking/flags", ADMINS), row("POST /tracking/flags/<int:flag_id>/reviewed", ADMINS),
    row("GET /projects/<int:project_id>/tracking-policy", PA),
    row("POST /projects/<int:project_id>/tracking-policy", PA),
    row("GET /api/v1/projects/<int:project_id>/tracking-policy", STAFF),
    row("PUT /api/v1/projects/<int:project_id>/tracking-policy", PA),
    # quotas
    row("GET /quotas/", ADMINS), row("GET /quotas/batches/<int:batch_id>", ADMINS),
    row("GET /quotas/batches/<int:batch_id>/units/<int:unit_id>", ADMINS),
    row("GET /quotas/batches/<int:batch_id>/units/<int:unit_id>/export.xlsx", ADMINS),
    row("POST /quotas/batches/<int:batch_id>/units/<int:unit_id>/import", ADMINS),
    row("POST /quotas/batches/<int:batch_id>/units/<int:unit_id>/seats", QUOTA_SETTERS),
    row("GET /quotas/projects/<int:project_id>/compliance", ADMINS),
    row("GET /api/v1/batches/<int:batch_id>/quotas", ADMINS),
    row("GET /api/v1/batches/<int:batch_id>/quotas.xlsx", ADMINS),
    row("GET /api/v1/batches/<int:batch_id>/quotas/<int:unit_id>", ADMINS),
    row("PUT /api/v1/batches/<int:batch_id>/quotas/<int:unit_id>", QUOTA_SETTERS, lenient=True, body={"seats": 0}),
    row("POST /api/v1/batches/<int:batch_id>/quotas/import", ADMINS, lenient=True),
    row("GET /api/v1/projects/<int:project_id>/compliance", ADMINS),
    # enrollment
    row("GET /my/classes", T), row("GET /my/training", T),
    row("POST /my/classes/<int:class_id>/choose", T, out=NOBODY),
    row("POST /my/choices/<int:choice_id>/withdraw", T),
    row("GET /enrollment/", SA), row("POST /enrollment/<int:enrollment_id>/cancel", SA),
    row("POST /enrollment/<int:enrollment_id>/replace", SA),
    row("POST /enrollment/projects/<int:project_id>/waivers", PA),
    row("GET /enrollment/schools/<int:unit_id>/batches/<int:batch_id>", ADMINS),
    row("POST /enrollment/schools/<int:unit_id>/batches/<int:batch_id>/enroll", SA),
    row("GET /api/v1/choices", ADMINS), row("DELETE /api/v1/choices/<int:choice_id>", T),
    row("POST /api/v1/classes/<int:class_id>/choices", T, out=NOBODY, lenient=True),
    row("GET /api/v1/enrollments", frozenset({"tutor"}) | ADMINS),
    row("POST /api/v1/enrollments", SA, lenient=True,
        body={"class_id": "@class_id", "teacher_id": "@user_id"}),
    row("GET /api/v1/enrollments/<int:enrollment_id>", LEARNER_PEOPLE),
    row("POST /api/v1/enrollments/<int:enrollment_id>/cancel", SA, lenient=True),
    row("POST /api/v1/enrollments/<int:enrollment_id>/replace", SA, lenient=True),
    row("POST /api/v1/projects/<int:project_id>/waivers", PA, lenient=True,
        body={"teacher_id": "@user_id", "reason": "特殊情况"}),
    # assignments, originality, verdicts
    row("GET /api/v1/assignments/<int:assignment_id>", SIGNED, out=STAFF),
    row("GET /api/v1/assignments/<int:assignment_id>/draft", T, out=NOBODY, lenient=True),
    row("PUT /api/v1/assignments/<int:assignment_id>/draft", T, out=NOBODY, lenient=True),
    row("POST /api/v1/assignments/<int:assignment_id>/submissions", T, out=NOBODY, lenient=True),
    row("GET /api/v1/courses/<int:course_id>/assignments", SIGNED, out=STAFF),
    row("POST /api/v1/courses/<int:course_id>/assignments", PA, out=PA, lenient=True),
    row("GET /courses/<int:course_id>/assignments", PA, out=PA),
    row("POST /courses/<int:course_id>/assignments", PA, out=PA, lenient=True),
    row("GET /api/v1/courses/<int:course_id>/question-bank", ASKERS | PA, out=ASKERS | PA),
    row("POST /api/v1/courses/<int:course_id>/question-bank", PA, out=PA, lenient=True),
    row("GET /courses/<int:course_id>/question-bank", ASKERS | PA, out=ASKERS | PA),
    row("POST /courses/<int:course_id>/question-bank", PA, out=PA),
    row("DELETE /api/v1/bank-questions/<int:question_id>", PA),
    row("POST /bank-questions/<int:question_id>/remove", PA),
    row("GET /api/v1/enrollments/<int:enrollment_id>/assignments", LEARNER_PEOPLE),
    row("GET /enrollments/<int:enrollment_id>/assignments", LEARNER_PEOPLE),
    row("GET /enrollments/<int:enrollment_id>/assignments/<int:assignment_id>", T),
    row("POST /enrollments/<int:enrollment_id>/assignments/<int:assignment_id>", T),
    row("GET /review", TU), row("GET /classes/<int:class_id>/review", TU),
    row("GET /api/v1/classes/<int:class_id>/submissions", TU),
    row("GET /api/v1/submissions/<int:submission_id>", READS_WORK),
    row("GET /api/v1/submissions/<int:submission_id>/originality", READS_WORK),
    row("GET /submissions/<int:submission_id>/report", READS_WORK),
    row("GET /submissions/<int:submission_id>/review", TU), row("POST /submissions/<int:submission_id>/review", TU),
    row("POST /api/v1/submissions/<int:submission_id>/review", TU, body={"score": 80}),
    # a verdict stands on the in submission (_extras), under appeal: the tutor's new one meets a 409
    row("POST /api/v1/submissions/<int:submission_id>/plagiarism", TU, lenient=True,
        body={"decision": "cleared", "reason": "无抄袭", "confirm": True}),
    row("POST /submissions/<int:submission_id>/plagiarism-decision", TU),
    # the submission's originality report has no passage 0 here: the province admin passes and finds none
    row("POST /api/v1/submissions/<int:submission_id>/originality/matches/<index:match>/common-quotation",
        PA, nf=PA),
    row("POST /submissions/<int:submission_id>/matches/<index:match>/common-quotation", PA, nf=PA),
    row("POST /api/v1/plagiarism-decisions/<int:decision_id>/appeal", T, out=NOBODY, lenient=True),
    row("POST /plagiarism-decisions/<int:decision_id>/appeal", T, out=NOBODY),
    row("GET /api/v1/appeals", PA), row("GET /appeals", PA),
    row("GET /api/v1/appeals/<int:appeal_id>", T | PA), row("GET /appeals/<int:appeal_id>", T | PA),
    row("POST /api/v1/appeals/<int:appeal_id>/decision", PA,
        body={"outcome": "upheld", "note": "维持原判", "confirm": True}),
    row("POST /appeals/<int:appeal_id>", PA),
    row("GET /originality/references", PA), row("POST /originality/references", PA),
    row("GET /originality/references/<int:reference_id>", PA),
    row("GET /originality/templates", PA), row("POST /originality/templates", PA),
    row("POST /originality/templates/<int:template_id>/delete", PA),
    row("GET /originality/quotations", PA), row("POST /originality/quotations", PA),
    row("POST /originality/quotations/<int:quotation_id>/delete", PA),
    row("GET /api/v1/reference-texts", PA), row("GET /api/v1/reference-texts/<int:reference_id>", PA),
    row("POST /api/v1/reference-texts", PA, body={"title": "参考", "text": "参考文献正文"}),
    row("POST /api/v1/reference-texts/upload", PA, lenient=True),
    row("GET /api/v1/boilerplate-templates", PA),
    row("POST /api/v1/boilerplate-templates", PA, body={"title": "模板", "text": "模板正文"}),
    row("GET /api/v1/common-quotations", PA),
    row("POST /api/v1/common-quotations", PA, body={"title": "引文", "text": "引文正文"}),
    row("DELETE /api/v1/common-quotations/<int:quotation_id>", PA),
    # forum and Q&A
    row("GET /classes/<int:class_id>/forum", SIGNED), row("GET /api/v1/classes/<int:class_id>/topics", SIGNED),
    row("GET /topics/<int:topic_id>", SIGNED), row("GET /api/v1/topics/<int:topic_id>", SIGNED),
    row("GET /api/v1/classes/<int:class_id>/my-posts", SIGNED),
    row("POST /classes/<int:class_id>/forum", WRITERS),
    row("POST /topics/<int:topic_id>", WRITERS),
    row("POST /api/v1/classes/<int:class_id>/topics", WRITERS, lenient=True,
        body={"title": "话题", "body": "大家怎么看这个问题"}),
    row("POST /api/v1/topics/<int:topic_id>/replies", WRITERS, lenient=True,
        body={"body": "我同意这个看法"}),
    row("POST /posts/<int:post_id>/moderate", TU), row("PATCH /api/v1/posts/<int:post_id>", TU),
    row("POST /api/v1/posts/<int:post_id>/feature", TU),
    row("GET /classes/<int:class_id>/qa", SIGNED), row("GET /api/v1/classes/<int:class_id>/qa-sessions", SIGNED),
    row("GET /qa/<int:qa_id>", SIGNED), row("GET /api/v1/qa-sessions/<int:qa_id>", SIGNED),
    row("POST /classes/<int:class_id>/qa", ASKERS, out=WIDE & ASKERS),
    row("POST /api/v1/classes/<int:class_id>/qa-sessions", ASKERS, out=WIDE & ASKERS, lenient=True,
        body={"title": "答疑", "starts_at": "2026-11-24T10:00:00+08:00", "ends_at": "2026-11-24T11:00:00+08:00"}),
    row("POST /qa/<int:qa_id>", T),
    row("POST /api/v1/qa-sessions/<int:qa_id>/questions", T, lenient=True, body={"body": "请问"}),
    row("POST /qa-questions/<int:question_id>/answer", TU),
    row("POST /api/v1/qa-questions/<int:question_id>/answer", TU, body={"body": "答复如下"}),
    # grades and certificates
    row("GET /classes/<int:class_id>/grades", TU | PA), row("GET /api/v1/classes/<int:class_id>/grades", TU | PA),
    row("GET /api/v1/classes/<int:class_id>/grades.xlsx", TU | PA),
    row("POST /classes/<int:class_id>/grades/<int:enrollment_id>/recommend", TU),
    row("POST /api/v1/enrollments/<int:enrollment_id>/recommend", TU, lenient=True),
    row("GET /grades/<int:enrollment_id>", LEARNER_PEOPLE),
    row("GET /api/v1/enrollments/<int:enrollment_id>/grade", LEARNER_PEOPLE),
    row("GET /projects/<int:project_id>/grading-policy", PA), row("POST /projects/<int:project_id>/grading-policy", PA),
    row("GET /api/v1/projects/<int:project_id>/grading-policy", STAFF),
    row("PUT /api/v1/projects/<int:project_id>/grading-policy", PA, lenient=True, body={"pass_mark": 80}),
    row("GET /api/v1/enrollments/<int:enrollment_id>/certificate", T | ADMINS, lenient=True),
    row("POST /api/v1/enrollments/<int:enrollment_id>/certificate", T | ADMINS, lenient=True),
    row("POST /enrollments/<int:enrollment_id>/certificate", T | ADMINS, lenient=True),
    row("GET /api/v1/schools/<int:unit_id>/certificates.zip", ADMINS, lenient=True),  # 409 with none issued
    row("GET /schools/<int:unit_id>/certificates.zip", ADMINS),
    row("GET /projects/<int:project_id>/certificate-issuer", PA),
    row("POST /projects/<int:project_id>/certificate-issuer", PA),
    row("GET /api/v1/projects/<int:project_id>/certificate-issuer", PA),
    row("PUT /api/v1/projects/<int:project_id>/certificate-issuer", PA, body={"issuing_body": "省教师培训中心"}),
    row("POST /schools/<int:unit_id>/certificates/export", ADMINS),
    row("POST /api/v1/schools/<int:unit_id>/certificates/exports", ADMINS, lenient=True, body={}),  # 409: none
    row("POST /batches/<int:batch_id>/certificates/export", ADMINS),
    row("POST /api/v1/batches/<int:batch_id>/certificates/exports", ADMINS, lenient=True, body={}),
    # outstanding learners: every admin reads its subtree's commendation list; only the province confirms
    row("GET /batches/<int:batch_id>/commendation", ADMINS), row("POST /batches/<int:batch_id>/commendation/confirm", PA),
    row("GET /api/v1/batches/<int:batch_id>/commendation", ADMINS),
    row("POST /api/v1/batches/<int:batch_id>/commendation/confirm", PA, body={"enrollment_ids": []}),
    row("GET /api/v1/batches/<int:batch_id>/commendation.xlsx", ADMINS),
    row("GET /api/v1/batches/<int:batch_id>/commendation.pdf", ADMINS),
    # export jobs: the school admin's own; anyone else is answered "no such job"
    row("GET /exports", SIGNED), row("GET /api/v1/jobs", SIGNED),
    row("GET /exports/<int:job_id>/file", {"school_admin"}, nf=SIGNED - {"school_admin"}),
    row("GET /api/v1/jobs/<int:job_id>", {"school_admin"}, nf=SIGNED - {"school_admin"}),
    row("GET /api/v1/jobs/<int:job_id>/file", {"school_admin"}, nf=SIGNED - {"school_admin"}),
    # notices: the user's own; anyone else is answered "no such notice"
    row("GET /notices", SIGNED), row("GET /api/v1/notices", SIGNED),
    row("POST /notices/<int:notice_id>/read", T, nf=SIGNED - T),
    row("POST /api/v1/notices/<int:notice_id>/read", T, nf=SIGNED - T),
    row("POST /notices/read-all", SIGNED), row("POST /api/v1/notices/read-all", SIGNED),
    row("POST /notices/preferences", SIGNED),
    row("GET /api/v1/me/notice-preferences", SIGNED),
    row("PUT /api/v1/me/notice-preferences", SIGNED, body={"wanted": {"work_graded": False}}),
    row("POST /originality/rebuild", PA), row("POST /api/v1/originality/rebuild", PA),
    # reports, briefings, evaluations
    row("GET /reports", ADMINS), row("GET /api/v1/reports/participation", ADMINS, lenient=True),
    row("GET /api/v1/reports/participation.xlsx", ADMINS, lenient=True),
    row("POST /reports/participation/export", ADMINS),
    row("POST /api/v1/reports/participation/exports", ADMINS, body={"batch_id": "@batch_id"}),
    row("GET /classes/<int:class_id>/briefings", SIGNED), row("GET /api/v1/classes/<int:class_id>/briefings", SIGNED),
    row("POST /classes/<int:class_id>/briefings", TU | ADMINS),
    row("POST /api/v1/classes/<int:class_id>/briefings", TU | ADMINS,
        body={"title": "简报", "body": "本周情况"}),
    row("GET /classes/<int:class_id>/evaluations", TU | ADMINS),
    row("GET /api/v1/classes/<int:class_id>/evaluations", TU | ADMINS),
    row("GET /enrollments/<int:enrollment_id>/evaluation", T),
    row("POST /enrollments/<int:enrollment_id>/evaluation", T),
    row("POST /api/v1/enrollments/<int:enrollment_id>/evaluation", T, lenient=True),
]
TABLE += credit_rows(row, ANY=ANY, SIGNED=SIGNED, ADMINS=ADMINS, T=T, SA=SA, PA=PA)
TABLE += survey_rows(row, SIGNED=SIGNED, ADMINS=ADMINS, T=T, TU=TU)
TABLE += tutors_rows(row, SIGNED=SIGNED, ADMINS=ADMINS, T=T)
TABLE += outcome_rows(row, SIGNED=SIGNED, ADMINS=ADMINS, T=T, TU=TU, SA=SA, PA=PA)
TABLE += activity_rows(row, SIGNED=SIGNED, ADMINS=ADMINS, T=T, TU=TU, PA=PA)
TABLE += expert_rows(row, ADMINS=ADMINS, PA=PA)
TABLE += live_rows(row, SIGNED=SIGNED, ADMINS=ADMINS, T=T, TU=TU, PA=PA, ANY=ANY)
TABLE += tutoring_rows(row, SIGNED=SIGNED, ADMINS=ADMINS, TU=TU, PA=PA)
TABLE += briefing_rows(row, SIGNED=SIGNED, ADMINS=ADMINS, T=T)
TABLE += evaluation_rows(row, SIGNED=SIGNED, PA=PA)
TABLE += workload_rows(row, ADMINS=ADMINS)
TABLE += square_rows(row, SIGNED=SIGNED, ADMINS=ADMINS, TU=TU, PA=PA)
TABLE += letter_rows(row, ANY=ANY, SIGNED=SIGNED, ADMINS=ADMINS, TU=TU, PA=PA)
TABLE += certificate_rows(row, ANY=ANY, SIGNED=SIGNED, ADMINS=ADMINS)


# ---------------------------------------------------------------------------------------------- the tests

def _scoped(op: str) -> bool:
    return bool(set(PARAM.findall(op)) & SCOPED)


def _expected(r: Row, role: str, variant: str) -> str:
    if role == "anonymous" and "anonymous" not in r.ok:
        return "no"
    allowed = r.ok if variant != "out" else (r.ok & WIDE if r.out is None else r.out)
    if variant == "gone" and role in r.ok:
        return "nf?" if r.lenient else "nf"  # a lenient row's body may be refused before the missing object
    if role in r.nf and (variant == "in" or role in allowed):  # 404 where it is let through to the object
        return "nf"
    if role in allowed:
        return "ok?" if r.lenient else "ok"
    return "no" if variant == "in" else "hid"


def _variants(r: Row) -> tuple[str, ...]:
    """``in``; ``out`` when the URL names an object of the tree; ``gone`` when it names any object by id;
    ``empty`` when the row has a valid body (see the module's docstring)."""
    return (("in",) + (("out",) if _scoped(r.op) else ()) + (("gone",) if INT_PARAM.search(r.op) else ())
            + (("empty",) if r.body is not None and r.empty else ()))


def _cells():
    """Every role on the in objects; on the out objects, the roles allowed on the in ones (a role refused on
    its own branch's objects is not asked again about another branch's).

    A row with a valid body shows "the body before the right to call" on its ``empty`` cells; its in and out
    cells send the valid body, so the refusal there comes from the right itself."""
    for r in TABLE:
        for variant in _variants(r):
            for role in ROLES:
                refused_in = role not in r.ok | r.nf
                if variant == "out" and (role == "anonymous" or refused_in):
                    continue
                if variant == "empty" and not refused_in:
                    continue
                if variant == "gone" and (role == "anonymous" or refused_in):
                    continue
                expected = "no" if variant == "empty" else _expected(r, role, variant)
                yield pytest.param(r, role, variant, expected, id=f"{r.op} [{variant}] {role}")


ACCEPTED = {"ok": {"ok"}, "ok?": {"ok", "bad"}, "nf": {"nf"}, "nf?": {"nf", "bad"}, "hid": {"no", "nf"}}


@pytest.mark.parametrize("r, role, variant, expected", list(_cells()))
def test_permission(world, r, role, variant, expected):
    status, location = _answer(world, r, role, variant)
    seen = _seen(status, location)
    if r.op == "POST /logout" and role != "anonymous":
        assert seen == "login", (status, location)  # signing out ends at the sign-in page
        return
    if expected == "no":
        wanted = {"login"} if role == "anonymous" else {"no"}
    else:
        wanted = ACCEPTED[expected]
    assert seen in wanted, f"{r.op} [{variant}] as {role}: expected {expected}, got {status} {location}"


def test_every_route_is_in_the_table(app):
    """A new route must join the table (and the table holds no route that is gone)."""
    declared = [r.op for r in TABLE]
    assert len(declared) == len(set(declared)), sorted({op for op in declared if declared.count(op) > 1})
    routes = {f"{method} {rule.rule}" for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert not routes - set(declared), "add to TABLE: " + ", ".join(sorted(routes - set(declared)))
    assert not set(declared) - routes, "no longer routes: " + ", ".join(sorted(set(declared) - routes))


# ------------------------------------------------------------------- the two findings of the access sweep

ADMIN_LEVEL = {"school_admin": "school", "county_admin": "county", "city_admin": "city", "province_admin": "province"}


def _unit_of(world: World, role: str, level: str) -> int:
    from lms.org.models import OrgUnit, User

    with world.app.app_context():
        person = db.session.scalar(select(User).where(User.username == world.users[role]))
        return getattr(db.session.get(OrgUnit, person.org_unit_id), f"{level}_id")


@pytest.mark.parametrize("role", sorted(ADMIN_LEVEL))
def test_an_admin_creates_no_admin_of_its_own_level(world, role):
    """lms/org/policies.py: an admin handles only people strictly below its own level, so it may not make an
    admin of its own level (whom it could then neither reset nor unlock); one level down it may. The refusal is
    a message on the roles field (as tests/api/test_users.py has it), never an account."""
    level = ADMIN_LEVEL[role]
    own = _unit_of(world, role, level)
    same = _request(world, role, "POST", "/api/v1/users",
                    {"username": f"same{level}", "name": "同级", "org_unit_id": own, "roles": [role]})
    assert same.status_code == 400 and "roles" in same.get_json()["error"]["fields"], same.get_json()
    below = {"province": "city", "city": "county", "county": "school", "school": None}[level]
    if below is None:
        return
    unit = _unit_of(world, "teacher", below)
    made = _request(world, role, "POST", "/api/v1/users",
                    {"username": f"below{level}", "name": "下级", "org_unit_id": unit, "roles": [f"{below}_admin"]})
    assert made.status_code == 201, made.get_json()


def test_an_admin_reads_only_its_own_learners_evaluations(world):
    """lms/reports/notices.py: a class mixes schools; an admin reads the evaluations of the learners in its own
    area only, the class's tutors read them all. The in class has the teacher's evaluation and one by a learner
    of another city (_extras)."""
    path = f"/api/v1/classes/{world.ids['class_id']['in']}/evaluations"
    counts = {role: _request(world, role, "GET", path).get_json()["count"]
              for role in ("tutor", "school_admin", "county_admin", "city_admin", "province_admin")}
    assert counts == {"tutor": 2, "school_admin": 1, "county_admin": 1, "city_admin": 1, "province_admin": 2}
