"""The API's dictionaries of questions, answers and micro-lessons (what a caller may see of them)."""
from __future__ import annotations

from flask import url_for

from lms.square import queries, rules


def _when(value):
    return value.isoformat() if value else None


def answer_dict(a) -> dict:
    return {"id": a.id, "tutor": {"id": a.tutor.id, "name": a.tutor.name}, "body": a.body,
            "created_at": a.created_at.isoformat(), "adopted": a.adopted_at is not None,
            "adopted_at": _when(a.adopted_at), "difficulty": a.difficulty, "satisfaction": a.satisfaction,
            "points": a.points}


def question_dict(q, with_answers: bool = True) -> dict:
    return {"id": q.id, "student": {"id": q.student.id, "name": q.student.name},
            "school": {"id": q.org_unit.id, "name": q.org_unit.name}, "subject": q.subject, "body": q.body,
            "status": q.status, "created_at": q.created_at.isoformat(), "adopted_at": _when(q.adopted_at),
            "image_url": url_for("square_api.question_image", question_id=q.id) if q.image_name else None,
            "video_url": url_for("square_api.question_video", question_id=q.id) if q.video_key else None,
            "video_seconds": q.video_seconds,
            "answer_count": len(q.answers), "answers": [answer_dict(a) for a in q.answers] if with_answers else []}


def lesson_dict(m, figures: tuple[int, list[int]]) -> dict:
    points = queries.lesson_points(m, figures)
    return {"id": m.id, "tutor": {"id": m.tutor.id, "name": m.tutor.name},
            "unit": {"id": m.org_unit.id, "name": m.org_unit.name}, "title": m.title, "subject": m.subject,
            "grade": m.grade, "description": m.description, "video_url": m.video_url,
            "video_file_url": url_for("square_api.lesson_video", lesson_id=m.id) if m.video_key else None,
            "video_seconds": m.video_seconds,
            "status": m.status, "reason": m.reason, "audience": m.audience, "submitted_at": m.submitted_at.isoformat(),
            "decided_at": _when(m.decided_at), "settled_at": _when(m.settled_at), "watchers": figures[0],
            "ratings": len(figures[1]),
            "points": {"participation": points.participation, "quality": points.quality, "total": points.total,
                       "settled": m.status == "settled"} if points else None}


def progress_dict(view, lesson, with_student: bool = False, quiz_answer=None) -> dict:
    """A student's progress through a lesson (a view row, or None: not watched yet)."""
    found = {"lesson_id": lesson.id, "watching": view is not None,
             "watched_at": _when(view.watched_at) if view else None,
             "last_seen_at": _when(view.last_report_at or view.watched_at) if view else None,
             "seconds_watched": view.seconds_watched if view else 0,
             "furthest_seconds": view.furthest_seconds if view else 0,
             "watched_percent": rules.watched_percent(view.furthest_seconds if view else 0, lesson.video_seconds),
             "completed": bool(view and view.completed_at), "completed_at": _when(view.completed_at) if view else None,
             "rating": view.rating if view else None}
    if with_student:
        found["student"] = {"id": view.student.id, "name": view.student.name}
        found["quiz"] = quiz_answer_dict(quiz_answer) if quiz_answer else None
    return found


def post_dict(p) -> dict:
    return {"id": p.id, "lesson_id": p.lesson_id, "author": {"id": p.author.id, "name": p.author.name},
            "body": p.body, "created_at": p.created_at.isoformat(), "hidden": p.hidden_at is not None}


def quiz_answer_dict(a) -> dict:
    return {"score": a.score, "total": a.total, "choices": a.choices, "answered_at": a.answered_at.isoformat()}


def quiz_dict(quiz, lesson, *, show_correct: bool, answer=None) -> dict:
    """A lesson's quiz; the correct options only to those who follow the lesson's students and to a student who has
    answered (with its own answer)."""
    return {"lesson_id": lesson.id, "updated_at": quiz.updated_at.isoformat(),
            "questions": [{"text": q.text, "options": list(q.options),
                           "correct": q.correct if show_correct or answer else None} for q in quiz.items],
            "answer": quiz_answer_dict(answer) if answer else None}
