"""The message centre (``/notices``): the user's notices newest first, unread marked, marked read one by one
(following its link) or all at once, paged; the kinds the user wants. The navigation shows the unread count."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.extensions import db
from lms.notices import forms, policies, queries, rules, services
from lms.web.params import arg_page
from lms.web.pipeline import page
from lms.web.redirects import safe_target

bp = Blueprint("notice_centre", __name__)
PER_PAGE = 20
NOTICE = {"notice": queries.notice}


def nav_entries(user) -> list[tuple]:
    """The message centre with the unread count as a badge (every signed-in user)."""
    return [(url_for("notice_centre.centre"), _("Messages"), queries.unread_count(db.session, user))]


def _back(**_ignored) -> str:
    return url_for("notice_centre.centre")


@bp.get("/notices")
@page()
def centre():
    unread = request.args.get("unread") == "1"
    number = arg_page()
    rows, total = queries.mine(db.session, current_user, page=number, per_page=PER_PAGE, unread=unread)
    form = forms.PreferencesForm()
    return render_template("notices/centre.html", notices=[dict(services.to_dict(n), created=n.created_at) for n in rows], page=number,
                           pages=max(1, (total + PER_PAGE - 1) // PER_PAGE), total=total, unread=unread,
                           unread_total=queries.unread_count(db.session, current_user), form=form,
                           preferences=services.preferences(db.session, current_user),
                           **services.email_status(current_user))


@bp.post("/notices/<int:notice_id>/read")
@page(load=NOTICE, allow=policies.OWN, back=_back)
def read(notice):
    """Mark read; then to the notice's own page when it has one (``open``), else back to the list."""
    services.mark_read(db.session, current_user, notice)
    target = services.to_dict(notice)["link"] if request.form.get("open") == "1" else None
    return redirect(target or safe_target(request.form.get("next")) or url_for("notice_centre.centre"))


@bp.post("/notices/read-all")
@page(back=_back)
def read_all():
    marked = services.mark_all_read(db.session, current_user)
    flash(_("%(n)d notices marked read.", n=marked) if marked else _("There was nothing unread."), "success")
    return redirect(url_for("notice_centre.centre"))


@bp.post("/notices/preferences")
@page(form=forms.PreferencesForm, back=_back)
def preferences(form):
    chosen, by_mail = set(form.wanted.data or ()), set(form.email.data or ())
    status = services.email_status(current_user)
    # The e-mail boxes are shown only where e-mail can be had: otherwise the choices stay as they were.
    email = ({kind: kind in by_mail for kind in rules.KINDS} if status["email_enabled"] and status["email_address"]
             else {})
    services.set_preferences(db.session, current_user,
                             {kind: kind in chosen for kind in rules.KINDS if kind not in rules.MANDATORY}, email)
    flash(_("Your choice of notices is saved."), "success")
    return redirect(url_for("notice_centre.centre"))
