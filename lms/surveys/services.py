"""Surveys and questionnaires (docs/SURVEYS.md; 004 L57, L90, L162-164; C5).

An admin writes a survey for its own subtree (a tutor for a class it tutors): title, introduction, questions,
anonymous or named, the window, and whom it addresses — a batch's or a class's learners or tutors, or the
learners, tutors or admins of a unit of its subtree. Published, its questions are frozen and it is open in its
window to whom it addresses; each answers once. An anonymous survey's response is stored with neither the user
nor the moment: only a separate marker says who has answered, so nobody answers twice and nobody's answers can be
told. The results — counts, percentages, the free texts, the response rate — are for the survey's managers
(lms.surveys.policies). Services take the acting user and never commit.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit, clock, registry, scope
from lms.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from lms.org.models import OrgUnit
from lms.projects.models import Batch, TrainingClass
from lms.projects.policies import is_tutor_of
from lms.surveys import policies, queries, rules, starters
from lms.surveys.models import Survey, SurveyAnswer, SurveyParticipation, SurveyQuestion, SurveyResponse

QUESTION_FIELDS = ("kind", "prompt", "required", "options", "min_picks", "max_picks", "scale_min", "scale_max",
                   "scale_min_label", "scale_max_label", "max_length")


def problem_message(problem: rules.Problem) -> str:
    """A rules problem in words."""
    p = problem.params
    words = {
        "unknown_kind": lambda: _("Choose a kind of question."),
        "option_count": lambda: _("Give between %(low)d and %(high)d options.", low=p["low"], high=p["high"]),
        "option_empty": lambda: _("An option may not be empty."),
        "option_long": lambda: _("An option has at most %(n)d characters.", n=p["n"]),
        "option_twice": lambda: _("Each option may appear only once."),
        "picks_range": lambda: _("Must lie between 1 and the number of options (%(n)d).", n=p["n"]),
        "picks_order": lambda: _("The most picks may not be fewer than the fewest."),
        "scale_range": lambda: _("The scale runs between whole numbers from %(low)d to %(high)d, the end above the "
                                 "start.", low=p["low"], high=p["high"]),
        "length_range": lambda: _("Between 1 and %(n)d characters.", n=p["n"]),
        "closes_before_opens": lambda: _("The survey must close after it opens."),
        "closes_in_past": lambda: _("The closing time has passed: set a later one before publishing."),
        "required": lambda: _("Please answer this question."),
        "not_an_option": lambda: _("Choose one of the options."),
        "too_few": lambda: _("Choose at least %(n)d.", n=p["n"]),
        "too_many": lambda: _("Choose at most %(n)d.", n=p["n"]),
        "off_scale": lambda: _("Choose a point from %(low)d to %(high)d.", low=p["low"], high=p["high"]),
        "not_text": lambda: _("Must be text."),
        "too_long": lambda: _("At most %(n)d characters.", n=p["n"]),
        "unknown_question": lambda: _("The survey has no question %(keys)s.",
                                      keys="、".join(str(k) for k in p["keys"][:10])),
    }
    return words[problem.code]()


def spec_of(question) -> rules.QuestionSpec:
    """A stored question (or a question's plain values, keyed 0) as the rules see it."""
    get = (lambda k: question.get(k)) if isinstance(question, dict) else (lambda k: getattr(question, k))
    return rules.QuestionSpec(key=(get("id") or 0) if not isinstance(question, dict) else 0, kind=get("kind"),
                              required=bool(get("required")), options=tuple(get("options") or ()),
                              min_picks=get("min_picks"), max_picks=get("max_picks"), scale_min=get("scale_min"),
                              scale_max=get("scale_max"), max_length=get("max_length"))


# ---- writing a survey ----

def _target(session, actor, survey: Survey, kind: str, target_id: int, audience: str) -> tuple[OrgUnit, bool, dict]:
    """The survey's unit, whether its audience is limited to that unit's subtree, and its target columns; refused
    when the target lies outside what the author may address. A survey keeps its unit once written."""
    if kind not in rules.TARGETS:
        raise InvalidInput(_("Please correct the marked fields."), {"target_kind": _("Choose whom to address.")})
    if audience not in rules.TARGET_AUDIENCES[kind]:
        raise InvalidInput(_("Please correct the marked fields."),
                           {"audience": _("A batch or a class addresses its learners or its tutors.")})
    model = {rules.BATCH: Batch, rules.CLASS: TrainingClass, rules.UNIT: OrgUnit}[kind]
    found = session.get(model, target_id) if target_id else None
    if found is None:
        raise InvalidInput(_("Please correct the marked fields."), {"target_id": _("No such batch, class or unit.")})
    columns = {f"target_{kind}_id": found.id}
    if survey.owner_unit_id is not None:
        root, limited = survey.owner_unit, survey.area_limited
    else:
        root = scope.highest_admin_unit(actor)
        limited = root is not None
    if limited:
        if kind == rules.UNIT and not scope.is_within(found, root):
            raise Forbidden(_("You may address only people of your own area."))
        return root, True, columns
    # A tutor's survey (the tutor has no admin role): one of its own classes, all of its learners or tutors.
    if kind != rules.CLASS or not is_tutor_of(survey.author or actor, found):
        raise Forbidden(_("A tutor addresses only the classes it tutors."))
    return root or actor.org_unit, False, columns


def _check_window(opens_at: datetime, closes_at: datetime, now: datetime | None = None) -> None:
    problem = rules.window_problem(opens_at, closes_at, now)
    if problem is not None:
        raise InvalidInput(problem_message(problem), {"closes_at": problem_message(problem)})


def _settings(session, actor, survey: Survey, *, title: str, intro: str | None, anonymous: bool,
              opens_at: datetime, closes_at: datetime, target_kind: str, target_id: int, audience: str) -> None:
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Please correct the marked fields."), {"title": _("This field is required.")})
    _check_window(opens_at, closes_at)
    owner, limited, columns = _target(session, actor, survey, target_kind, target_id, audience)
    survey.title, survey.intro, survey.anonymous = title[:200], (intro or "").strip() or None, bool(anonymous)
    survey.opens_at, survey.closes_at, survey.target_kind, survey.audience = opens_at, closes_at, target_kind, audience
    survey.target_batch_id = survey.target_class_id = survey.target_unit_id = None
    for column, value in columns.items():
        setattr(survey, column, value)
    survey.owner_unit_id, survey.owner_unit, survey.area_limited = owner.id, owner, limited


def _snapshot(survey: Survey) -> dict:
    return {"title": survey.title, "anonymous": survey.anonymous, "status": survey.status,
            "target": f"{survey.target_kind}:{survey.target_batch_id or survey.target_class_id or survey.target_unit_id}",
            "audience": survey.audience, "opens_at": survey.opens_at.isoformat(),
            "closes_at": survey.closes_at.isoformat(), "questions": len(survey.questions)}


def create(session, actor, *, questions: list[dict] = (), template: str | None = None, **settings) -> Survey:
    """A draft survey (with ``questions``, or those of the built-in ``template`` when none are given)."""
    policies.WRITE.enforce(actor)
    starter = starters.BY_KEY.get(template) if template else None
    if template and starter is None:
        raise InvalidInput(_("Please correct the marked fields."), {"template": _("No such template.")})
    survey = Survey(status=rules.DRAFT, author_id=actor.id, author=actor, created_at=clock.now(),
                    template=starter.key if starter else None)
    _settings(session, actor, survey, **settings)
    session.add(survey)
    chosen = list(questions) or (starters.questions_of(starter) if starter else [])
    _replace_questions(session, survey, chosen)
    session.flush()
    audit.record(session, actor, "survey.create", "survey", survey.id, org_unit_id=survey.owner_unit_id,
                 after=_snapshot(survey))
    return survey


def update(session, actor, survey: Survey, *, questions: list[dict] | None = None, **settings) -> Survey:
    """A draft's settings (and, given, all its questions at once)."""
    policies.EDIT.enforce(actor, survey)
    before = _snapshot(survey)
    _settings(session, actor, survey, **settings)
    if questions is not None:
        _replace_questions(session, survey, questions)
    session.flush()
    audit.record(session, actor, "survey.update", "survey", survey.id, org_unit_id=survey.owner_unit_id,
                 before=before, after=_snapshot(survey))
    return survey


def _question(data: dict, position: int, prefix: str = "") -> SurveyQuestion:
    """A question from plain values, its definition checked (fields named ``prefix`` + the field)."""
    values = {k: data.get(k) for k in QUESTION_FIELDS}
    values["prompt"] = (values["prompt"] or "").strip()
    values["options"] = [str(o).strip() for o in (values["options"] or [])] \
        if values["kind"] in rules.CHOICE_KINDS else []
    for k in ("scale_min_label", "scale_max_label"):
        values[k] = (values[k] or "").strip()[:50] or None if values["kind"] == rules.SCALE else None
    found = {f"{prefix}{k}": problem_message(p) for k, p in rules.definition_problems(spec_of(values)).items()}
    if not values["prompt"]:
        found[f"{prefix}prompt"] = _("This field is required.")
    if found:
        raise InvalidInput(_("Please correct the marked fields."), found)
    keep = {rules.SINGLE: (), rules.MULTIPLE: ("min_picks", "max_picks"), rules.SCALE: ("scale_min", "scale_max"),
            rules.TEXT: ("max_length",)}[values["kind"]]
    for k in ("min_picks", "max_picks", "scale_min", "scale_max", "max_length"):
        if k not in keep:
            values[k] = None
    values["required"] = bool(values["required"])
    return SurveyQuestion(position=position, **values)


def _replace_questions(session, survey: Survey, questions: list[dict]) -> None:
    if len(questions) > rules.MAX_QUESTIONS:
        raise InvalidInput(_("Please correct the marked fields."),
                           {"questions": _("At most %(n)d questions.", n=rules.MAX_QUESTIONS)})
    made, found = [], {}
    for n, q in enumerate(questions, start=1):
        try:
            made.append(_question(q, n, prefix=f"questions.{n - 1}."))
        except InvalidInput as error:  # every question's problems at once
            found.update(error.fields)
    if found:
        raise InvalidInput(_("Please correct the marked fields."), found)
    if survey.questions:
        survey.questions.clear()
        session.flush()  # positions are unique per survey: the old rows go before the new ones come
    survey.questions.extend(made)


def add_question(session, actor, survey: Survey, data: dict) -> SurveyQuestion:
    """One more question at the end of a draft (its fields named as given: the page's form)."""
    policies.EDIT.enforce(actor, survey)
    if len(survey.questions) >= rules.MAX_QUESTIONS:
        raise Conflict("too_many_questions", _("At most %(n)d questions.", n=rules.MAX_QUESTIONS))
    question = _question(data, max((q.position for q in survey.questions), default=0) + 1)
    survey.questions.append(question)
    session.flush()
    audit.record(session, actor, "survey.questions", "survey", survey.id, org_unit_id=survey.owner_unit_id,
                 after={"added": question.prompt[:100], "kind": question.kind})
    return question


def _own_question(survey: Survey, question_id: int) -> SurveyQuestion:
    found = next((q for q in survey.questions if q.id == question_id), None)
    if found is None:
        raise NotFound(_("The survey has no such question."))
    return found


def remove_question(session, actor, survey: Survey, question_id: int) -> None:
    policies.EDIT.enforce(actor, survey)
    question = _own_question(survey, question_id)
    survey.questions.remove(question)
    session.flush()
    _renumber(session, survey, list(survey.questions))
    audit.record(session, actor, "survey.questions", "survey", survey.id, org_unit_id=survey.owner_unit_id,
                 before={"removed": question.prompt[:100]})


def move_question(session, actor, survey: Survey, question_id: int, step: int) -> None:
    """Up (-1) or down (+1) one place; at either end nothing moves."""
    policies.EDIT.enforce(actor, survey)
    order = list(survey.questions)
    question = _own_question(survey, question_id)
    i = order.index(question)
    j = i + (1 if step > 0 else -1)
    if not 0 <= j < len(order):
        return
    order[i], order[j] = order[j], order[i]
    _renumber(session, survey, order)


def _renumber(session, survey: Survey, order: list[SurveyQuestion]) -> None:
    """Positions 1..n in ``order``, through positions out of the way so the unique pair never clashes."""
    for q in order:
        q.position = -q.id
    session.flush()
    for n, q in enumerate(order, start=1):
        q.position = n
    session.flush()
    session.expire(survey, ["questions"])


def publish(session, actor, survey: Survey) -> Survey:
    """The draft goes out: its questions are frozen, it is open in its window to whom it addresses (who find it on
    their home page and the surveys page, and are told by a notice)."""
    policies.EDIT.enforce(actor, survey)
    if not survey.questions:
        raise Conflict("no_questions", _("Add at least one question before publishing."))
    now = clock.now()
    _check_window(survey.opens_at, survey.closes_at, now)
    survey.status, survey.published_at = rules.PUBLISHED, now
    session.flush()
    audit.record(session, actor, "survey.publish", "survey", survey.id, org_unit_id=survey.owner_unit_id,
                 after=_snapshot(survey))
    # Whom it addresses now hears of it (lms.notices, a layer above), with the way to answer.
    registry.emit(session, "survey.published", survey=survey,
                  user_ids=list(session.scalars(queries.audience_ids(survey))), actor=actor)
    return survey


def close(session, actor, survey: Survey) -> Survey:
    """Closed before its time (or after it, for the record): no answers are taken from now on."""
    policies.MANAGE.enforce(actor, survey)
    if survey.status != rules.PUBLISHED:
        raise Conflict("not_published", _("Only a published survey can be closed."))
    survey.status, survey.closed_at = rules.CLOSED, clock.now()
    session.flush()
    audit.record(session, actor, "survey.close", "survey", survey.id, org_unit_id=survey.owner_unit_id,
                 after={"responses": queries.response_count(session, survey.id)})
    return survey


# ---- answering ----

def answer(session, actor, survey: Survey, raw: dict[int, object]) -> SurveyResponse:
    """``actor``'s answers (question id → value): checked against the questions (each problem named
    ``answers.<question id>``), stored once. An anonymous survey's response keeps neither the user nor the moment;
    the participation marker alone records that ``actor`` has answered."""
    now = clock.now()
    if not rules.is_open(survey.status, survey.opens_at, survey.closes_at, now):
        raise Conflict("not_open", _("This survey is not open for answers."))
    if not queries.addresses(session, survey, actor.id):
        raise Forbidden(_("This survey is not addressed to you."))
    if queries.has_answered(session, survey.id, actor.id):
        raise Conflict("already_answered", _("You have answered this survey already."))
    clean, problems = rules.check_answers([spec_of(q) for q in survey.questions], raw)
    if problems:
        raise InvalidInput(_("Please correct the marked answers."),
                           {("answers" if k == -1 else f"answers.{k}"): problem_message(p) for k, p in problems.items()})
    response = SurveyResponse(survey_id=survey.id, user_id=None if survey.anonymous else actor.id,
                              submitted_at=None if survey.anonymous else now)
    response.answers = [SurveyAnswer(question_id=k, value=v) for k, v in clean.items()]
    session.add(response)
    session.add(SurveyParticipation(survey_id=survey.id, user_id=actor.id, answered_at=now))
    session.flush()
    return response


# ---- reading ----

def state(survey: Survey, now: datetime) -> str:
    """draft, scheduled (published, not open yet), open, ended (its time is over) or closed."""
    if survey.status == rules.PUBLISHED:
        if now < survey.opens_at:
            return "scheduled"
        return "open" if now < survey.closes_at else "ended"
    return survey.status


def target_name(survey: Survey) -> str:
    if survey.target_kind == rules.BATCH and survey.target_batch is not None:
        b = survey.target_batch
        return _("%(project)s, batch %(n)d", project=b.project.name, n=b.number)
    if survey.target_kind == rules.CLASS and survey.target_class is not None:
        return survey.target_class.name
    return survey.target_unit.name if survey.target_unit is not None else ""


def question_dict(q: SurveyQuestion) -> dict:
    return {"id": q.id, "position": q.position, **{k: getattr(q, k) for k in QUESTION_FIELDS}}


def survey_dict(session, actor, survey: Survey) -> dict:
    now = clock.now()
    manages = policies.can_manage(actor, survey)
    return {"id": survey.id, "title": survey.title, "intro": survey.intro, "anonymous": survey.anonymous,
            "status": survey.status, "state": state(survey, now), "opens_at": survey.opens_at.isoformat(),
            "closes_at": survey.closes_at.isoformat(), "target_kind": survey.target_kind,
            "target_id": survey.target_batch_id or survey.target_class_id or survey.target_unit_id,
            "target_name": target_name(survey), "audience": survey.audience, "owner_unit_id": survey.owner_unit_id,
            "owner_unit": survey.owner_unit.name, "author": survey.author.name if survey.author else None,
            "template": survey.template,
            "published_at": survey.published_at.isoformat() if survey.published_at else None,
            "closed_at": survey.closed_at.isoformat() if survey.closed_at else None,
            "questions": [question_dict(q) for q in survey.questions],
            "answered": queries.has_answered(session, survey.id, actor.id),
            "can_manage": manages, "can_edit": policies.can_edit(actor, survey)}


def results(session, actor, survey: Survey) -> dict:
    """Per question: counts and percentages (a scale's mean), the free texts; the responses against the people the
    survey addresses now. A named survey also lists who answered (an anonymous one cannot)."""
    policies.MANAGE.enforce(actor, survey)
    stored = queries.answers_by_question(session, survey.id)
    responses = queries.response_count(session, survey.id)
    addressed = queries.audience_count(session, survey)
    questions = []
    for q in survey.questions:
        row = {"id": q.id, "position": q.position, "kind": q.kind, "prompt": q.prompt, "required": q.required,
               "scale_min_label": q.scale_min_label, "scale_max_label": q.scale_max_label}
        row.update(rules.tally(spec_of(q), stored.get(q.id, []), responses))
        questions.append(row)
    respondents = [] if survey.anonymous else [
        {"name": r.user.name if r.user else "", "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None}
        for r in queries.named_responses(session, survey.id)]
    return {"survey_id": survey.id, "title": survey.title, "anonymous": survey.anonymous,
            "state": state(survey, clock.now()), "target_name": target_name(survey), "audience": survey.audience,
            "addressed": addressed, "responses": responses, "response_rate": rules.response_rate(responses, addressed),
            "questions": questions, "respondents": respondents}


def starter_list() -> list[dict]:
    return [{"key": s.key, "title": str(s.title), "intro": str(s.intro), "anonymous": s.anonymous,
             "target_kind": s.target_kind, "audience": s.audience, "questions": starters.questions_of(s)}
            for s in starters.STARTERS]


def choices_for(session, actor) -> dict:
    """What the writing form offers ``actor``: the batches (admins), the classes (its tutored ones for a tutor;
    those of running batches for an admin) and the units of its area down to the counties."""
    root = scope.highest_admin_unit(actor)
    if root is None:
        classes = [k for k in session.scalars(select(TrainingClass).order_by(TrainingClass.id.desc()).limit(500))
                   if is_tutor_of(actor, k)]
        return {"batches": [], "classes": classes, "units": []}
    batches = list(session.scalars(select(Batch).order_by(Batch.starts_on.desc()).limit(20)))
    classes = list(session.scalars(select(TrainingClass).where(TrainingClass.batch_id.in_([b.id for b in batches[:4]]))
                                   .order_by(TrainingClass.name).limit(300)))
    units = list(session.scalars(select(OrgUnit).where(scope.subtree_filter(OrgUnit, root),
                                                       OrgUnit.level != "school").order_by(OrgUnit.code, OrgUnit.id)
                                 .limit(300)))
    return {"batches": batches, "classes": classes, "units": units}
