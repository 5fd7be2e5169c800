"""Write operations of the project's evaluation (JX11b): the province opens a round, each area writes and submits
its self-evaluation, the province assigns outside evaluators who score it, returns one for revision, closes."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit, clock, registry, scope
from lms.core.errors import Conflict, InvalidInput
from lms.evaluations import drafting, policies, queries, rules
from lms.evaluations.models import AreaEvaluation, EvaluationRound, OutsideEvaluation
from lms.org.models import OrgUnit


def _invalid(fields: dict) -> InvalidInput:
    return InvalidInput(_("Please correct the marked fields."), fields)


def _score_message() -> str:
    return _("Must be a whole number from %(a)d to %(b)d.", a=rules.SCORE_MIN, b=rules.SCORE_MAX)


def open_round(session, actor, project) -> EvaluationRound:
    """The province opens the project's evaluation: one self-evaluation to write for the province, each city and
    each county of its tree."""
    policies.OPEN.enforce(actor)
    if session.scalar(select(EvaluationRound.id).where(EvaluationRound.project_id == project.id)):
        raise Conflict("round_exists", _("This project's evaluation is already open or done."))
    now = clock.now()
    item = EvaluationRound(project_id=project.id, state="open", opened_by_id=actor.id, opened_at=now)
    session.add(item)
    session.flush()
    root = scope.highest_admin_unit(actor)
    units = session.scalars(select(OrgUnit.id).where(scope.subtree_filter(OrgUnit, root),
                                                     OrgUnit.level.in_(rules.LEVELS)))
    session.add_all(AreaEvaluation(round_id=item.id, org_unit_id=unit_id, status="draft", updated_at=now)
                    for unit_id in units)
    session.flush()
    audit.record(session, actor, "evaluation_round.open", "evaluation_round", item.id, org_unit_id=root.id,
                 after={"project_id": project.id})
    return item


def _apply(target, scores: dict, texts: dict) -> None:
    for d in rules.DIMENSIONS:
        setattr(target, f"{d}_score", scores.get(d))
        setattr(target, f"{d}_text", (texts.get(d) or "").strip() or None)


def _check(scores: dict, texts: dict, *, complete: bool, every_text: bool) -> None:
    given = {d: v for d, v in scores.items() if v is not None}
    problems = {f"{d}_score": _score_message() for d in rules.score_problems(given) if d in given or complete}
    if every_text:
        problems |= {f"{d}_text": _("Write the assessment.") for d in rules.DIMENSIONS
                     if complete and not (texts.get(d) or "").strip()}
    elif complete and not any((texts.get(d) or "").strip() for d in rules.DIMENSIONS):
        problems["progress_text"] = _("Write at least one comment.")
    if problems:
        raise _invalid(problems)


def save_self(session, actor, evaluation: AreaEvaluation, scores: dict, texts: dict,
              submit: bool = False) -> AreaEvaluation:
    """The area's admins write its self-evaluation; submitted, it needs every score and assessment and keeps the
    area's figures as they stand then."""
    policies.EDIT_SELF.enforce(actor, evaluation)
    _check(scores, texts, complete=submit, every_text=True)
    _apply(evaluation, scores, texts)
    now = clock.now()
    evaluation.author_id, evaluation.updated_at = actor.id, now
    if submit:
        evaluation.figures = drafting.figures(session, evaluation.org_unit, evaluation.round.project)
        evaluation.status, evaluation.submitted_at, evaluation.returned_reason = "submitted", now, None
    session.flush()
    if submit:
        audit.record(session, actor, "area_evaluation.submit", "area_evaluation", evaluation.id,
                     org_unit_id=evaluation.org_unit_id, after={"overall": rules.overall(evaluation.scores())})
    return evaluation


def return_for_revision(session, actor, evaluation: AreaEvaluation, reason: str) -> AreaEvaluation:
    """The province sends a submitted self-evaluation back to its area with the reason; its admins hear it."""
    policies.RETURN.enforce(actor, evaluation)
    reason = (reason or "").strip()
    if not reason:
        raise _invalid({"reason": _("Say what should be revised.")})
    evaluation.status, evaluation.returned_reason, evaluation.updated_at = "returned", reason[:500], clock.now()
    session.flush()
    audit.record(session, actor, "area_evaluation.return", "area_evaluation", evaluation.id,
                 org_unit_id=evaluation.org_unit_id, after={"reason": evaluation.returned_reason})
    registry.emit(session, "evaluation.returned", evaluation=evaluation, actor=actor)
    return evaluation


def assign(session, actor, evaluation: AreaEvaluation, user_id: int) -> OutsideEvaluation:
    """The province asks an outside evaluator: an expert of the pool, or an admin of a city whose area does not
    overlap the evaluated one (rules.peer_allowed); the evaluator hears it."""
    policies.MANAGE.enforce(actor, evaluation)
    kinds = {c["user_id"]: c["kind"] for c in queries.candidates(session, actor, evaluation)}
    if user_id not in kinds:
        raise _invalid({"user_id": _("Choose an expert of the pool or an admin of another city.")})
    if any(r.reviewer_id == user_id for r in evaluation.reviews):
        raise Conflict("already_assigned", _("This evaluator is already asked."))
    if len(evaluation.reviews) >= rules.MAX_REVIEWERS:
        raise _invalid({"user_id": _("At most %(n)d outside evaluators.", n=rules.MAX_REVIEWERS)})
    item = OutsideEvaluation(reviewer_id=user_id, kind=kinds[user_id], assigned_by_id=actor.id,
                             assigned_at=clock.now())
    evaluation.reviews.append(item)
    session.flush()
    audit.record(session, actor, "area_evaluation.assign", "area_evaluation", evaluation.id,
                 org_unit_id=evaluation.org_unit_id, after={"reviewer_id": user_id, "kind": item.kind})
    registry.emit(session, "evaluation.assigned", review=item, evaluation=evaluation, actor=actor)
    return item


def review(session, actor, evaluation: AreaEvaluation, scores: dict, texts: dict) -> OutsideEvaluation:
    """An assigned evaluator scores the submitted self-evaluation on the four dimensions and comments; it may
    change its evaluation while the round is open."""
    policies.REVIEW.enforce(actor, evaluation)
    _check(scores, texts, complete=True, every_text=False)
    item = policies.assignment(actor, evaluation)
    _apply(item, scores, texts)
    item.reviewed_at = clock.now()
    session.flush()
    audit.record(session, actor, "area_evaluation.review", "area_evaluation", evaluation.id,
                 org_unit_id=evaluation.org_unit_id, after={"overall": rules.overall(item.scores())})
    return item


def close(session, actor, round_: EvaluationRound) -> EvaluationRound:
    """The province closes the round: the results no longer change."""
    policies.CLOSE.enforce(actor, round_)
    round_.state, round_.closed_at = "closed", clock.now()
    session.flush()
    audit.record(session, actor, "evaluation_round.close", "evaluation_round", round_.id,
                 after={"project_id": round_.project_id})
    return round_
