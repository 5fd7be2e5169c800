"""A tutor's library entry as the API and the pages show it."""
from __future__ import annotations

from lms.tutors.models import TutorApplication


def tutor_dict(profile: TutorApplication, upcoming) -> dict:
    return {"id": profile.user_id, "name": profile.applicant.name, "school": profile.org_unit.name,
            "subjects": list(profile.subjects), "stages": list(profile.stages), "topics": list(profile.topics),
            "introduction": profile.introduction, "achievements": profile.achievements,
            "sample_url": profile.sample_url, "sample_video": profile.sample_video_dict(),
            "approved_at": profile.approved_at.isoformat(),
            "upcoming": [s.to_dict() for s in upcoming]}
