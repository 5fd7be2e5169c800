"""Demo step: the question square and micro-lessons (lms.square) — three students of the showcase school (user names
stu-…, the demo password), a tutor of the showcase county, questions open, answered and adopted, micro-lessons
certified by the printed city admin (one settled, one watched and rated, one waiting for it); the watched one
is an uploaded video in the media storage, the others links."""
from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from lms.core import clock
from lms.demo import names
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.projects import media
from lms.square import rules
from lms.square.models import MicroLesson, MicroView, SquareAnswer, SquareQuestion

QUESTIONS = {
    "数学": ["二次函数 y=x²-4x+3 的顶点坐标和对称轴怎么求？", "已知等腰三角形两边长为 4 和 9，周长是多少？为什么不是 17？",
           "分式方程去分母后为什么要检验？", "一元二次方程根的判别式怎么用来判断根的情况？"],
    "物理": ["浮力的大小和物体浸入液体的深度有关吗？", "滑轮组的机械效率为什么总小于 1？",
           "串联电路中各处电流为什么相等？", "平面镜成像为什么是虚像？"],
}
ANSWERS = {
    "数学": ["配方得 y=(x-2)²-1，所以顶点是 (2,-1)，对称轴是直线 x=2。也可以用顶点公式 x=-b/(2a) 求。",
           "要先检验能否构成三角形：4、4、9 不满足两边之和大于第三边，所以腰只能是 9，周长为 22。"],
    "物理": ["浸没前，深度增加排开液体的体积增加，浮力变大；完全浸没后排开体积不变，浮力不再随深度变化。",
           "因为要克服动滑轮重和摩擦做额外功，有用功总小于总功，所以机械效率小于 1。"],
}
LESSONS = [("一次函数的图像与性质", "初二", "从两点画图入手，八分钟讲清 k、b 对图像的影响。"),
           ("勾股定理的证明", "初二", "用赵爽弦图拼图证明勾股定理，并配两道例题。"),
           ("二次函数的最值问题", "初三", "配方法与顶点公式求最值，结合实际问题的取值范围。")]
VIDEO = "https://basic.smartedu.cn/"  # the national platform where teachers publish their lessons


def _local_tutor(session, ctx) -> User:
    """A teacher of the showcase county (not of the showcase school) who tutors: the printed city admin certifies
    its micro-lessons."""
    from lms.demo.loader import SHOWCASE_COUNTY

    fits = [t for t in ctx.teachers if t.org_unit.code.startswith(SHOWCASE_COUNTY)
            and t.org_unit_id != ctx.showcase_school_id and t.subject in QUESTIONS]
    local = next((t for t in fits if t.has_role("tutor")), fits[0])  # another step may have made one a tutor
    if not local.has_role("tutor"):
        local.role_assignments.append(RoleAssignment(role="tutor", org_unit_id=local.org_unit_id))
    return local


def _students(session, ctx, school: OrgUnit, now) -> list[User]:
    rows = []
    for n in range(1, 4):
        person = User(username=f"stu-{school.code}{n:03d}", name=names.person_name(ctx.rng), org_unit=school,
                      password_hash=ctx.password_hash, must_change_password=False, created_at=now)
        person.role_assignments = [RoleAssignment(role="student", org_unit=school)]
        rows.append(person)
    session.add_all(rows)
    return rows


def _upload_video(lesson: MicroLesson) -> None:
    """A short real WebM in the media storage, as a tutor's upload is (lms.projects.media)."""
    with tempfile.TemporaryDirectory() as folder:
        path = media.make_test_video(Path(folder) / "micro.webm", 6, hue=60)
        lesson.video_key, _size = media.configured_storage().copy_in(path, ".webm")
        lesson.video_type, lesson.video_seconds = "video/webm", media.probe_duration(path)
    lesson.video_url = None


def square_step(session, ctx) -> None:
    now = clock.now()
    school = session.get(OrgUnit, ctx.showcase_school_id)
    students = _students(session, ctx, school, now)
    tutor = _local_tutor(session, ctx)
    other = session.scalar(select(User).where(User.username == "tutor1"))
    session.flush()
    subject = tutor.subject
    asked = [SquareQuestion(student_id=students[i % 3].id, org_unit_id=school.id, subject=subject, body=body,
                            status=rules.OPEN, created_at=now - timedelta(days=6 - i, hours=3))
             for i, body in enumerate(QUESTIONS[subject])]
    session.add_all(asked)
    session.flush()
    first, second = asked[0], asked[1]
    adopted = SquareAnswer(question_id=first.id, tutor_id=tutor.id, body=ANSWERS[subject][0],
                           created_at=first.created_at + timedelta(hours=2))
    if other is not None and other.id != tutor.id:
        session.add(SquareAnswer(question_id=first.id, tutor_id=other.id, body=ANSWERS[subject][0][:30] + "……",
                                 created_at=first.created_at + timedelta(hours=5)))
    adopted.difficulty, adopted.satisfaction = 2, 3
    adopted.points = rules.adoption_points(2, 3)
    adopted.adopted_at = first.adopted_at = first.created_at + timedelta(days=1)
    first.status = rules.ADOPTED
    session.add_all([adopted, SquareAnswer(question_id=second.id, tutor_id=tutor.id, body=ANSWERS[subject][1],
                                           created_at=second.created_at + timedelta(hours=1))])
    city = ctx.admins.get("city")
    lessons = []
    for i, (title, grade, description) in enumerate(LESSONS):
        lesson = MicroLesson(tutor_id=tutor.id, org_unit_id=tutor.org_unit_id, title=title, subject=subject,
                             grade=grade, description=description, video_url=VIDEO, status=rules.PENDING,
                             submitted_at=now - timedelta(days=20 - 5 * i))
        if i < 2:
            lesson.status, lesson.audience = rules.CERTIFIED, 3
            lesson.certifier_id = city.id if city is not None else None
            lesson.decided_at = lesson.submitted_at + timedelta(days=2)
        lessons.append(lesson)
    settled, watched = lessons[0], lessons[1]
    _upload_video(watched)
    session.add_all(lessons)
    session.flush()
    seen = settled.decided_at + timedelta(days=1)
    for student, rating in zip(students, (5, 4, None)):
        session.add(MicroView(lesson_id=settled.id, student_id=student.id, watched_at=seen, rating=rating,
                              rated_at=seen if rating else None))
    session.add(MicroView(lesson_id=watched.id, student_id=students[0].id, watched_at=now - timedelta(days=1),
                          rating=4, rated_at=now - timedelta(days=1)))
    points = rules.lesson_points(3, settled.audience, [5, 4])
    settled.status, settled.settled_at = rules.SETTLED, now - timedelta(days=2)
    settled.participation_points, settled.quality_points = points.participation, points.quality
    session.flush()
