"""Pure rules of assignments: question shapes, quiz scoring, the length of a written answer.

Problems are returned as ``{field: message}`` with English messages marked for translation by the
caller's ``_`` (passed in), so the web layer reports every bad field at once.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from lms.originality.normalize import visible_length

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
    """Characters that count towards the minimum length: everything but whitespace and invisible
    (default-ignorable) characters, so padding with Hangul fillers or zero-width spaces adds nothing."""
    return visible_length(text)
