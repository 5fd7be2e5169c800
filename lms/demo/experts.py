"""Demo step: the province's expert pool with profiles, the demo city's own selection from it, and a local course
of that city in expert review — one expert has approved it, the printed demo expert still has to evaluate it — and
another local course, published, whose lesson the city then corrected: it is back with its experts (E2a)."""
from __future__ import annotations

from sqlalchemy import select

from lms.core import clock
from lms.demo import names
from lms.experts import services as experts
from lms.org.models import RoleAssignment, User
from lms.projects import lessons
from lms.projects import services as projects

# (username, subject, stage, professional title, organisation, specialty); expert4 and expert5 are the tree's.
POOL = (
    ("expert4", "数学", "初中", "正高级教师", "江苏省教育科学研究院", "初中数学课程标准与单元教学设计"),
    ("expert5", "语文", "小学", "特级教师", "南京师范大学附属小学", "整本书阅读与习作教学"),
    ("expert6", "英语", "高中", "教授", "南京师范大学外国语学院", "高中英语读写结合教学"),
    ("expert7", "数学", "小学", "高级教师", "苏州市教育科学研究院", "小学数学思维训练"),
    ("expert8", "物理", "高中", "正高级教师", "江苏省南京师范大学附属中学", "物理实验教学与数字化实验"),
    ("expert9", "信息技术", "初中", "副教授", "江苏第二师范学院", "人工智能教育与编程教学"),
)
LOCAL_COURSE = {"title": "乡土数学：家乡的桥与几何", "subject": "数学", "stage": "初中", "required_minutes": 240,
                "description": "以本市古桥为素材的初中几何拓展课程：测量、相似三角形与拱形结构。"}
READING = ("第一讲 从古桥到相似三角形",
           "## 学习目标\n\n- 用相似三角形测量桥高\n- 设计一次校外测量活动\n\n"
           "本讲以城区古桥为例，介绍利用影长与标杆测量高度的方法，并给出课堂活动设计。", 30)


def experts_step(session, ctx) -> None:
    now = clock.now()
    province_admin = ctx.admins["province"]
    for username, *_rest in POOL:
        if session.scalar(select(User.id).where(User.username == username)) is None:
            person = User(username=username, name=names.person_name(ctx.rng), org_unit=ctx.province,
                          password_hash=ctx.password_hash, must_change_password=False, created_at=now)
            person.role_assignments = [RoleAssignment(role="expert", org_unit=ctx.province)]
            session.add(person)
    session.flush()
    profiles = {}
    for username, subject, stage, title, organisation, specialty in POOL:
        profiles[username] = experts.add_to_pool(session, province_admin, username, {
            "subject": subject, "stage": stage, "title": title, "organisation": organisation, "specialty": specialty,
            "introduction": f"{organisation}{title}，长期从事{specialty}研究，参与省级课程资源审核。"})
    city_admin = ctx.admins["city"]
    for username in ("expert4", "expert5", "expert7"):
        experts.select_expert(session, city_admin, profiles[username])
    course = projects.create_course(session, city_admin, **LOCAL_COURSE)
    lessons.add_reading(session, city_admin, course, *READING)  # E3a: the city writes its own course's lessons
    review = experts.submit(session, city_admin, course, "本市组织录制的乡土课程，请专家审核。")
    # the city assigns from its own selection: the printed demo expert (expert4) and expert5
    experts.assign(session, city_admin, review, [profiles["expert4"].id, profiles["expert5"].id])
    experts.evaluate(session, profiles["expert5"].user, review,
                     {"accuracy": 5, "curriculum_fit": 4, "production": 4},
                     "素材贴近学生生活，几何知识准确；建议补充测量误差的讨论。", "approve")
    # E2a: a published local course whose lesson the city corrected afterwards: re-reviewed by the experts who
    # approved it (they have a notice), marked in the catalogue meanwhile
    bridges = projects.create_course(session, city_admin, **{**LOCAL_COURSE, "title": "乡土语文：家乡的桥与诗文",
                                                             "subject": "语文", "stage": "小学"})
    first = lessons.add_reading(session, city_admin, bridges, "第一讲 古桥诗文诵读", "## 诵读\n\n《枫桥夜泊》。", 20)
    approved = experts.submit(session, city_admin, bridges, None)
    experts.assign(session, city_admin, approved, [profiles["expert5"].id, profiles["expert7"].id])
    for username in ("expert5", "expert7"):
        experts.evaluate(session, profiles[username].user, approved, {"accuracy": 5, "curriculum_fit": 5,
                                                                      "production": 4}, None, "approve")
    experts.publish(session, province_admin, approved)
    lessons.edit_lesson(session, city_admin, first, {"body": "## 诵读\n\n《枫桥夜泊》《题临安邸》。"})
    # a draft of the same city, not yet sent
    projects.create_course(session, city_admin, title="本市教师信息技术应用能力提升（草稿）", subject="信息技术",
                           stage="初中", required_minutes=120)
    session.flush()
