"""Credits: what this domain declares to shared pages and to the domains below (collected by lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.credits import exports, services, views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    home_sections=(views.teacher_section,),
    audit_labels={"credit.claim": _l("Credits claimed"),
                  "credit.evidence": _l("Evidence added to a credit claim"),
                  "credit.approve": _l("Credit claim approved by the school"),
                  "credit.confirm": _l("Credits confirmed by the county"),
                  "credit.reject": _l("Credit claim rejected"),
                  "credit.escalated_approve": _l("Overdue credit claim approved and confirmed by the county"),
                  "credit.escalated_reject": _l("Overdue credit claim rejected by the county"),
                  "credit.post": _l("Credits posted from a final grade"),
                  "credit.post_live": _l("Study hours posted from a live research session"),
                  "credit.withdraw": _l("Credits withdrawn: the grade no longer passes"),
                  "credit.restore": _l("Credits restored: the grade passes again"),
                  "credit.import": _l("Credit entries imported"),
                  "credit.course_terms": _l("Course credit terms set"),
                  "credit.profile": _l("Teacher's credit situation set"),
                  "credit.certificate": _l("Certificate of completion of a cycle issued"),
                  "credit_plan.file": _l("School-based project or self-study plan filed"),
                  "credit_plan.approve": _l("School-based project or self-study plan approved"),
                  "credit_plan.reject": _l("School-based project or self-study plan rejected"),
                  "credit_plan.evaluate": _l("School-based project evaluated by the county"),
                  "credit_summary.file": _l("Self-study summary handed in by the school"),
                  "credit_summary.accept": _l("Self-study summary recorded by the county"),
                  "credit_summary.reject": _l("Self-study summary returned by the county")},
    # Grading (below) tells the record when a grade is stored final or a verdict changes a final grade.
    hooks={"credits.grades_settled": services.reconcile_grades,
           # Certificates (below) print the course's 学时: the same figure as the entry posted here.
           "credits.course_hours": lambda session, course: services.terms_of(session, course)[0],
           # A unit's credit sheets made on the job queue (lms.exports).
           "exports.credit_compliance_xlsx": exports.build_compliance,
           "exports.credit_entries_xlsx": exports.build_entries},
    # Live research (below) tells the record when a learner gave its feedback on a session.
    listeners={"live.feedback_given": services.post_live_hours},
)
