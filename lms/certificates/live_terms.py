"""Live research's semester e-certificates (000 L60: "指导教师与学员教师均可在每个学期末下载研修电子证书"): a
star tutor's, a star learner's, a tutor's term of service and every learner's term of study (its sessions, counted
minutes and recorded 学时), on the certificates' framed page.

They live here, not in lms.live, because the certificates' PDF and font helpers lie above live in the layer order
(.importlinter): this module reads live's figures (lms.live.statements) and draws them. Nothing is stored: the
code names the kind, the term and the person with an HMAC, and the check page recomputes from the data, so a
certificate whose ground has gone (a changed star list) says so.
"""
from __future__ import annotations

import hashlib
import hmac
import io
from dataclasses import dataclass

from flask import Blueprint, current_app, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from lms.certificates.pdf import framed_page
from lms.core import clock
from lms.core.errors import Conflict, NotFound
from lms.extensions import db
from lms.live import queries, statements
from lms.live.models import LiveTerm
from lms.org.models import User
from lms.web.pipeline import page

bp = Blueprint("live_certificates", __name__)

STAR_TUTOR, STAR_LEARNER, SERVICE, LEARNER = "star_tutor", "star_learner", "service", "learner"
KINDS = {STAR_TUTOR: "T", STAR_LEARNER: "L", SERVICE: "S", LEARNER: "P"}
TITLES = {STAR_TUTOR: _l("Star tutor of live research"), STAR_LEARNER: _l("Star learner of live research"),
          SERVICE: _l("Certificate of live research tutoring"), LEARNER: _l("Certificate of live research study")}
DIGEST_CHARS = 10


def _digest(kind: str, term_id: int, user_id: int) -> str:
    key = str(current_app.secret_key or "").encode()
    message = f"live:{kind}:{term_id}:{user_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:DIGEST_CHARS].upper()


def code_of(kind: str, term_id: int, user_id: int) -> str:
    """``<kind letter><term>-<person>-<HMAC>``: only the product can make one."""
    return f"{KINDS[kind]}{term_id}-{user_id}-{_digest(kind, term_id, user_id)}"


def read_code(code: str) -> tuple[str, int, int] | None:
    parts = (code or "")[:48].split("-")
    if len(parts) != 3 or len(parts[0]) < 2 or not parts[0][1:].isdigit() or not parts[1].isdigit():
        return None
    kind = next((k for k, letter in KINDS.items() if letter == parts[0][0].upper()), None)
    if kind is None or len(parts[0]) > 12 or len(parts[1]) > 12:
        return None
    term_id, user_id = int(parts[0][1:]), int(parts[1])
    return (kind, term_id, user_id) if hmac.compare_digest(parts[2].upper(), _digest(kind, term_id, user_id)) else None


@dataclass(frozen=True)
class Standing:
    """What a certificate states: the person's figures in the term, None when it has none of this kind."""
    sessions: int
    points: float | None = None
    counted_minutes: int | None = None
    study_hours: int | None = None


def standing(session, kind: str, user: User, term: LiveTerm) -> Standing | None:
    if kind == SERVICE:
        total = next((t for t in statements.tutor_totals(session, term, clock.now()) if t.tutor.id == user.id), None)
        return Standing(total.sessions, points=float(total.points)) if total is not None and total.points > 0 else None
    if kind == LEARNER:
        took_part = statements.learner_total(session, term, user.id, clock.now())
        return None if took_part is None else Standing(took_part.sessions, counted_minutes=took_part.counted_minutes,
                                                       study_hours=took_part.study_hours)
    stars = statements.stars(session, term)
    rows = stars["tutors"] if kind == STAR_TUTOR else stars["learners"]
    row = next((r for r in rows if r["user"]["id"] == user.id), None)
    if row is None:
        return None
    return Standing(row["sessions"], points=row.get("points"), counted_minutes=row.get("counted_minutes"))


def _lines(kind: str, user: User, term: LiveTerm, found: Standing) -> list[str]:
    lines = [_("%(name)s (%(school)s)", name=user.name, school=user.org_unit.name)]
    if kind == SERVICE:
        lines += [_("served as a tutor of live research in %(term)s,", term=term.name),
                  _("with %(n)d sessions and %(points).2f points.", n=found.sessions, points=found.points)]
    elif kind == LEARNER:
        lines += [_("took part in live research in %(term)s:", term=term.name),
                  _("%(n)d sessions, %(minutes)d counted minutes, %(hours)d study hours recorded.",
                    n=found.sessions, minutes=found.counted_minutes, hours=found.study_hours)]
    elif kind == STAR_TUTOR:
        lines += [_("was chosen a star tutor of live research in %(term)s", term=term.name),
                  _("for %(n)d sessions and %(points).2f points.", n=found.sessions, points=found.points)]
    else:
        lines += [_("was chosen a star learner of live research in %(term)s", term=term.name),
                  _("for %(n)d sessions and %(minutes)d counted minutes.", n=found.sessions,
                    minutes=found.counted_minutes)]
    return lines


