"""The API's dictionaries of questions, answers and micro-lessons (what a caller may see of them)."""
from __future__ import annotations

from flask import url_for

from lms.square import queries


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
