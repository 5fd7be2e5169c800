"""The read side of the project's evaluation (JX11b): the rounds, each admin's overview of its own subtree's areas
(self and outside scores side by side with the combined result), one area's evaluation for whom may see it, an
evaluator's assignments, and whom the province may ask to evaluate an area."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import scope
from lms.core.errors import Conflict, Forbidden, NotFound, get_or_404
from lms.evaluations import drafting, policies, rules
from lms.evaluations.models import AreaEvaluation, EvaluationRound, OutsideEvaluation
from lms.experts import services as experts
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.projects.models import Project


def round_(session, actor, round_id: int) -> EvaluationRound:
    return get_or_404(session, EvaluationRound, round_id, _("No such evaluation."))


def evaluation(session, actor, evaluation_id: int) -> AreaEvaluation:
    """The pipeline's loader: 404 when there is none, 403 when it is neither of the caller's area nor assigned
    to it."""
    item = session.get(AreaEvaluation, evaluation_id)
    if item is None:
        raise NotFound(_("No such evaluation."))
    if not policies.can_see(actor, item):
        raise Forbidden(str(policies.SEE.refusal({"evaluation": item})))
    return item


def rounds(session) -> list[EvaluationRound]:
    return list(session.scalars(select(EvaluationRound).join(Project, EvaluationRound.project_id == Project.id)
                                .order_by(Project.year.desc(), EvaluationRound.id.desc())))


def unevaluated_projects(session) -> list[Project]:
    """The projects whose evaluation the province may still open."""
    done = select(EvaluationRound.project_id)
    return list(session.scalars(select(Project).where(Project.id.not_in(done))
                                .order_by(Project.year.desc(), Project.id.desc())))


def assignments(session, actor) -> list[OutsideEvaluation]:
    """The areas the actor is asked to evaluate, the open rounds' first."""
    return list(session.scalars(
        select(OutsideEvaluation).join(AreaEvaluation, OutsideEvaluation.evaluation_id == AreaEvaluation.id)
        .join(EvaluationRound, AreaEvaluation.round_id == EvaluationRound.id)
        .where(OutsideEvaluation.reviewer_id == actor.id)
        .order_by(EvaluationRound.state.desc(), EvaluationRound.id.desc(), AreaEvaluation.id)))


def _self_score(item: AreaEvaluation) -> float | None:
    """The self-evaluation counts once submitted."""
    return rules.overall(item.scores()) if item.status == "submitted" else None


def result(item: AreaEvaluation) -> dict:
    """The area's scores side by side: its own, each outside evaluator's mean, and the combined result."""
    own = _self_score(item)
    outside = rules.outside_score([rules.overall(r.scores()) for r in item.reviews if r.reviewed_at])
    total = rules.combined(own, outside)
    return {"self_score": own, "outside_score": outside, "combined": total, "grade": rules.grade(total),
            "reviews_given": sum(1 for r in item.reviews if r.reviewed_at), "reviewers": len(item.reviews)}


def areas(session, actor, item: EvaluationRound) -> list[AreaEvaluation]:
    """The round's areas of the caller's subtree, province first, then by level and name."""
    root = scope.highest_admin_unit(actor)
    rows = session.scalars(select(AreaEvaluation).join(OrgUnit, AreaEvaluation.org_unit_id == OrgUnit.id)
                           .where(AreaEvaluation.round_id == item.id, scope.subtree_filter(OrgUnit, root)))
    order = {level: i for i, level in enumerate(rules.LEVELS)}
    return sorted(rows, key=lambda e: (order[e.org_unit.level], e.org_unit.code or "", e.org_unit.name))


def overview(session, actor, item: EvaluationRound) -> list[dict]:
    """One row per area of the caller's subtree: its scores, status and result."""
    return [{"id": e.id, "org_unit_id": e.org_unit_id, "org_unit": e.org_unit.name, "level": e.org_unit.level,
             "status": e.status, **{f"{d}_score": v for d, v in e.scores().items()}, **result(e)} for e in areas(session, actor, item)]


def round_dict(actor, item: EvaluationRound) -> dict:
    return {"id": item.id, "project_id": item.project_id, "project": item.project.name, "year": item.project.year,
            "state": item.state, "opened_at": item.opened_at.isoformat(),
            "closed_at": item.closed_at.isoformat() if item.closed_at else None,
            "self_weight": rules.SELF_WEIGHT, "outside_weight": rules.OUTSIDE_WEIGHT,
            "can_close": policies.can_close(actor, item)}


