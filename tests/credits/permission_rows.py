"""The credit routes' rows of the permission table (tests/web/test_permission_table.py on main), kept here so
the domain's rows travel with the domain. The table module wires them in three lines:

    from tests.credits.permission_rows import CREDIT_SCOPED, credit_extras, credit_rows
    SCOPED |= CREDIT_SCOPED                      # after SCOPED
    credit_extras(db.session, ids)               # in ``world``, after ``_extras(db.session, ids)``
    TABLE += credit_rows(row, ANY=ANY, SIGNED=SIGNED, ADMINS=ADMINS, T=T, SA=SA, PA=PA)  # after TABLE

The world's in and out teachers get a claimed entry with its evidence and a filed self-study plan each; their
schools a filed self-study summary of last year.
"""
from __future__ import annotations

from lms.core import clock
from lms.credits import rules
from lms.credits.models import CreditEntry, CreditEvidence, CreditPlan, SelfStudySummary
from lms.org.models import User

CREDIT_SCOPED = {"teacher_id", "entry_id", "evidence_id", "plan_id", "summary_id"}


def credit_extras(session, ids: dict) -> None:
    """In and out: the teacher (``teacher_id``), a claimed entry with evidence, a filed self-study plan."""
    now = clock.now()
    ids.update(teacher_id={}, entry_id={}, evidence_id={}, plan_id={}, summary_id={})
    for k in ("in", "out"):
        teacher = session.get(User, ids["user_id"][k])
        entry = CreditEntry(user_id=teacher.id, org_unit_id=teacher.org_unit_id, source=rules.OFFLINE,
                            title="线下培训", year=now.year, hours_tenths=200, category=rules.ELECTIVE,
                            credit_cents=100, awards=[{"category": rules.ELECTIVE, "theme": None, "credits": "1.00"}],
                            status=rules.CLAIMED, created_by_id=teacher.id, created_at=now)
        entry.evidence.append(CreditEvidence(name="证书.pdf", content_type="application/pdf", size=8,
                                             data=b"%PDF-1.4", uploaded_at=now))
        plan = CreditPlan(kind=rules.SELF_STUDY_PLAN, org_unit_id=teacher.org_unit_id, user_id=teacher.id,
                          year=now.year, title="读书自学", hours_tenths=400, status=rules.FILED,
                          filed_by_id=teacher.id, filed_at=now)
        summary = SelfStudySummary(org_unit_id=teacher.org_unit_id, year=now.year - 1, text="自主学习总结",
                                   status=rules.FILED, filed_at=now)
        session.add_all([entry, plan, summary])
        session.flush()
        ids["summary_id"][k] = summary.id
        ids["teacher_id"][k], ids["entry_id"][k] = teacher.id, entry.id
        ids["evidence_id"][k], ids["plan_id"][k] = entry.evidence[0].id, plan.id


