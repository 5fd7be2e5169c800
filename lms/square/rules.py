"""The question square (答疑广场) and micro-lessons (微课) of the students' tutoring programme: pure rules.

Source: seed 001 (北京市中学教师开放型在线辅导计划), L40 (the question square), L42 (micro-lessons), L48 (the square's
points), L49 (micro-lesson points). docs/RULES.md B13b, B14b.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# --- The question square (001 L40, L48) -----------------------------------------------------------------------
OPEN, ADOPTED = "open", "adopted"
QUESTION_STATUSES = (OPEN, ADOPTED)
MAX_SUBJECT_CHARS = 20
QUESTION_CHARS = (5, 2_000)
ANSWER_CHARS = (5, 4_000)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".webp": "image/webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_QUESTION_VIDEO_SECONDS = 180  # a question's short video (小视频, 001 L40); its bytes: MAX_QUESTION_VIDEO_BYTES
# The student's two judgements when adopting an answer (001 L48: "根据问题难易及解答的满意度支付2-4个积分").
DIFFICULTIES = (1, 2, 3)    # 1 easy, 2 medium, 3 hard
SATISFACTIONS = (1, 2, 3)   # 1 satisfied, 2 very satisfied, 3 fully solved
ADOPTION_POINTS = (2, 4)


def adoption_points(difficulty: int, satisfaction: int) -> int:
    """Points the student pays the adopted answer's tutor (001 L48): 2 for an easy question answered
    satisfactorily, 4 for a hard one fully solved, 3 between — 2 + ⌊(difficulty + satisfaction − 2) / 2⌋.
    Unadopted answers earn nothing (the same line)."""
    if difficulty not in DIFFICULTIES or satisfaction not in SATISFACTIONS:
        raise ValueError("difficulty and satisfaction are 1, 2 or 3")
    return ADOPTION_POINTS[0] + (difficulty + satisfaction - 2) // 2


def text_problem(text: str, bounds: tuple[int, int]) -> str | None:
    """'too_short' / 'too_long' / None for a question's or an answer's text (stripped)."""
    n = len((text or "").strip())
    if n < bounds[0]:
        return "too_short"
    if n > bounds[1]:
        return "too_long"
    return None


def can_be_answered(status: str) -> bool:
    return status == OPEN


# --- Micro-lessons (001 L42, L49) -----------------------------------------------------------------------------
PENDING, CERTIFIED, REJECTED, SETTLED = "pending", "certified", "rejected", "settled"
LESSON_STATUSES = (PENDING, CERTIFIED, REJECTED, SETTLED)
LISTED = (CERTIFIED, SETTLED)  # what students see and watch
GRADES = ("初一", "初二", "初三", "高一", "高二", "高三")
TITLE_CHARS = (2, 100)
MAX_DESCRIPTION_CHARS = 2_000
RATINGS = (1, 2, 3, 4, 5)
PARTICIPATION_POINTS = (20, 40)
QUALITY_POINTS = (6, 10)
# The audience the city expects a certified micro-lesson to reach (the denominator of its participation rate).
AUDIENCE = (1, 100_000)


# A student's progress through a micro-lesson's video (001 L42 "教师可以跟踪学生的学习进度"): the player reports
# every REPORT_SECONDS; the server credits what its own clock allows (as study time is credited: lms.tracking).
REPORT_SECONDS = 15
MAX_REPORT_GAP_SECONDS = 30   # a stretch between two reports credits at most this (a pause, a closed tab)
MAX_PLAYBACK_RATE = 2.0       # the furthest position grows at most this fast per credited second …
POSITION_SLACK_SECONDS = 10   # … plus this much (where the student started, jitter)
COMPLETE_PERCENT = 90         # reached 90 % of the video: completed
POST_CHARS = (2, 1_000)       # a post in a micro-lesson's discussion


@dataclass(frozen=True)
class Progress:
    seconds_watched: int = 0
    furthest_seconds: int = 0
    completed: bool = False


def progress_after(previous: Progress, last_report_at: datetime | None, now: datetime, position: float,
                   played: float, length: int | None) -> Progress:
    """A progress report, judged by the server's clock: the seconds played since the previous report count at most
    the wall-clock seconds since it (and at most MAX_REPORT_GAP_SECONDS; the first report only starts the clock);
    the furthest position never moves back and reaches at most MAX_PLAYBACK_RATE × the seconds credited in all +
    POSITION_SLACK_SECONDS (a seek to the end is not watching it), nor beyond the video's length. Completed once
    the furthest position reaches COMPLETE_PERCENT of a known length, and it stays so."""
    elapsed = 0.0 if last_report_at is None else max(0.0, (now - last_report_at).total_seconds())
    credit = min(max(float(played), 0.0), elapsed, float(MAX_REPORT_GAP_SECONDS))
    seconds = previous.seconds_watched + round(credit)
    reachable = min(max(float(position), 0.0), seconds * MAX_PLAYBACK_RATE + POSITION_SLACK_SECONDS)
    if length:
        reachable = min(reachable, float(length))
    furthest = max(previous.furthest_seconds, int(reachable))
    completed = previous.completed or (watched_percent(furthest, length) or 0) >= COMPLETE_PERCENT
    return Progress(seconds, furthest, completed)


def watched_percent(furthest: int, length: int | None) -> int | None:
    """How far into the video the student got, 0–100 (None: a linked video, whose length is unknown)."""
    if not length:
        return None
    return min(100, furthest * 100 // length)


class LessonRefused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def after_decision(status: str, decision: str) -> str:
    """The city's certification (001 L49 "微课需经市级审核并认证"): a pending micro-lesson is certified or
    rejected; a certified one is settled once (its points fixed); nothing else moves."""
    moves = {(PENDING, "certify"): CERTIFIED, (PENDING, "reject"): REJECTED, (CERTIFIED, "settle"): SETTLED}
    try:
        return moves[(status, decision)]
    except KeyError:
        raise LessonRefused("not_" + {"certify": "pending", "reject": "pending", "settle": "certified"}
                            .get(decision, "known")) from None


def participation_points(watchers: int, audience: int) -> int:
    """20–40 by the students' actual participation rate (001 L49 "根据学生的实际参与率教师会获得20-40个积分"):
    the rate is the distinct students who watched over the audience the city set when it certified the
    micro-lesson, capped at 1; 20 + ⌊20 × rate⌋."""
    if audience < 1 or watchers < 0:
        raise ValueError("audience ≥ 1, watchers ≥ 0")
    low, high = PARTICIPATION_POINTS
    return low + (high - low) * min(watchers, audience) // audience


def quality_points(ratings: list[int] | tuple[int, ...]) -> int:
    """6–10 by the students' rating of its quality (001 L49 "根据学生对微课的质量评价教师会再获得6-10个积分"):
    ratings of 1–5 stars, mean m: 6 + (m − 1) rounded half up; no rating yet: 0 (there is no evaluation)."""
    if not ratings:
        return 0
    if any(r not in RATINGS for r in ratings):
        raise ValueError("ratings are 1–5")
    n, total = len(ratings), sum(ratings)
    return QUALITY_POINTS[0] + (2 * (total - n) + n) // (2 * n)


@dataclass(frozen=True)
class LessonPoints:
    participation: int
    quality: int

    @property
    def total(self) -> int:
        return self.participation + self.quality


def lesson_points(watchers: int, audience: int, ratings) -> LessonPoints:
    return LessonPoints(participation_points(watchers, audience), quality_points(ratings))


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """[first instant, first instant of the next month) — naive; callers attach the zone they count in."""
    if not 1 <= month <= 12:
        raise ValueError("month is 1–12")
    start = datetime(year, month, 1)
    end = datetime(year + (month == 12), month % 12 + 1, 1)
    return start, end


def suffix_of(filename: str) -> str:
    name = (filename or "").lower()
    return name[name.rfind("."):] if "." in name else ""


# --- A micro-lesson's quiz (001 L42 "指导学生开展基于微课的讨论、提问、微测等活动") --------------------------------
QUIZ_QUESTIONS = (1, 10)      # single-choice questions in a quiz
QUIZ_OPTIONS = (2, 6)         # options of each, exactly one correct
QUIZ_TEXT_CHARS = (2, 500)    # a question's text
QUIZ_OPTION_CHARS = (1, 200)  # an option's text


@dataclass(frozen=True)
class QuizQuestion:
    text: str
    options: tuple[str, ...]
    correct: int  # the index of the correct option


def quiz_problems(questions: list[QuizQuestion]) -> dict[str, str]:
    """What is wrong with a quiz, field → code: ``count`` (1–10 questions), ``text`` (too_short / too_long),
    ``options`` (2–6, none empty or too long, none repeated), ``correct`` (not one of the options). A question's
    fields are keyed ``questions.<i>.<field>``; the number of questions ``questions``. Empty: a sound quiz."""
    problems = {}
    if not QUIZ_QUESTIONS[0] <= len(questions) <= QUIZ_QUESTIONS[1]:
        problems["questions"] = "count"
    for i, q in enumerate(questions[:QUIZ_QUESTIONS[1]]):
        code = text_problem(q.text, QUIZ_TEXT_CHARS)
        if code:
            problems[f"questions.{i}.text"] = code
        options = [(o or "").strip() for o in q.options]
        if not QUIZ_OPTIONS[0] <= len(options) <= QUIZ_OPTIONS[1]:
            problems[f"questions.{i}.options"] = "count"
        elif any(text_problem(o, QUIZ_OPTION_CHARS) for o in options):
            problems[f"questions.{i}.options"] = "option_text"
        elif len(set(options)) != len(options):
            problems[f"questions.{i}.options"] = "repeated"
        if not isinstance(q.correct, int) or isinstance(q.correct, bool) or not 0 <= q.correct < len(options):
            problems[f"questions.{i}.correct"] = "not_an_option"
    return problems


@dataclass(frozen=True)
class QuizScore:
    right: tuple[bool, ...]  # question by question

    @property
    def score(self) -> int:
        return sum(self.right)

    @property
    def total(self) -> int:
        return len(self.right)


def choices_problem(questions: list[QuizQuestion], choices: list[int]) -> str | None:
    """'count' (one choice per question, no more, no fewer) / 'not_an_option' / None."""
    if len(choices) != len(questions):
        return "count"
    if any(not isinstance(c, int) or isinstance(c, bool) or not 0 <= c < len(q.options)
           for q, c in zip(questions, choices)):
        return "not_an_option"
    return None


def score_quiz(questions: list[QuizQuestion], choices: list[int]) -> QuizScore:
    """A student's answers scored at once: one point a question whose chosen option is the correct one."""
    if choices_problem(questions, choices):
        raise ValueError("one option of each question")
    return QuizScore(tuple(c == q.correct for q, c in zip(questions, choices)))


