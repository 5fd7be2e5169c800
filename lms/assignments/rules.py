"""Pure rules of assignments: question shapes, quiz scoring, the length of a written answer, each
learner's drawn and shuffled paper, and when a quiz's answers may be revealed.

Problems are returned as ``{field: message}`` with English messages marked for translation by the
caller's ``_`` (passed in), so the web layer reports every bad field at once.
"""
from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from lms.originality.normalize import written_length as characters_written

MAX_OPTIONS = 10
MAX_QUESTIONS = 200


def question_problems(questions: Sequence[dict], _: Callable[..., str]) -> dict[str, str]:
    """Each question's options and correct answer fit its type."""
    problems: dict[str, str] = {}
    if not questions:
        problems["questions"] = _("Add at least one question.")
    for i, q in enumerate(questions):
        where = f"questions.{i}"
        options, answer, kind = q["options"], q["answer"], q["type"]
        if kind == "truefalse" and len(options) != 2:
            problems[f"{where}.options"] = _("A true/false question has exactly two options.")
        elif len(options) < 2:
            problems[f"{where}.options"] = _("Give at least two options.")
        if any(not o.strip() for o in options):
            problems[f"{where}.options"] = _("An option is empty.")
        if len(set(answer)) != len(answer):
            problems[f"{where}.answer"] = _("An option is listed twice.")
        elif any(a < 0 or a >= len(options) for a in answer):
            problems[f"{where}.answer"] = _("The answer names an option that does not exist.")
        elif kind in ("single", "truefalse") and len(answer) != 1:
            problems[f"{where}.answer"] = _("Exactly one option is correct.")
        elif not answer:
            problems[f"{where}.answer"] = _("Mark at least one correct option.")
    return problems


def answer_problems(questions: Sequence[dict], answers: Sequence[Sequence[int]],
                    _: Callable[..., str]) -> dict[str, str]:
    """One list of chosen option indices per question, in order; an empty list leaves it unanswered."""
    if len(answers) != len(questions):
        return {"answers": _("Give one answer (a list of option numbers) for each of the %(n)d questions.",
                             n=len(questions))}
    problems: dict[str, str] = {}
    for i, (q, chosen) in enumerate(zip(questions, answers)):
        if len(set(chosen)) != len(chosen) or any(c < 0 or c >= len(q["options"]) for c in chosen):
            problems[f"answers.{i}"] = _("Choose among the question's options, each once.")
        elif q["type"] != "multiple" and len(chosen) > 1:
            problems[f"answers.{i}"] = _("Choose one option.")
    return problems


def score_percent(questions: Sequence[dict], answers: Sequence[Sequence[int]]) -> float:
    """Points for exactly the correct set of options (no part marks for a multiple choice), as a
    percentage of all points, to two decimals."""
    total = sum(q["points"] for q in questions)
    earned = sum(q["points"] for q, chosen in zip(questions, answers) if set(chosen) == set(q["answer"]))
    return round(100 * earned / total, 2) if total else 0.0


def correct_flags(questions: Sequence[dict], answers: Sequence[Sequence[int]]) -> list[bool]:
    return [set(chosen) == set(q["answer"]) for q, chosen in zip(questions, answers)]


def written_length(text: str) -> int:
    """Characters written, what the minimum length counts (docs/ORIGINALITY.md, "Characters written"):
    letters and numbers, each character once; punctuation, spaces, symbols and invisible characters
    (zero-width spaces, Hangul fillers) add nothing. The editor's counter applies the same rule."""
    return characters_written(text)


# --- papers: a quiz that cannot be copied ---------------------------------------------------------

def paper_seed(secret: str, assignment_id: int, enrollment_id: int) -> int:
    """The seed of one learner's paper: fixed for the attempt (a reload draws the same paper), not
    guessable without the server's secret (a learner cannot work out another's paper)."""
    digest = hmac.new(secret.encode(), f"paper:{assignment_id}:{enrollment_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") >> 1  # fits a signed 64-bit column


def draw_paper(pool: Sequence[dict], count: int | None, seed: int, *, keep_order: bool = False) -> list[dict]:
    """One learner's paper: ``count`` questions drawn from ``pool`` (all when None), each with its
    options shuffled and its answer renumbered to the shuffled options.

    Each item keeps ``source`` (the pool index or the bank question's ``id``) and ``order`` (the
    original index of each shown option) so the paper can be traced back. A drawn paper comes in the
    draw's order; ``keep_order`` keeps the author's order (a quiz with its own fixed questions). A
    true/false question keeps its two options in place: their order is a convention, and copying by
    position gains nothing there that copying by text would not.
    """
    sources = [q.get("id", i) for i, q in enumerate(pool)]
    # Each question's rank and shuffle depend on the seed and that question alone: a bank question added
    # or removed changes a paper only when it is, or would rank, on it.
    ranked = sorted(range(len(pool)), key=lambda i: _draw_key(seed, sources[i]))
    n = len(pool) if count is None else max(0, min(count, len(pool)))
    chosen = sorted(ranked[:n]) if keep_order else ranked[:n]
    paper = []
    for i in chosen:
        q = pool[i]
        order = list(range(len(q["options"])))
        if q["type"] != "truefalse":
            random.Random(_draw_key(seed, sources[i], "options")).shuffle(order)
        paper.append({"source": sources[i], "type": q["type"], "text": q["text"], "points": q["points"],
                      "options": [q["options"][k] for k in order], "order": order,
                      "answer": sorted(order.index(a) for a in q["answer"])})
    return paper


def _draw_key(seed: int, source, what: str = "rank") -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{what}:{source}".encode()).digest()[:8], "big")


def identity_paper(questions: Sequence[dict]) -> list[dict]:
    """The paper of an answer handed in before papers were drawn: the quiz as it stood, unshuffled."""
    return [{"source": i, "type": q["type"], "text": q["text"], "points": q["points"], "options": list(q["options"]),
             "order": list(range(len(q["options"]))), "answer": list(q["answer"])} for i, q in enumerate(questions)]


def answers_may_be_revealed(now: datetime, closing_times: Iterable[datetime]) -> bool:
    """A quiz's correct answers may be shown to a learner only once every batch that takes the same
    questions (every class of the course) has closed it: no running or future batch still has it open."""
    return all(now >= closes for closes in closing_times)
