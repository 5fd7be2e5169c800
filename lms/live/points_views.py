"""Live research points pages: a tutor's statement, the admins' term settlement (and its sheet), the term's stars,
and an open lesson review's report (docs/LIVE.md "Points and payment")."""
from __future__ import annotations

import io
from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.core import clock
from lms.core.errors import NotFound
from lms.extensions import db
from lms.live import forms, points, policies, queries, sheets, statements, views
from lms.org.forms import TITLE_LABELS
from lms.web.pipeline import page

bp = Blueprint("live_points", __name__)

NOTE_LABELS = {points.SAME_PLACE_ONLY: _l("only learners of the tutor's own school or district: no points"),
               points.NO_COUNTED_TIME: _l("no counted minutes in the room"),
               points.AWAITING_FEEDBACK: _l("performance points follow the learners' feedback"),
               points.NO_DISCUSSION: _l("not present for 45 minutes of the discussion"),
               points.NO_REPORT: _l("no review report recorded yet")}


def _term():
    term = queries.chosen_term(db.session, request.args.get("term", type=int),
                               clock.now().astimezone(clock.local_tz()).date())
    if term is None:
        raise NotFound(_("No terms are kept yet: the province's admins add them on the calendar page."))
    return term


def _render(template: str, term, **context):
    # The term's e-certificates (lms.certificates.live_terms) are linked once the term is over.
    term_over = clock.now().astimezone(clock.local_tz()).date() > term.ends_on
    return render_template(template, term=term, terms=queries.terms(db.session), labels=forms.FORM_LABELS,
                           title_labels=TITLE_LABELS, note_labels=NOTE_LABELS, term_over=term_over, **context)


def _statement_page(tutor):
    term = _term()
    data = statements.statement(db.session, current_user, tutor, term)
    starts = {x["session"]["id"]: datetime.fromisoformat(x["session"]["starts_at"]) for x in data["sessions"]}
    return _render("live/statement.html", term, data=data, starts=starts, own=tutor.id == current_user.id)


@bp.get("/live/statement")
@page()
def my_statement():
    return _statement_page(current_user)


@bp.get("/live/tutors/<int:tutor_id>/statement")
@page(load={"tutor": queries.tutor_for}, allow=policies.READ_STATEMENT)
def tutor_statement(tutor):
    return _statement_page(tutor)


@bp.get("/live/settlement")
@page(allow=policies.READ_SETTLEMENT)
def settlement():
    term = _term()
    return _render("live/settlement.html", term, data=statements.settlement(db.session, current_user, term),
                   can_settle=policies.can_settle(current_user), form=forms.ConfirmForm())


@bp.get("/live/settlement.xlsx")
@page(allow=policies.READ_SETTLEMENT)
def settlement_xlsx():
    data = statements.settlement(db.session, current_user, _term())
    return send_file(io.BytesIO(sheets.settlement_workbook(data, TITLE_LABELS)), mimetype=sheets.XLSX,
                     as_attachment=True, download_name=sheets.file_name(data["term"]))


@bp.post("/live/terms/<int:term_id>/settle")
@page(load={"term": queries.term_for}, allow=policies.SETTLE, form=forms.ConfirmForm,
      back=lambda term, **_: url_for("live_points.settlement", term=term.id))
def settle(term):
    statements.settle(db.session, current_user, term)
    flash(_("The settlement of %(name)s is confirmed: its figures are locked.", name=term.name), "success")
    return redirect(url_for("live_points.settlement", term=term.id))


@bp.get("/live/stars")
@page()
def stars():
    term = _term()
    over = clock.now().astimezone(clock.local_tz()).date() > term.ends_on
    # Every learner with credited time has the term's study certificate (lms.certificates.live_terms, 000 L60).
    my_study = statements.learner_total(db.session, term, current_user.id, clock.now()) if over else None
    return _render("live/stars.html", term, data=statements.stars(db.session, term), my_study=my_study,
                   min_tutor_sessions=points.STAR_TUTOR_MIN_SESSIONS, min_tutor_score=int(points.STAR_TUTOR_MIN_SCORE),
                   min_learner_sessions=points.STAR_LEARNER_MIN_SESSIONS, limit=points.STARS_PER_TERM)


@bp.post("/live/sessions/<int:live_id>/report")
@page(load={"live": queries.session_for}, allow=policies.RECORD_REPORT, form=forms.ReportForm,
      again=lambda form, live, **_: views.session_again(live, report_form=form))
def record_report(live, form):
    statements.record_report(db.session, current_user, live, form.body.data or "")
    flash(_("The review report is recorded."), "success")
    return redirect(url_for("live.session_page", live_id=live.id))
