"""The appointment letters API (docs/API.md "Appointment letters"): a project's letters in an admin's subtree and
their zip, one's own letters, a letter's PDF, and the public check of a code."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user
from pydantic import Field

from lms.core.errors import NotFound
from lms.extensions import db
from lms.letters import policies, queries, services
from lms.web.api import ApiModel, endpoint

bp = Blueprint("letters_api", __name__, url_prefix="/api/v1")
PROJECT = {"project": queries.project}


class ProjectRef(ApiModel):
    id: int
    code: str
    name: str


class PersonRef(ApiModel):
    id: int
    name: str
    org_unit: str


class LetterOut(ApiModel):
    """An appointment letter (聘书), computed from the project's classes, Q&A sessions and course reviews."""
    code: str = Field(description="The verification code printed on the letter")
    role: str = Field(description="tutor or expert")
    role_name: str = Field(description="The role in words (辅导教师 / 专家)")
    project: ProjectRef
    person: PersonRef
    classes: list[str] = Field(description="A tutor's classes; an expert's classes of Q&A sessions")
    reviews: list[str] = Field(description="An expert's courses of the project it reviews")
    starts_on: str | None = Field(None, description="YYYY-MM-DD: the term's start (the earliest batch served)")
    ends_on: str | None = Field(None, description="YYYY-MM-DD: the term's end (the latest batch served)")
    issuer: str = Field(description="The issuing body, as printed (the project's certificate issuer)")
    issued_on: str = Field(description="YYYY-MM-DD")
    pdf_url: str
    verify_url: str


class LetterList(ApiModel):
    items: list[LetterOut]


class LetterCheck(ApiModel):
    """What anyone may read of a letter by its code."""
    code: str
    genuine: bool = Field(description="The code was made by this product")
    valid: bool = Field(description="Genuine, and today's data still bear the appointment out")
    role: str | None
    role_name: str | None
    name: str | None
    org_unit: str | None
    project: str | None
    project_code: str | None
    lines: list[str] = Field(description="What the letter says today, when valid")


@bp.get("/projects/<int:project_id>/letters")
@endpoint(summary="A project's appointment letters of the tutors and experts in the caller's subtree (admins)",
          response=LetterList, errors=("403:forbidden", "404:not_found"), load=PROJECT, allow=policies.LIST)
def project_letters(project):
    return {"items": [x.to_dict() for x in services.project_letters(db.session, current_user, project)]}


@bp.get("/projects/<int:project_id>/letters.zip")
@endpoint(summary="A project's appointment letters in the caller's subtree as one zip of PDFs (admins)",
          produces="application/zip", errors=("403:forbidden", "404:not_found", "409:nothing_to_zip"),
          load=PROJECT, allow=policies.LIST)
def project_zip(project):
    return Response(services.zip_of(db.session, current_user, project), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="letters-{project.id}.zip"'})


@bp.get("/projects/<int:project_id>/letters/<role>/<int:user_id>.pdf")
@endpoint(summary="One appointment letter as a PDF: the appointee's own, or one of an admin's subtree",
          produces="application/pdf", errors=("403:forbidden", "404:not_found"), load=PROJECT)
def letter_pdf(project, role: str, user_id: int):
    letter = services.letter_for(db.session, current_user, project, role, user_id)
    return Response(services.render(letter), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{letter.filename()}"'})


@bp.get("/me/letters")
@endpoint(summary="The caller's own appointment letters, one per project and role it serves", response=LetterList)
def my_letters():
    return {"items": [x.to_dict() for x in services.own_letters(db.session, current_user)]}


@bp.get("/letters/<code>")
@endpoint(summary="Check an appointment letter's code (public): genuine, and whether the appointment still stands",
          public=True, response=LetterCheck, errors=("404:not_found",))
def verify(code: str):
    result = services.check(db.session, code)
    if not result.genuine:
        raise NotFound(services.not_genuine_message())
    return result.to_dict()
