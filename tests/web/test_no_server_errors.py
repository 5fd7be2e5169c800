"""No valid request is a server error: every demo role walks its pages and every GET API route, with ids from
what it is shown, plus boundary ids and pages.

The demo is the realistic fixture (every role, every kind of object). Pages are crawled from each role's home
by following the links it is shown; the ids met on the way fill the API routes for that role, and ids from the
database fill the rest (a refusal is fine, a 5xx is not).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from lms.activities.models import Activity
from lms.assignments.models import Assignment, PlagiarismAppeal, PlagiarismDecision, Submission
from lms.briefings.models import AreaBriefing
from lms.certificates.models import Certificate
from lms.credits.models import CreditEntry, CreditEvidence, CreditPlan, SelfStudySummary
from lms.demo.loader import DEMO_PASSWORD, load_demo
from lms.enrollment.models import Choice, Enrollment
from lms.evaluations.models import AreaEvaluation, EvaluationRound
from lms.experts.models import CourseReview, ExpertProfile
from lms.exports.models import ExportJob
from lms.extensions import db
from lms.forum.models import ForumPost, QaQuestion, QaSession
from lms.live.models import LiveSession, LiveTerm
from lms.notices.models import Notice
from lms.org.models import OrgUnit, User
from lms.outcomes.models import Outcome
from lms.originality.models import BoilerplateTemplate, CommonQuotation, ReferenceText
from lms.projects.models import Batch, Course, Lesson, Project, TrainingClass
from lms.surveys.models import Survey
from lms.tracking.models import PresenceCheck, StudyFlag
from lms.tutoring.models import TutoringRequest, TutoringSession
from lms.tutors.models import TutorApplication
from tests.factories import PASSWORD
from tests.helpers import csrf_token

# Where the ids of each URL parameter come from when the role's own pages showed none.
PARAMETER_SOURCES = {
    "assignment_id": Assignment.id, "batch_id": Batch.id, "check_id": PresenceCheck.id, "choice_id": Choice.id,
    "class_id": TrainingClass.id, "code": Certificate.code, "course_id": Course.id,
    "enrollment_id": Enrollment.id, "flag_id": StudyFlag.id, "lesson_id": Lesson.id, "post_id": ForumPost.id,
    "project_id": Project.id, "qa_id": QaSession.id, "question_id": QaQuestion.id,
    "reference_id": ReferenceText.id, "submission_id": Submission.id, "template_id": BoilerplateTemplate.id,
    "topic_id": ForumPost.id, "unit_id": OrgUnit.id, "user_id": User.id,
    "appeal_id": PlagiarismAppeal.id, "decision_id": PlagiarismDecision.id, "quotation_id": CommonQuotation.id,
    "teacher_id": User.id, "entry_id": CreditEntry.id, "evidence_id": CreditEvidence.id, "plan_id": CreditPlan.id,
    "summary_id": SelfStudySummary.id, "job_id": ExportJob.id,
    "notice_id": Notice.id, "survey_id": Survey.id, "application_id": TutorApplication.id,
    "tutor_id": TutorApplication.user_id, "activity_id": Activity.id, "briefing_id": AreaBriefing.id,
    "round_id": EvaluationRound.id, "evaluation_id": AreaEvaluation.id,
    "live_id": LiveSession.id, "term_id": LiveTerm.id, "school_id": OrgUnit.id,
    "outcome_id": Outcome.id, "profile_id": ExpertProfile.id, "review_id": CourseReview.id,
    "tutoring_id": TutoringSession.id, "request_id": TutoringRequest.id, "student_id": User.id,
    "kind": None,  # a live term certificate's kind: "1" is none (404)
    "match": None,  # a passage's number within a report: the first
    "name": None,  # a file inside a lesson's HLS folder
    "role": None,  # an appointment letter's role (tutor, expert): the crawl finds them; "1" is none (404)
}
SKIPPED_ENDPOINTS = {"static", "org.logout", "pages.set_language"}
PAGES_PER_ROLE = 160
PAGES_PER_SHAPE = 2  # /classes/1 and /classes/2 are one shape: two of each are enough
BOUNDARY_IDS = ("0", str(2**31 - 1), str(2**31), str(2**63 - 1), str(2**63), str(2**64), "99999999999999999999999")
BOUNDARY_PAGES = ("0", "-1", str(2**63), "x", "99999999999999999999999")
LINK = re.compile(r'href="([^"#]+)"')


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _crawl(app, client, adapter, seen_args: dict[str, set]) -> list[tuple[str, int]]:
    """Follow the links a signed-in role is shown; returns every (path, status) fetched."""
    queue, fetched, shapes, results = ["/"], set(), Counter(), []
    while queue and len(fetched) < PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in fetched:
            continue
        fetched.add(url)
        response = client.get(url)
        results.append((url, response.status_code))
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        for href in LINK.findall(response.get_data(as_text=True)):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "lms.test":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            try:
                endpoint, args = adapter.match(parts.path, method="GET")
            except HTTPException:
                continue
            if endpoint in SKIPPED_ENDPOINTS or path in fetched:
                continue
            for name, value in args.items():
                seen_args[name].add(str(value))
            shape = _shape(path)
            if shapes[shape] < PAGES_PER_SHAPE:
                shapes[shape] += 1
                queue.append(path)
    return results


def _fill(rule, values: dict[str, str]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], rule.rule)


def _api_get_rules(app):
    return [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/") and "GET" in r.methods]


def _page_get_rules(app):
    return [r for r in app.url_map.iter_rules()
            if not r.rule.startswith("/api/") and "GET" in r.methods and r.endpoint not in SKIPPED_ENDPOINTS]


def _candidates(session, seen_args: dict[str, set], name: str) -> list[str]:
    shown = sorted(seen_args.get(name, ()))[:2]
    if shown:
        return shown
    column = PARAMETER_SOURCES[name]
    if column is None:
        return ["1"]
    found = session.scalars(select(column).order_by(column).limit(1)).all()
    return [str(v) for v in found] or ["1"]


def test_no_role_meets_a_server_error(app):
    with app.app_context():
        accounts = load_demo(db.session)
        db.session.commit()
    failures = []
    adapter = app.url_map.bind("lms.test")
    for role, username, _where in accounts:
        client = app.test_client()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        assert client.post("/login", data={"username": username, "password": DEMO_PASSWORD,
                                           "csrf_token": token}).status_code == 302, username
        seen_args: dict[str, set] = defaultdict(set)
        for path, status in _crawl(app, client, adapter, seen_args):
            if status >= 500:
                failures.append((role, "page", path, status))
        api = app.test_client()  # bearer only, no cookies
        bearer = api.post("/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD})
        headers = {"Authorization": f"Bearer {bearer.get_json()['token']}"}
        with app.app_context():
            for rule in _api_get_rules(app):
                names = re.findall(r"<(?:\w+:)?(\w+)>", rule.rule)
                options = {n: _candidates(db.session, seen_args, n) for n in names}
                for index in range(max((len(v) for v in options.values()), default=1)):
                    values = {n: v[min(index, len(v) - 1)] for n, v in options.items()}
                    path = _fill(rule, values)
                    status = api.get(path, headers=headers).status_code
                    if status >= 500:
                        failures.append((role, "api", path, status))
    assert not failures, "\n".join(map(str, sorted(set(failures))[:60]))


def test_boundary_ids_and_pages_are_refused_in_words(app, make):
    admin = make.admin(make.tree()["province"])
    client = app.test_client()
    bearer = client.post("/api/v1/auth/token", json={"username": admin.username, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {bearer.get_json()['token']}"}
    page_client = app.test_client()
    token = csrf_token(page_client.get("/login").get_data(as_text=True))
    assert page_client.post("/login", data={"username": admin.username, "password": PASSWORD,
                                            "csrf_token": token}).status_code == 302
    failures = []
    for rule in _api_get_rules(app) + _page_get_rules(app):
        names = re.findall(r"<(?:\w+:)?(\w+)>", rule.rule)
        use = client if rule.rule.startswith("/api/") else page_client
        extra = headers if rule.rule.startswith("/api/") else {}
        paths = [_fill(rule, {n: value for n in names}) for value in BOUNDARY_IDS] if names else []
        if not names:
            paths = [f"{rule.rule}?page={p}&per_page={p}" for p in BOUNDARY_PAGES]
            paths += [f"{rule.rule}?batch_id={v}&class_id={v}&unit_id={v}" for v in BOUNDARY_IDS]
        for path in paths:
            status = use.get(path, headers=extra).status_code
            if status >= 500:
                failures.append((path, status))
    assert not failures, "\n".join(map(str, sorted(set(failures))[:60]))
