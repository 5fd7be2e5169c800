"""Demo step: training outcomes (研修成果), the province showcase and a teaching-research group's notes.

In the school the printed accounts belong to, teachers of the finished batch have handed in outcomes: one the
province showcases, one the school took in, one returned with a reason, one waiting for the school admin; a
teacher of the same subject in another school has written work its tutor marked excellent, proposed and
showcased. A colleague noted how the group used the showcased design in its lesson preparation. Every step goes
through the outcomes services, as a person's click would.
"""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from lms.assignments.models import Submission
from lms.certificates.pdf import draw
from lms.enrollment.models import Enrollment
from lms.org.models import RoleAssignment, User
from lms.outcomes import services as outcomes
from lms.projects import media

DESIGNS = (
    ("《分数的初步认识》教学设计", "lesson_design", "借助折纸和分饼情境，引导学生经历分数概念的形成过程。"),
    ("单元整体教学课件", "courseware", "围绕大单元设计的课件，含情境导入、探究任务和分层练习。"),
    ("课堂提问的实践反思", "reflection", "记录三次课堂提问的改进过程，反思学生思维深度的变化。"),
    ("校本研修活动方案", "other", "教研组围绕“双减”背景下作业设计开展的校本研修方案。"),
)
RETURN_REASON = "请补充教学目标和课后反思后再提交。"
GROUP_NOTE = "下周三集体备课时，以这份设计为范例讨论第二单元的情境导入。"


def design_pdf(title: str, description: str) -> bytes:
    """A one-page PDF of the outcome, in the certificates' font (so the Chinese shows)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    draw(pdf, width / 2, height - 100, title, 20, align="centre")
    draw(pdf, 72, height - 160, description, 12)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _school_admin(session, school_id: int) -> User | None:
    return session.scalar(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                          .where(RoleAssignment.role == "school_admin", RoleAssignment.org_unit_id == school_id))


def _pdf_upload(title: str, description: str) -> media.Upload:
    data = design_pdf(title, description)
    return media.Upload(io.BytesIO(data), f"{title}.pdf", media.configured_storage(), len(data))


def training_outcomes_step(session, ctx) -> None:
    province = ctx.admins["province"]
    school_id = ctx.showcase_school_id
    mine = [e for e in session.scalars(
        select(Enrollment).where(Enrollment.batch_id == ctx.finished.id, Enrollment.status == "active",
                                 Enrollment.school_id == school_id).order_by(Enrollment.teacher_id))
            if e.training_class.tutors][:len(DESIGNS)]
    admin = _school_admin(session, school_id)
    if not mine or admin is None:
        return
    handed = []
    for enrollment, (title, kind, description) in zip(mine, DESIGNS):
        handed.append(outcomes.hand_in(session, enrollment.teacher, outcomes.HandIn(
            enrollment_id=enrollment.id, title=title, kind=kind, description=description,
            file=_pdf_upload(title, description))))
    shown = handed[0]
    for row in handed[:2]:
        outcomes.review(session, admin, row, "accept")
    outcomes.recommend(session, shown.training_class.tutors[0], shown, "情境设计新颖，学生参与度高，值得推广。")
    outcomes.decide(session, province, shown, "showcase")
    if len(handed) > 2:
        outcomes.review(session, admin, handed[2], "return", RETURN_REASON)
    colleague = next((e.teacher for e in mine[1:] if e.teacher.subject == shown.subject), None)
    outcomes.add_note(session, colleague or admin, shown.school, shown, GROUP_NOTE)
    _proposed_elsewhere(session, ctx, shown.subject, school_id)


def _proposed_elsewhere(session, ctx, subject: str | None, school_id: int) -> None:
    """Excellent written work of a teacher of the same subject in another school, proposed and showcased."""
    work = session.scalar(
        select(Submission).join(Enrollment, Submission.enrollment_id == Enrollment.id)
        .join(User, Enrollment.teacher_id == User.id)
        .where(Enrollment.batch_id == ctx.finished.id, Enrollment.school_id != school_id,
               Submission.kind == "subjective", Submission.excellent.is_(True),
               Submission.reviewed_at.is_not(None), User.subject == subject)
        .order_by(Submission.id).limit(1))
    if work is None or not work.training_class.tutors:
        return
    tutor = work.training_class.tutors[0]
    row = outcomes.propose(session, tutor, work, "reflection", f"{work.learner.name}的研修反思", "反思深入，有推广价值。")
    outcomes.decide(session, ctx.admins["province"], row, "showcase")
