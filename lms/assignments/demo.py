"""Demo step: a quiz and a written assignment per course, submissions from a sample of learners of
batches 8 (ended, reviewed) and 9 (running), one of them a suspected copy awaiting its tutor, and a
reference text in the corpus. Everything goes through the services, so each report is real."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.assignments import papers, schemas, services
from lms.assignments.models import Assignment, Submission
from lms.core import clock
from lms.enrollment.models import Enrollment
from lms.originality import services as originality
from lms.projects.models import Batch, Course, TrainingClass

SUBMITTERS_PER_BATCH = 24  # enough to fill a tutor's queue, few enough to load in seconds
QUIZ = [
    {"type": "single", "text": "新课标强调的核心素养导向主要体现在哪一方面？",
     "options": ["知识点的覆盖面", "真实情境中的问题解决", "练习题的数量"], "answer": [1], "points": 4},
    {"type": "multiple", "text": "下列哪些属于大单元教学设计的要素？",
     "options": ["单元目标", "学习任务", "持续性评价", "统一的课时数"], "answer": [0, 1, 2], "points": 4},
    {"type": "truefalse", "text": "作业设计应当兼顾基础性与选择性。", "options": ["对", "错"], "answer": [0], "points": 2},
]
PROMPT = "请结合本课程的学习内容和你的教学实践，写一篇不少于300字的研修心得，说明你将如何改进自己的课堂。"
# Essays are drawn word by word from a vocabulary of the field: two learners share a run of 13
# characters (four or five words in a row) only by copying, so the demo's verdicts mean something.
OPENINGS = ["在本次培训中", "回顾自己的课堂", "结合学校实际", "通过课例研讨", "对照课程标准", "反思近期教学"]
WORDS = ("课堂 提问 情境 任务 学生 教师 目标 评价 作业 分层 合作 探究 反思 单元 整体 设计 实践 素养 核心 "
         "概念 理解 迁移 表达 思维 层次 开放 生成 资源 工具 板书 小结 练习 反馈 及时 精准 差异 个性 兴趣 "
         "习惯 方法 策略 路径 载体 活动 体验 讨论 展示 交流 倾听 追问 等待 鼓励 支持 引导 示范 规范 标准 "
         "课程 教材 学情 分析 诊断 改进 调整 优化 提升 落实 推进 融合 信息 技术 数据 平台 智慧 教研 备课 "
         "听课 评课 磨课 同伴 互助 成长 专业 发展 阅读 写作 计算 实验 观察 记录 项目 主题 跨学科 大概念 "
         "真实 问题 解决 创造 批判 审辩 沟通 协作 责任 担当 家校 共育 心理 健康 安全 品德 劳动 审美 "
         "运动 科学 人文 数学 语文 英语 道德 法治 历史 地理 物理 化学 生物 音乐 美术 体育").split()
REFERENCE = ("课堂提问是教师引导学生思维发展的重要手段。好的问题应当指向学习目标，具有一定的开放性和层次性，"
             "能够激发学生的探究兴趣。教师在设计问题时，要充分考虑学生已有的知识经验，给学生留出思考和表达的时间，"
             "并根据学生的回答及时调整教学节奏。")


def _essay(rng, sentences: int = 18) -> str:
    return "".join(rng.choice(OPENINGS) + "，" + "".join(rng.choice(WORDS) for _ in range(rng.randint(5, 8))) + "。"
                   for _ in range(sentences))


def assignments_step(session, ctx) -> None:
    rng = ctx.rng
    originality.add_reference(session, None, title="课堂提问的设计与实施", text=REFERENCE, source="教学研究，2021年第3期")
    written = {}
    for course in session.scalars(select(Course).order_by(Course.id)):
        services.create_assignment(session, None, course, schemas.ObjectiveIn(kind="objective", title="单元测验",
                                                                              questions=QUIZ))
        written[course.id] = services.create_assignment(session, None, course, schemas.SubjectiveIn(
            kind="subjective", title="研修心得", prompt=PROMPT, min_chars=300))
    session.flush()
    for number in (8, 9):
        rows = session.execute(select(Enrollment, TrainingClass, Batch)
                               .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
                               .join(Batch, Enrollment.batch_id == Batch.id)
                               .where(Batch.number == number, Enrollment.status == "active")
                               .order_by(Enrollment.id)).all()
        sample = rng.sample(rows, min(SUBMITTERS_PER_BATCH, len(rows)))
        for i, (enrollment, klass, batch) in enumerate(sample):
            # Batch 8 has ended: its learners handed in on its penultimate day.
            moment = clock.now() if number == 9 else services.deadline(batch) - timedelta(days=1)
            _hand_in(session, rng, enrollment, klass, written[klass.course_id], moment,
                     copy_from=sample[0][0] if (number == 9 and i == 1) else None)


def _hand_in(session, rng, enrollment, klass, assignment, moment, copy_from=None) -> None:
    learner = enrollment.teacher
    with clock.frozen_at(moment):
        text = _essay(rng)
        if copy_from is not None:  # the demo's suspected copy: most of an earlier learner's essay
            earlier = session.scalar(select(Enrollment).where(Enrollment.id == copy_from.id))
            source = session.scalar(select(Submission.text).where(Submission.enrollment_id == earlier.id,
                                                                  Submission.kind == "subjective"))
            text = (source or "")[: len(source or "") * 2 // 3] + text[:150]
        elif rng.random() < 0.3:
            text = REFERENCE[:40] + text  # a quoted-without-marks sentence of the reference text
        submission = services.submit(session, learner, assignment,
                                     schemas.SubmissionIn(enrollment_id=enrollment.id, text=text))
        quiz = session.scalar(select(Assignment).where(Assignment.course_id == assignment.course_id,
                                                       Assignment.kind == "objective"))
        meant = [[1], rng.choice([[0, 1, 2], [0, 1]]), rng.choice([[0], [1]])]  # options as the quiz lists them
        paper = papers.paper_of(session, quiz, enrollment, draw=True)  # the learner's own order of them
        answers = [sorted(item["order"].index(k) for k in chosen) for item, chosen in zip(paper, meant)]
        services.submit(session, learner, quiz, schemas.SubmissionIn(enrollment_id=enrollment.id, answers=answers))
        if moment < services.deadline(klass.batch) - timedelta(hours=1) and klass.batch.number == 8 and klass.tutors:
            services.review(session, klass.tutors[0], submission, klass,
                            schemas.ReviewIn(score=rng.randint(70, 96), excellent=rng.random() < 0.15,
                                             comment="结构清晰，联系实际。"))
