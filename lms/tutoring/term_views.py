"""Students' tutoring by term: a tutor's semester statement and archive, the admins' term settlement (and its
sheet, and its confirmation), their month sheet of the tutors' points, the term's stars (docs/TUTORING.md
"Terms")."""
from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock
from lms.core.errors import NotFound
from lms.core.registry import for_students
from lms.extensions import db
from lms.live import queries as live_queries
from lms.live import sheets
from lms.org.forms import TITLE_LABELS
from lms.tutoring import forms, policies, queries, term_rules, term_sheets, terms, views
from lms.web.pipeline import page

bp = Blueprint("tutoring_terms", __name__)


@for_students
def nav_entries(user) -> list[tuple[str, str]]:
    if policies.is_tutor(user):
        return [(url_for("tutoring_terms.my_statement"), _("My tutoring term"))]
    if user.is_admin:
        return [(url_for("tutoring_terms.settlement"), _("Tutoring settlement"))]
    return []


def _term():
    term = live_queries.chosen_term(db.session, request.args.get("term", type=int),
                                    clock.now().astimezone(clock.local_tz()).date())
    if term is None:
        raise NotFound(_("No terms are kept yet: the province's admins add them on the calendar page."))
    return term


def _render(template: str, term=None, **context):
    term_over = term is not None and clock.now().astimezone(clock.local_tz()).date() > term.ends_on
    return render_template(template, term=term, terms=live_queries.terms(db.session), title_labels=TITLE_LABELS,
                           term_over=term_over, **context)


def _statement_page(tutor):
    term = _term()
    return _render("tutoring/term_statement.html", term, data=terms.statement(db.session, current_user, tutor, term),
                   tutor=tutor, own=tutor.id == current_user.id)


@bp.get("/tutoring/term-statement")
@page(allow=policies.OFFER)
def my_statement():
    return _statement_page(current_user)


@bp.get("/tutoring/tutors/<int:tutor_id>/term-statement")
@page(load={"tutor": queries.tutor_for}, allow=policies.READ_STATEMENT)
def tutor_statement(tutor):
    return _statement_page(tutor)


@bp.get("/tutoring/tutors/<int:tutor_id>/archive")
@page(load={"tutor": queries.tutor_for}, allow=policies.READ_STATEMENT)
def archive(tutor):
    return _render("tutoring/archive.html", data=terms.archive(db.session, current_user, tutor), tutor=tutor)


@bp.get("/tutoring/settlement")
@page(allow=policies.READ_AREA)
def settlement():
    term = _term()
    return _render("tutoring/settlement.html", term, data=terms.settlement(db.session, current_user, term),
                   can_settle=policies.can_settle(current_user), form=forms.ConfirmForm(formdata=None))


@bp.get("/tutoring/settlement.xlsx")
@page(allow=policies.READ_AREA)
def settlement_xlsx():
    data = terms.settlement(db.session, current_user, _term())
    return send_file(io.BytesIO(sheets.settlement_workbook(data, TITLE_LABELS)), mimetype=sheets.XLSX,
                     as_attachment=True, download_name=sheets.file_name(data["term"], "tutoring-settlement"))


@bp.post("/tutoring/terms/<int:term_id>/settle")
@page(load={"term": live_queries.term_for}, allow=policies.SETTLE, form=forms.ConfirmForm,
      back=lambda term, **_: url_for("tutoring_terms.settlement", term=term.id))
def settle(term):
    terms.settle(db.session, current_user, term)
    flash(_("The tutoring settlement of %(name)s is confirmed for your area: its figures are locked.",
            name=term.name), "success")
    return redirect(url_for("tutoring_terms.settlement", term=term.id))


@bp.get("/tutoring/tutor-points")
@page(allow=policies.READ_AREA)
def month_points():
    year, month = views._month()
    return _render("tutoring/tutor_points.html", data=terms.month_points(db.session, current_user, year, month),
                   months=views._month_links(year, month))


@bp.get("/tutoring/tutor-points.xlsx")
@page(allow=policies.READ_AREA)
def month_points_xlsx():
    data = terms.month_points(db.session, current_user, *views._month())
    return send_file(io.BytesIO(term_sheets.month_workbook(data)), mimetype=sheets.XLSX, as_attachment=True,
                     download_name=term_sheets.month_file_name(data))


@bp.get("/tutoring/stars")
@page()
def stars():
    term = _term()
    return _render("tutoring/stars.html", term, data=terms.stars(db.session, term), rules=term_rules)
