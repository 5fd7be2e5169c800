"""Appointment letters (聘书): computed from who serves a project, drawn on the certificates' framed page.

The issuer is the project's issuing body (the certificates' issuer setting: the province's own name unless a
province admin set another), so letters and certificates of one project carry the same name."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.certificates import services as certificates
from lms.certificates.pdf import framed_page, text_width
from lms.core import clock
from lms.core.errors import Conflict, Forbidden, NotFound
from lms.letters import policies, queries, rules
from lms.org.models import User
from lms.projects.models import Project

# framed_page draws each line centred at 15 pt on a landscape A4 page inside a frame 277 mm wide.
LINE_SIZE = 15
LINE_WIDTH = 650  # points, about 230 mm
ROLE_NAMES = {rules.TUTOR: _l("Tutor of the training"), rules.EXPERT: _l("Expert of the training")}


def key() -> bytes:
    return str(current_app.secret_key or "").encode()


@dataclass(frozen=True)
class Letter:
    role: str
    person: User
    project: Project
    duties: rules.Duties
    code: str
    issuer: str

    @property
    def role_name(self) -> str:
        return str(ROLE_NAMES[self.role])

    @property
    def issued_on(self):
        return self.duties.starts_on or self.project.created_at.astimezone(clock.local_tz()).date()

    def filename(self) -> str:
        return f"letter-{self.role}-{self.project.id}-{self.person.id}.pdf"

    def to_dict(self) -> dict:
        return {"code": self.code, "role": self.role, "role_name": self.role_name,
                "project": {"id": self.project.id, "code": self.project.code, "name": self.project.name},
                "person": {"id": self.person.id, "name": self.person.name,
                           "org_unit": self.person.org_unit.name},
                "classes": list(self.duties.classes), "reviews": list(self.duties.reviews),
                "starts_on": self.duties.starts_on.isoformat() if self.duties.starts_on else None,
                "ends_on": self.duties.ends_on.isoformat() if self.duties.ends_on else None,
                "issuer": self.issuer, "issued_on": self.issued_on.isoformat(),
                "pdf_url": url_for("letters.download", project_id=self.project.id, role=self.role,
                                   user_id=self.person.id),
                "verify_url": verify_url(self.code)}


def verify_url(code: str) -> str:
    return url_for("letters.check", code=code, _external=True)


def _letters(session, project: Project, user_id: int | None = None) -> list[Letter]:
    found = queries.duties(session, project.id, user_id)
    people = queries.users(session, {person for _role, person in found})
    issuer = certificates.issuing_body(session, project)
    letters = [Letter(role, people[person], project, duties, rules.code_of(key(), role, project.id, person), issuer)
               for (role, person), duties in found.items() if person in people]
    return sorted(letters, key=lambda x: (x.role != rules.TUTOR, x.person.org_unit.name, x.person.name,
                                          x.person.id))


def project_letters(session, actor, project: Project) -> list[Letter]:
    """The project's letters of the tutors and experts in the actor's subtree."""
    return [x for x in _letters(session, project) if policies.covers_person(actor, x.person)]


def own_letters(session, user: User) -> list[Letter]:
    """The user's own letters, one per project and role it serves."""
    return [x for project in queries.projects_of(session, user.id) for x in _letters(session, project, user.id)]


def letter_for(session, actor, project: Project, role: str, user_id: int) -> Letter:
    """One person's letter of ``role`` in the project, for the person or an admin above it."""
    if role not in rules.ROLES:
        raise NotFound(_("No such appointment letter."))
    person = session.get(User, user_id)
    if person is None:
        raise NotFound(_("No such appointment letter."))
    if not policies.can_download(actor, person):
        raise Forbidden(_("Only the appointee and the admins above it download this letter."))
    found = next((x for x in _letters(session, project, user_id) if x.role == role), None)
    if found is None:
        raise NotFound(_("%(name)s holds no such appointment in this project.", name=person.name))
    return found


def _names(names, say) -> str:
    """``say(listed)`` with as many of ``names`` as fit the page's line ("and N more" for the rest)."""
    for limit in range(rules.NAMES_SHOWN, 0, -1):
        shown, more = rules.shown(names, limit)
        line = say(_(", ").join(shown) + (_(" and %(n)d more", n=more) if more else ""))
        if text_width(line, LINE_SIZE) <= LINE_WIDTH:
            break
    return line


def _cut(line: str) -> str:
    """A line too long for the page (a very long name), cut with an ellipsis."""
    if text_width(line, LINE_SIZE) <= LINE_WIDTH:
        return line
    while line and text_width(line + "…", LINE_SIZE) > LINE_WIDTH:
        line = line[:-1]
    return line + "…"


def lines(letter: Letter) -> list[str]:
    """What the letter says, one centred line each, each within the page's width."""
    person, duties = letter.person, letter.duties
    out = [_("%(name)s (%(unit)s):", name=person.name, unit=person.org_unit.name),
           _("is appointed %(role)s of %(project)s (%(code)s)", role=letter.role_name,
             project=letter.project.name, code=letter.project.code)]
    if duties.classes:
        out.append(_names(duties.classes, lambda listed: _("tutoring the classes %(names)s", names=listed)
                          if letter.role == rules.TUTOR
                          else _("answering questions in the classes %(names)s", names=listed)))
    if duties.reviews:
        out.append(_names(duties.reviews, lambda listed: _("reviewing the courses %(names)s", names=listed)))
    if duties.starts_on:
        out.append(_("for the term from %(start)s to %(end)s.", start=duties.starts_on.isoformat(),
                     end=duties.ends_on.isoformat()))
    out.append(_("Issued by %(issuer)s", issuer=letter.issuer))
    return [_cut(line) for line in out]


def render(letter: Letter) -> bytes:
    return framed_page(_("Letter of appointment"), 30, lines(letter), letter.issued_on, letter.code,
                       verify_url(letter.code))


def zip_of(session, actor, project: Project) -> bytes:
    """The project's letters of the actor's subtree as one zip of PDFs."""
    letters = project_letters(session, actor, project)
    if not letters:
        raise Conflict("nothing_to_zip", _("No tutor or expert of your area serves this project."))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for letter in letters:
            archive.writestr(letter.filename(), render(letter))
    return out.getvalue()


@dataclass(frozen=True)
class Check:
    code: str
    genuine: bool
    role: str | None = None
    person: User | None = None
    project: Project | None = None
    letter: Letter | None = None  # None for a genuine code whose ground has gone

    def to_dict(self) -> dict:
        return {"code": self.code, "genuine": self.genuine, "valid": self.letter is not None,
                "role": self.role, "role_name": str(ROLE_NAMES[self.role]) if self.role else None,
                "name": self.person.name if self.person else None,
                "org_unit": self.person.org_unit.name if self.person else None,
                "project": self.project.name if self.project else None,
                "project_code": self.project.code if self.project else None,
                "lines": lines(self.letter) if self.letter else []}


def not_genuine_message() -> str:
    return _("No appointment letter has this code.")


def check(session, code: str) -> Check:
    """Anyone checks a code: genuine or not, and whether today's data still bear the appointment out."""
    shown_code = (code or "").strip()[:rules.CODE_MAX]
    found = rules.read_code(key(), shown_code)
    if found is None:
        return Check(shown_code, False)
    role, project_id, user_id = found
    person, project = session.get(User, user_id), session.get(Project, project_id)
    if person is None or project is None:
        return Check(shown_code, False)
    letter = next((x for x in _letters(session, project, user_id) if x.role == role), None)
    return Check(shown_code, True, role, person, project, letter)