def _term_over(term: LiveTerm) -> bool:
    return clock.now().astimezone(clock.local_tz()).date() > term.ends_on


def available(session, user: User, term: LiveTerm) -> list[str]:
    """The kinds of certificate ``user`` may download for ``term`` (none before the term is over)."""
    if not _term_over(term):
        return []
    return [kind for kind in (SERVICE, STAR_TUTOR, STAR_LEARNER, LEARNER) if standing(session, kind, user, term) is not None]


def verify_url(code: str) -> str:
    return url_for("live_certificates.verify", code=code, _external=True)


def pdf_response(session, user: User, term: LiveTerm, kind: str):
    """``user``'s own certificate of ``kind`` for the term as a PDF, once the term is over; 404 when it has
    none of this kind, 409 before the term's end. The page and the API (lms.certificates.api) send it."""
    if kind not in KINDS:
        raise NotFound(_("No such certificate."))
    if not _term_over(term):
        raise Conflict("term_not_over", _("The term's certificates are downloaded once it is over (it ends on "
                                          "%(day)s).", day=term.ends_on.isoformat()))
    found = standing(session, kind, user, term)
    if found is None:
        raise NotFound(_("You have no such certificate for this term."))
    code = code_of(kind, term.id, user.id)
    data = framed_page(str(TITLES[kind]), 26, _lines(kind, user, term, found), term.ends_on, code, verify_url(code))
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False,
                     download_name=f"live-{kind}-{term.id}-{user.id}.pdf")


def mine(session, user: User) -> list[dict]:
    """The user's certificates of every term that is over, newest term first: kind, title, code, figures."""
    rows = []
    terms = session.scalars(select(LiveTerm).order_by(LiveTerm.ends_on.desc(), LiveTerm.id.desc()))
    for term in terms:
        if not _term_over(term):
            continue
        for kind in (SERVICE, STAR_TUTOR, STAR_LEARNER, LEARNER):
            found = standing(session, kind, user, term)
            if found is not None:
                rows.append(check_dict(kind, user, term, found, code_of(kind, term.id, user.id)))
    return rows


def check_dict(kind: str, user: User, term: LiveTerm, found: Standing | None, code: str) -> dict:
    """What a term certificate states (``found`` None: today's data no longer bear it out)."""
    return {"code": code, "kind": kind, "title": str(TITLES[kind]), "valid": found is not None,
            "name": user.name, "school": user.org_unit.name,
            "term": {"id": term.id, "name": term.name, "starts_on": term.starts_on.isoformat(),
                     "ends_on": term.ends_on.isoformat()},
            "sessions": found.sessions if found else None, "points": found.points if found else None,
            "counted_minutes": found.counted_minutes if found else None,
            "study_hours": found.study_hours if found else None,
            "lines": _lines(kind, user, term, found) if found else [],
            "verify_url": verify_url(code)}


def check(session, code: str) -> dict:
    """The public check of a code (the API's answer); 404 unless the product made it for a person and term kept."""
    found = read_code(code)
    person = term = None
    if found is not None:
        person, term = session.get(User, found[2]), session.get(LiveTerm, found[1])
    if person is None or term is None:
        raise NotFound(_("No certificate has this code."))
    return check_dict(found[0], person, term, standing(session, found[0], person, term), code.upper())


@bp.get("/live/terms/<int:term_id>/certificates/<kind>.pdf")
@page(load={"term": queries.term_for})
def certificate(term, kind):
    """The caller's own certificate of ``kind`` for the term, once the term is over."""
    return pdf_response(db.session, current_user, term, kind)


@bp.get("/live/certificates/<code>")
@page(public=True, replica=True)
def verify(code):
    """Anyone holding a code checks it: whose it is, for which term, and whether the data still bear it out."""
    found = read_code(code)
    person = term = standing_now = None
    if found is not None:
        kind, term_id, user_id = found
        person, term = db.session.get(User, user_id), db.session.get(LiveTerm, term_id)
        if person is not None and term is not None:
            standing_now = standing(db.session, kind, person, term)
    if person is None or term is None:
        return render_template("certificates/live_verify.html", code=(code or "")[:48], found=None), 404
    return render_template("certificates/live_verify.html", code=code, found=found, person=person, term=term,
                           title=TITLES[found[0]], lines=_lines(found[0], person, term, standing_now)
                           if standing_now else None)