def credit_rows(row, *, ANY, SIGNED, ADMINS, T, SA, PA) -> list:
    CA = frozenset({"county_admin"})
    NOBODY = frozenset()
    REVIEWERS = SA | CA
    RECORD = T | ADMINS  # the teacher and the admins above
    claim = {"source": "offline", "title": "线下培训", "year": 2026, "hours": 20, "category": "elective"}
    plan = {"kind": "self_study_plan", "year": 2026, "title": "读书自学", "hours": 40}
    return [
        # pages
        row("GET /credits/", T | ADMINS), row("GET /credits/me", SIGNED),
        row("POST /credits/claims", T),
        row("GET /credits/teachers/<int:teacher_id>", RECORD),
        row("POST /credits/teachers/<int:teacher_id>/profile", ADMINS),
        row("GET /credits/teachers/<int:teacher_id>/record.pdf", RECORD),
        row("GET /credits/verify/<code>", ANY, nf=ANY),  # the world's code is a certificate's: no record has it
        # The world's teachers have not met their cycle: the button answers with its message (a redirect),
        # nothing is issued, and no certificate is found; the world's code is a training certificate's.
        row("POST /credits/teachers/<int:teacher_id>/certificate", RECORD),
        row("GET /credits/teachers/<int:teacher_id>/certificate.pdf", RECORD, nf=RECORD),
        row("GET /credits/certificates/<code>", ANY, nf=ANY),
        row("GET /credits/reviews", REVIEWERS),
        row("POST /credits/entries/<int:entry_id>/approve", SA),
        row("POST /credits/entries/<int:entry_id>/confirm", CA),
        row("POST /credits/entries/<int:entry_id>/reject", REVIEWERS),
        row("GET /credits/evidence/<int:evidence_id>", RECORD),
        row("GET /credits/units/<int:unit_id>", ADMINS),
        row("GET /credits/units/<int:unit_id>/compliance.xlsx", ADMINS),
        row("GET /credits/units/<int:unit_id>/entries.xlsx", ADMINS),
        row("POST /credits/units/<int:unit_id>/export", ADMINS),
        row("POST /credits/units/<int:unit_id>/import", ADMINS),
        row("GET /credits/plans", SIGNED), row("POST /credits/plans", T | SA),
        row("POST /credits/plans/<int:plan_id>/approve", SA),
        row("POST /credits/plans/<int:plan_id>/reject", SA),
        # The world's plans are self-study plans: only a county evaluates, and not those (403 before the body).
        row("POST /credits/plans/<int:plan_id>/evaluate", NOBODY),
        row("GET /credits/summaries", ADMINS), row("POST /credits/summaries", SA),
        row("POST /credits/summaries/<int:summary_id>/accept", CA),
        row("POST /credits/summaries/<int:summary_id>/reject", CA),
        # API
        row("GET /api/v1/credits/me", SIGNED),
        row("GET /api/v1/credits/teachers/<int:teacher_id>", RECORD),
        row("GET /api/v1/credits/teachers/<int:teacher_id>/entries", RECORD),
        row("PUT /api/v1/credits/teachers/<int:teacher_id>/profile", ADMINS, body={"kind": "regular"}),
        row("POST /api/v1/credits/claims", T, body=claim),
        row("POST /api/v1/credits/teachers/<int:teacher_id>/certificate", RECORD, lenient=True),  # 409: not complete
        row("GET /api/v1/credits/teachers/<int:teacher_id>/certificate", RECORD, nf=RECORD),
        row("GET /api/v1/credits/teachers/<int:teacher_id>/certificate.pdf", RECORD, nf=RECORD),
        row("GET /api/v1/credits/certificates/<code>", ANY, nf=ANY),
        row("GET /api/v1/credits/entries/<int:entry_id>", RECORD),
        row("POST /api/v1/credits/entries/<int:entry_id>/evidence", T, lenient=True),  # no file: 400
        row("GET /api/v1/credits/evidence/<int:evidence_id>", RECORD),
        row("POST /api/v1/credits/entries/<int:entry_id>/approve", SA),
        row("POST /api/v1/credits/entries/<int:entry_id>/confirm", CA, lenient=True),  # a claimed entry: 409
        row("POST /api/v1/credits/entries/<int:entry_id>/reject", REVIEWERS, body={"reason": "证书不符"}),
        row("GET /api/v1/credits/reviews", REVIEWERS),
        row("GET /api/v1/credits/units/<int:unit_id>/compliance", ADMINS),
        row("GET /api/v1/credits/units/<int:unit_id>/teachers", ADMINS),
        row("GET /api/v1/credits/units/<int:unit_id>/compliance.xlsx", ADMINS),
        row("GET /api/v1/credits/units/<int:unit_id>/entries.xlsx", ADMINS),
        row("POST /api/v1/credits/units/<int:unit_id>/exports", ADMINS, body={"sheet": "entries"}),
        row("POST /api/v1/credits/units/<int:unit_id>/import", ADMINS, lenient=True),  # no file: 400
        row("GET /api/v1/courses/<int:course_id>/credit-terms", SIGNED, out=SIGNED),
        row("PUT /api/v1/courses/<int:course_id>/credit-terms", PA, out=PA, body={"hours": 10, "category": "elective"}),
        # A school admin may call (it files school-based projects), so only a body tells it is refused a
        # teacher's self-study plan: no empty-body cell.
        row("POST /api/v1/credits/plans", T, body=plan, empty=False),
        row("GET /api/v1/credits/plans", SIGNED),
        row("POST /api/v1/credits/plans/<int:plan_id>/approve", SA),
        row("POST /api/v1/credits/plans/<int:plan_id>/reject", SA, body={"reason": "计划不具体"}),
        row("POST /api/v1/credits/plans/<int:plan_id>/evaluation", NOBODY, body={"result": "passed"}),
        row("GET /api/v1/credits/summaries", ADMINS),
        row("POST /api/v1/credits/summaries", SA, body={"year": 2025, "text": "总结"}, lenient=True),  # not January
        row("POST /api/v1/credits/summaries/<int:summary_id>/accept", CA),
        row("POST /api/v1/credits/summaries/<int:summary_id>/reject", CA, body={"reason": "缺少成果统计"}),
    ]