def _when(moment):
    return moment.isoformat() if moment else None


def review_dict(r: OutsideEvaluation) -> dict:
    return {"id": r.id, "reviewer_id": r.reviewer_id, "reviewer": r.reviewer.name, "kind": r.kind,
            "scores": r.scores(), "texts": r.texts(), "overall": rules.overall(r.scores()),
            "assigned_at": r.assigned_at.isoformat(), "reviewed_at": _when(r.reviewed_at)}


def current_figures(session, item: AreaEvaluation) -> dict:
    """The figures kept at submission; until then, the area's figures as they stand."""
    if item.figures is not None and item.status == "submitted":
        return item.figures
    return drafting.figures(session, item.org_unit, item.round.project)


def described(session, actor, item: AreaEvaluation) -> dict:
    """One area's evaluation as the caller may see it: an outside evaluator sees its own evaluation only."""
    mine = policies.assignment(actor, item)
    reviews = item.reviews if policies.can_see_reviews(actor, item) else ([mine] if mine else [])
    return {"id": item.id, "round_id": item.round_id, "round_state": item.round.state,
            "project": item.round.project.name, "org_unit_id": item.org_unit_id, "org_unit": item.org_unit.name,
            "level": item.org_unit.level, "status": item.status, "scores": item.scores(), "texts": item.texts(),
            "overall": rules.overall(item.scores()), "figures": current_figures(session, item),
            "submitted_at": _when(item.submitted_at), "returned_reason": item.returned_reason,
            "reviews": [review_dict(r) for r in reviews],
            "result": result(item) if policies.can_see_reviews(actor, item) else None,
            "can_edit": policies.can_edit_self(actor, item), "can_return": policies.can_return(actor, item),
            "can_assign": policies.can_manage(actor, item), "can_review": policies.can_review(actor, item),
            "candidates": candidates(session, actor, item)}


def exportable(item: EvaluationRound) -> EvaluationRound:
    """The results go out as files once the round is closed (they no longer change)."""
    if item.state != "closed":
        raise Conflict("round_open", _("The results are exported once the evaluation is closed."))
    return item


def listing(session, actor) -> dict:
    mine = [{"evaluation_id": r.evaluation_id, "round_id": r.evaluation.round_id,
             "project": r.evaluation.round.project.name, "org_unit": r.evaluation.org_unit.name,
             "status": r.evaluation.status, "round_state": r.evaluation.round.state,
             "reviewed_at": _when(r.reviewed_at)} for r in assignments(session, actor)]
    shown = [round_dict(actor, r) for r in rounds(session)] if policies.can_see_rounds(actor) else []
    return {"rounds": shown, "assignments": mine}


def candidates(session, actor, item: AreaEvaluation) -> list[dict]:
    """Whom the province may ask to evaluate the area from outside: the experts of the pool it may assign (the
    expert review's own choice: lms/experts) and the active admins of the cities whose area does not overlap this
    one (rules.peer_allowed)."""
    if not policies.can_manage(actor, item):
        return []
    found = {p.user_id: {"user_id": p.user_id, "name": p.user.name, "kind": "expert", "unit": p.organisation}
             for p in experts.candidates(session, actor)}
    area = item.org_unit
    admins = session.execute(
        select(User, OrgUnit).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .join(OrgUnit, RoleAssignment.org_unit_id == OrgUnit.id)
        .where(RoleAssignment.role == "city_admin", User.is_active_account.is_(True))
        .order_by(OrgUnit.code, OrgUnit.name, User.name)).all()
    own = {}
    for user, unit in admins:
        own.setdefault(user.id, (user, []))[1].append(unit)
    for user_id, (user, units) in own.items():
        if user_id in found or user_id == actor.id:
            continue
        if rules.peer_allowed(area.id, _path(area), [(u.id, _path(u)) for u in scope.admin_units(user)]):
            found[user_id] = {"user_id": user_id, "name": user.name, "kind": "peer", "unit": units[0].name}
    return list(found.values())


def _path(unit) -> dict:
    return {f"{level}_id": getattr(unit, f"{level}_id") for level in rules.UNIT_LEVELS}
