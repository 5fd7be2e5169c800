"""The students' tutoring term API: term statements, the settlement, the month sheet, archives, stars (docs/API.md
"Students' tutoring: terms")."""
from __future__ import annotations

import io

from flask import Blueprint, send_file
from flask_login import current_user

from lms.extensions import db
from lms.live import queries as live_queries
from lms.live import sheets
from lms.org.forms import TITLE_LABELS
from lms.tutoring import policies, queries, term_schemas, terms
from lms.web.api import endpoint

bp = Blueprint("tutoring_terms_api", __name__, url_prefix="/api/v1/tutoring")

TERM = {"term": live_queries.term_for}
TUTOR = {"tutor": queries.tutor_for}


@bp.get("/me/terms/<int:term_id>/statement")
@endpoint(summary="The tutor's semester statement: each month's points, the term's total, minutes, students, "
                  "mean rating and fee", response=term_schemas.TutoringTermStatementOut, load=TERM, allow=policies.OFFER,
          errors=("403:forbidden", "404:not_found"))
def my_statement(term):
    return terms.statement(db.session, current_user, current_user, term)


@bp.get("/tutors/<int:tutor_id>/terms/<int:term_id>/statement")
@endpoint(summary="A tutor's semester statement (the tutor, the admins of its area)",
          response=term_schemas.TutoringTermStatementOut, load={**TUTOR, **TERM}, allow=policies.READ_STATEMENT,
          errors=("403:forbidden", "404:not_found"))
def tutor_statement(tutor, term):
    return terms.statement(db.session, current_user, tutor, term)


@bp.get("/tutors/<int:tutor_id>/archive")
@endpoint(summary="A tutor's tutoring archive: each term's hours, points, sessions, students, rating and fee "
                  "(the tutor, the admins of its area)", response=term_schemas.TutoringTermArchiveOut, load=TUTOR,
          allow=policies.READ_STATEMENT, errors=("403:forbidden", "404:not_found"))
def archive(tutor):
    return terms.archive(db.session, current_user, tutor)


@bp.get("/terms/<int:term_id>/settlement")
@endpoint(summary="A term's settlement of the tutors of the caller's area (admins): points, coefficient, yuan; "
                  "the locked rows once confirmed", response=term_schemas.TutoringTermSettlementOut, load=TERM,
          allow=policies.READ_AREA, errors=("403:forbidden", "404:not_found"))
def settlement(term):
    return terms.settlement(db.session, current_user, term)


@bp.get("/terms/<int:term_id>/settlement.xlsx")
@endpoint(summary="A term's settlement as an Excel sheet for payment (admins, their area)", produces=sheets.XLSX,
          load=TERM, allow=policies.READ_AREA, errors=("403:forbidden", "404:not_found"))
def settlement_xlsx(term):
    data = terms.settlement(db.session, current_user, term)
    return send_file(io.BytesIO(sheets.settlement_workbook(data, TITLE_LABELS)), mimetype=sheets.XLSX,
                     as_attachment=True, download_name=sheets.file_name(data["term"], "tutoring-settlement"))


@bp.post("/terms/<int:term_id>/settlement")
@endpoint(summary="Confirm (lock) a term's settlement of the caller's city or province once the term is over "
                  "(city and province admins)", status=201, response=term_schemas.TutoringTermSettlementOut, load=TERM,
          allow=policies.SETTLE, errors=("403:forbidden", "404:not_found", "409:term_not_over",
                                         "409:already_settled"))
def settle(term):
    terms.settle(db.session, current_user, term)
    return terms.settlement(db.session, current_user, term), 201


@bp.get("/tutor-points")
@endpoint(summary="The month's points of every tutor of the caller's area (admins)", query=term_schemas.TutoringTermMonthQuery,
          response=term_schemas.TutoringTermMonthPointsOut, allow=policies.READ_AREA, errors=("403:forbidden",))
def month_points(params: term_schemas.TutoringTermMonthQuery):
    year, month = queries.this_month()
    return terms.month_points(db.session, current_user, params.year or year, params.month or month)


@bp.get("/terms/<int:term_id>/stars")
@endpoint(summary="A term's star tutors and star students (everyone signed in)", response=term_schemas.TutoringTermStarsOut,
          load=TERM, errors=("404:not_found",))
def stars(term):
    return terms.stars(db.session, term)
