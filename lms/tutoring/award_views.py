"""The tutoring organisation awards' pages: the city's (or the province's) ranking of its schools and districts
with the confirmation of the winners, and the published winners (docs/TUTORING.md "Organisation awards")."""
from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectMultipleField
from wtforms.validators import AnyOf, NumberRange, Optional

from lms.extensions import db
from lms.live import queries as live_queries
from lms.live import sheets
from lms.tutoring import award_policies, award_rules, award_sheets, awards, term_views
from lms.web.pipeline import page

bp = Blueprint("tutoring_awards", __name__)


class AwardForm(FlaskForm):
    """Confirm one award's winners: the top N, or the units ticked in the ranking (the service checks them)."""
    kind = HiddenField(validators=[AnyOf(award_rules.KINDS)])
    top = IntegerField(_l("Top N"), validators=[Optional(), NumberRange(min=1, max=100)])
    unit_ids = SelectMultipleField(coerce=int, validate_choice=False)


@bp.get("/tutoring/org-ranking")
@page(allow=award_policies.RANK)
def ranking():
    term = term_views._term()
    return term_views._render("tutoring/org_ranking.html", term, data=awards.ranking(db.session, current_user, term),
                   form=AwardForm(formdata=None), weights=award_rules.WEIGHTS)


@bp.get("/tutoring/org-ranking.xlsx")
@page(allow=award_policies.RANK)
def ranking_xlsx():
    data = awards.ranking(db.session, current_user, term_views._term())
    return send_file(io.BytesIO(award_sheets.ranking_workbook(data)), mimetype=sheets.XLSX, as_attachment=True,
                     download_name=award_sheets.file_name(data))


@bp.post("/tutoring/terms/<int:term_id>/org-awards")
@page(load={"term": live_queries.term_for}, allow=award_policies.CONFIRM, form=AwardForm,
      back=lambda term, **_: url_for("tutoring_awards.ranking", term=term.id))
def confirm(term, form):
    awards.confirm(db.session, current_user, term, form.kind.data, top=form.top.data,
                   unit_ids=form.unit_ids.data or None)
    flash(_("The winners of %(name)s are confirmed and published.", name=term.name), "success")
    return redirect(url_for("tutoring_awards.ranking", term=term.id))


@bp.get("/tutoring/org-awards")
@page()
def winners():
    term = term_views._term()
    return term_views._render("tutoring/org_awards.html", term, data=awards.winners(db.session, term))