def correct_shares(total: int, answers: list[tuple[bool, ...]]) -> list[int | None]:
    """Question by question, the percentage (rounded down) of the students' answers that were right; None for every
    question while no student has answered."""
    if not answers:
        return [None] * total
    return [sum(bool(a[i]) for a in answers) * 100 // len(answers) for i in range(total)]


def parse_quiz_text(text: str) -> list[QuizQuestion]:
    """The tutor's quiz written on one form (a phone has no room for a grid of fields): questions separated by a
    blank line; each one's first line is its text, each further line an option, the correct one marked with a
    leading ``*``. A question with no or several marks gets correct = -1 (quiz_problems then says so)."""
    questions = []
    for block in "\n".join(line.strip() for line in (text or "").splitlines()).split("\n\n"):
        lines = [line for line in block.split("\n") if line]
        if not lines:
            continue
        options, marked = [], []
        for line in lines[1:]:
            if line.startswith("*"):
                marked.append(len(options))
                line = line[1:].strip()
            options.append(line)
        questions.append(QuizQuestion(lines[0], tuple(options), marked[0] if len(marked) == 1 else -1))
    return questions


def quiz_text(questions: list[QuizQuestion]) -> str:
    """A quiz written back in parse_quiz_text's form (to change it on the same form)."""
    return "\n\n".join("\n".join([q.text] + [("*" if i == q.correct else "") + o for i, o in enumerate(q.options)])
                       for q in questions)
