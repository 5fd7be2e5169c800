"""The tutoring organisation awards API: the area's ranking, its sheet, the confirmation of the winners, the
published winners (docs/API.md "Students' tutoring: organisation awards")."""
from __future__ import annotations

import io

from flask import Blueprint, send_file
from flask_login import current_user

from lms.extensions import db
from lms.live import queries as live_queries
from lms.live import sheets
from lms.tutoring import award_policies, award_schemas, award_sheets, awards
from lms.web.api import endpoint

bp = Blueprint("tutoring_awards_api", __name__, url_prefix="/api/v1/tutoring")

TERM = {"term": live_queries.term_for}


@bp.get("/terms/<int:term_id>/org-ranking")
@endpoint(summary="The schools and districts of the caller's city (or province) ranked for the term's organisation "
                  "awards, every indicator beside (city and province admins)",
          response=award_schemas.OrgAwardRankingOut, load=TERM, allow=award_policies.RANK,
          errors=("403:forbidden", "404:not_found"))
def ranking(term):
    return awards.ranking(db.session, current_user, term)


@bp.get("/terms/<int:term_id>/org-ranking.xlsx")
@endpoint(summary="The organisation awards' ranking as an Excel sheet (city and province admins)",
          produces=sheets.XLSX, load=TERM, allow=award_policies.RANK, errors=("403:forbidden", "404:not_found"))
def ranking_xlsx(term):
    data = awards.ranking(db.session, current_user, term)
    return send_file(io.BytesIO(award_sheets.ranking_workbook(data)), mimetype=sheets.XLSX, as_attachment=True,
                     download_name=award_sheets.file_name(data))


@bp.post("/terms/<int:term_id>/org-awards")
@endpoint(summary="Confirm the winners of the school or the district award of the caller's area once the term is "
                  "over: the top N or the ranked units chosen (city and province admins)", status=201,
          body=award_schemas.OrgAwardConfirmIn, response=award_schemas.OrgAwardRankingOut, load=TERM,
          allow=award_policies.CONFIRM,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:term_not_over",
                  "409:already_confirmed", "409:no_winners"))
def confirm(term, data: award_schemas.OrgAwardConfirmIn):
    awards.confirm(db.session, current_user, term, data.kind, top=data.top, unit_ids=data.unit_ids)
    return awards.ranking(db.session, current_user, term), 201


@bp.get("/terms/<int:term_id>/org-awards")
@endpoint(summary="The term's confirmed winners of the organisation awards of every area (everyone signed in)",
          response=award_schemas.OrgAwardWinnersOut, load=TERM, errors=("404:not_found",))
def winners(term):
    return awards.winners(db.session, term)
