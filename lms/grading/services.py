"""Grades: the project's policy, the grade as it stands (computed on read, never written by a read),
storing and freezing it, recommending.

Reading a grade computes it from its inputs without writing (``grade_now``, ``class_grades_now``), so an input
changed elsewhere (a review, a heartbeat) is never stale on the page or in the API. The stored grade is brought
up to date where an input changes (other domains call ``recompute_grade`` through a hook: a post, a verdict) and
by ``lms grades recompute``, which also stores grades as final once grading closed; a grade stored as
final and passed gets its certificate there (the ``certificates.issue_due`` hook). Nobody has to remember to
run it when grading closes: ``finalise_due`` is scheduled work of the job queue (lms.core.jobs.PERIODIC).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, exists, select

from lms.core import audit, clock, registry
from lms.core.errors import Conflict, InvalidInput, NotFound
from lms.enrollment.models import Enrollment
from lms.grading import policies, queries, rules
from lms.grading.models import (COMMENDATION_FIELDS, DEFAULT_CLOSE_DAYS, DEFAULT_MIN_POST_CHARS, POLICY_FIELDS, Grade,
                                GradingSettings)
from lms.projects import rules as calendar
from lms.projects.models import Batch, Project

SETTING_FIELDS = POLICY_FIELDS + ("min_post_chars", "close_days") + COMMENDATION_FIELDS


def settings_for(session, project_id: int) -> GradingSettings:
    """The stored row, or an unsaved one holding the defaults."""
    row = session.get(GradingSettings, project_id)
    if row is not None:
        return row
    defaults, commendation = rules.GradingPolicy(), rules.CommendationPolicy()
    return GradingSettings(project_id=project_id, min_post_chars=DEFAULT_MIN_POST_CHARS, close_days=DEFAULT_CLOSE_DAYS,
                           **{f: getattr(defaults, f) for f in POLICY_FIELDS},
                           **{f: getattr(commendation, f) for f in COMMENDATION_FIELDS})


def min_post_chars(session, project_id: int) -> int:
    """The forum asks: how many countable characters a post needs to earn interaction points."""
    return settings_for(session, project_id).min_post_chars


def policy_of(row: GradingSettings) -> rules.GradingPolicy:
    return rules.GradingPolicy(**{f: getattr(row, f) for f in POLICY_FIELDS})


def commendation_policy_of(row: GradingSettings) -> rules.CommendationPolicy:
    """The outstanding learner's criteria of the project (its outstanding mark, the interaction targets)."""
    return rules.CommendationPolicy(
        outstanding_mark=row.outstanding_mark, first_percent=row.first_percent, early_days=row.early_days,
        extra_interactions=row.extra_interactions,
        interaction_minimum=row.topics_target + row.replies_target + row.qa_target)


def settings_dict(row: GradingSettings) -> dict:
    return {"project_id": row.project_id, **{f: getattr(row, f) for f in SETTING_FIELDS}}


def project_started(project: Project, now: datetime) -> bool:
    return any(now >= calendar.batch_opens_at(b.starts_on, clock.local_tz()) for b in project.batches)


def save_settings(session, actor, project: Project, values: dict, reason: str | None = None) -> GradingSettings:
    """A province admin sets the project's grading policy: freely before its first batch starts, afterwards only
    with a reason, which the audit log keeps and the project page shows (grades already final never change)."""
    policies.SET_GRADING_POLICY.enforce(actor, project)
    if calendar.needs_reason(project_started(project, clock.now()), True, reason):
        raise Conflict("project_started", _("The project's first batch has started: its grading policy changes only "
                                            "with a reason, which is kept in the log."),
                       fields={"reason": _("The batch has started: say why it changes.")})
    try:
        rules.GradingPolicy(**{f: values[f] for f in POLICY_FIELDS})
        rules.CommendationPolicy(**{f: values[f] for f in COMMENDATION_FIELDS})
    except (ValueError, TypeError) as error:
        raise InvalidInput(_("Please correct the marked fields."),
                           {"body": _("The points do not add up: %(why)s", why=str(error))}) from None
    row = session.get(GradingSettings, project.id)
    before = settings_dict(row) if row else None
    if row is None:
        row = GradingSettings(project_id=project.id)
        session.add(row)
    for name in SETTING_FIELDS:
        setattr(row, name, values[name])
    row.updated_at = clock.now()
    session.flush()
    audit.record(session, actor, "grading_policy.update", "project", project.id, before=before,
                 after={**settings_dict(row), "reason": (reason or "").strip() or None})
    return row


def closes_at(batch: Batch, row: GradingSettings) -> datetime:
    return calendar.grading_closes_at(batch.ends_on, row.close_days, clock.local_tz())


def grade_now(session, enrollment: Enrollment) -> Grade:
    """The enrollment's grade as it stands now, computed without writing anything.

    A grade stored as final is returned as stored. Otherwise it is computed from the current inputs into an
    unsaved ``Grade`` (the stored row, if any, is left untouched): ``final`` once the batch's grading has
    closed, the tutor's recommendation kept while the score still merits it.
    """
    stored = queries.stored_grade(session, enrollment.id)
    if stored is not None and stored.final:
        return stored
    batch = enrollment.training_class.batch
    row = settings_for(session, batch.project_id)
    return _on_read(stored, enrollment.id, enrollment.class_id, queries.grade_inputs(session, enrollment),
                    policy_of(row), closes_at(batch, row), clock.now())


@dataclass(frozen=True, slots=True)
class GradeFigures:
    """A grade as a class's table shows it: the stored figures of a final grade, or those computed now
    (grade_now's figures, without an ORM object)."""
    total: float
    passed: bool
    excellent: bool
    plagiarism: bool
    final: bool
    components: dict
    hints: list
    recommended: bool
    recommendation_note: str | None = None


@dataclass(frozen=True, slots=True)
class ClassGradeRow:
    enrollment_id: int
    teacher_id: int
    name: str
    username: str
    school: str  # the school's name ("" if none)
    grade: GradeFigures


def class_grades_now(session, klass) -> tuple[list[ClassGradeRow], dict[int, rules.Assessment]]:
    """Every active learner of the class with the grade as it stands (grade_now's figures for all), as plain
    rows in enrollment order, and each one's outstanding learner's criteria (enrollment id → assessment): what
    the class's grade table shows, on the page, in the API and in Excel. A fixed number of statements
    (queries.class_grade_rows, the inputs read once for both), no ORM objects, and the rules run once per
    distinct set of inputs (the grade is a pure function of them and the policy)."""
    row = settings_for(session, klass.batch.project_id)
    policy, closing, now = policy_of(row), closes_at(klass.batch, row), clock.now()
    rows, inputs = queries.class_grade_rows(session, klass)
    computed: dict[rules.GradeInputs, dict] = {}
    out = []
    for r in rows:
        if r.final:
            grade = GradeFigures(r.total, r.passed, r.excellent, r.plagiarism, True, r.components, r.hints,
                                 r.recommended, r.recommendation_note)
        else:
            key = inputs[r.id]
            figures = computed.get(key)
            if figures is None:
                figures = computed[key] = _figures(key, policy)
            excellent = figures["excellent"]
            recommended = bool(r.stored is not None and r.recommended and excellent)
            grade = GradeFigures(figures["total"], figures["passed"], excellent, figures["plagiarism"], now >= closing,
                                 figures["components"], figures["hints"], recommended,
                                 r.recommendation_note if recommended else None)
        out.append(ClassGradeRow(r.id, r.teacher_id, r.name, r.username, r.school or "", grade))
    assessed = assessments(session, klass.batch, klass.id, grades={r.enrollment_id: r.grade for r in out},
                           inputs={eid: (klass.id, facts) for eid, facts in inputs.items()})
    return out, {eid: assessment for eid, (_grade, assessment) in assessed.items()}


def _figures(inputs: rules.GradeInputs, policy: rules.GradingPolicy) -> dict:
    """The grade's figures from the pure rules: total, passed, excellent, plagiarism, components, hints."""
    breakdown = rules.compute_grade(inputs, policy)
    data = breakdown.as_dict()
    return {"total": data["total"], "passed": data["passed"], "excellent": data["excellent"],
            "plagiarism": data["plagiarism"], "components": data["components"],
            "hints": [_plain(h) for h in rules.what_is_missing(breakdown, inputs, policy)]}


def _on_read(stored: Grade | None, enrollment_id: int, class_id: int, inputs: rules.GradeInputs,
             policy: rules.GradingPolicy, closing: datetime, now: datetime) -> Grade:
    if stored is not None and stored.final:
        return stored
    grade = Grade(enrollment_id=enrollment_id, class_id=class_id, final=False, frozen_at=None, recommended=False,
                  recommended_by_id=None, recommendation_note=None)  # never added to the session
    if stored is not None:
        grade.recommended, grade.recommended_by_id = stored.recommended, stored.recommended_by_id
        grade.recommendation_note = stored.recommendation_note
    return _fill(grade, inputs, policy, closing, now)


def recompute_grade(session, enrollment_id: int) -> Grade:
    """Compute and store the enrollment's grade; a final grade is returned untouched.

    Once the batch's grading has closed the computed grade is stored as final: from then on it never
    changes, whatever happens to its inputs; a final, passed grade gets its certificate.
    For the paths that change a grade's inputs (hooks) and the daily command; reads use ``grade_now``.
    """
    grade = session.get(Grade, enrollment_id)
    if grade is not None and grade.final:
        return grade
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None:
        raise NotFound(_("No such enrollment."))
    batch = enrollment.training_class.batch
    row = settings_for(session, batch.project_id)
    grade = _store(session, grade, enrollment.id, enrollment.class_id, queries.grade_inputs(session, enrollment),
                   policy_of(row), closes_at(batch, row), clock.now())
    session.flush()
    _settled(session, [grade])
    return grade


def _store(session, grade: Grade | None, enrollment_id: int, class_id: int, inputs: rules.GradeInputs,
           policy: rules.GradingPolicy, closing: datetime, now: datetime) -> Grade:
    if grade is None:
        grade = Grade(enrollment_id=enrollment_id, class_id=class_id)
        session.add(grade)
    return _fill(grade, inputs, policy, closing, now)


def _fill(grade: Grade, inputs: rules.GradeInputs, policy: rules.GradingPolicy, closing: datetime,
          now: datetime) -> Grade:
    """Set ``grade``'s figures from the pure rules; final once grading has closed."""
    data = _figures(inputs, policy)
    grade.total, grade.passed, grade.excellent = data["total"], data["passed"], data["excellent"]
    grade.plagiarism, grade.components, grade.hints = data["plagiarism"], data["components"], data["hints"]
    grade.computed_at = now
    if now >= closing:
        grade.final, grade.frozen_at = True, now
    if not grade.excellent:
        grade.recommended = False  # a recommendation stands only for an outstanding score
    return grade


def _plain(hint: dict) -> dict:
    return {k: (float(v) if hasattr(v, "is_finite") else v) for k, v in hint.items()}


def _settled(session, grades) -> None:
    """Final grades go on: a final pass earns its certificate (J16), and every final grade posts or withdraws
    the training's entry in the continuing-education record — both layers above, reached through hooks."""
    final = [g for g in grades if g.final]
    due = [g.enrollment_id for g in final if g.passed]
    if due:
        registry.hook("certificates.issue_due")(session, due)
    if final:
        registry.hook("credits.grades_settled")(session, final)


def recompute_batch(session, batch_id: int) -> list[Grade]:
    """Every active enrollment of the batch at once: inputs read in grouped queries, not per learner.

    What ``lms grades recompute`` runs: grades whose grading has closed are stored as final, and every
    final, passed grade of the batch has its certificate issued (those not issued yet)."""
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise NotFound(_("No such batch."))
    row = settings_for(session, batch.project_id)
    policy, closing, now = policy_of(row), closes_at(batch, row), clock.now()
    existing = {g.enrollment_id: g for g in session.scalars(
        select(Grade).join(Enrollment, Grade.enrollment_id == Enrollment.id).where(Enrollment.batch_id == batch_id))}
    grades = []
    for enrollment_id, (class_id, inputs) in queries.batch_grade_inputs(session, batch_id).items():
        grade = existing.get(enrollment_id)
        grades.append(grade if grade is not None and grade.final else
                      _store(session, grade, enrollment_id, class_id, inputs, policy, closing, now))
    session.flush()
    _settled(session, grades)
    return grades


def batches_due(session, now: datetime) -> list[Batch]:
    """Batches whose grading has closed and that still have an active enrollment without a final grade."""
    unsettled = exists().where(Enrollment.batch_id == Batch.id, Enrollment.status == "active",
                               ~exists().where(and_(Grade.enrollment_id == Enrollment.id, Grade.final.is_(True))))
    candidates = session.scalars(select(Batch).where(Batch.ends_on <= now.astimezone(clock.local_tz()).date(), unsettled)
                                 .order_by(Batch.ends_on, Batch.id))
    return [batch for batch in candidates if closes_at(batch, settings_for(session, batch.project_id)) <= now]


def finalise_due(session) -> dict[int, int]:
    """Every batch whose grading closed: its grades recomputed and stored as final through the same path as
    ``lms grades recompute`` (certificates issued, credit entries posted); returns batch id → final grades."""
    done = {}
    for batch in batches_due(session, clock.now()):
        grades = recompute_batch(session, batch.id)
        done[batch.id] = sum(1 for g in grades if g.final)
    return done


PLAGIARISM_HINT = {"component": "plagiarism", "points": 0.0, "reason": "plagiarism_confirmed"}


def standing_of(grade: Grade | None) -> dict | None:
    """What a verdict changes on a grade, kept so that overturning it on appeal restores it."""
    if grade is None:
        return None
    return {"passed": grade.passed, "excellent": grade.excellent, "plagiarism": grade.plagiarism,
            "final": grade.final, "recommended": grade.recommended, "recommended_by_id": grade.recommended_by_id,
            "recommendation_note": grade.recommendation_note}


def current_standing(session, enrollment_id: int) -> dict | None:
    """The grade's standing as it stands now (recomputed unless final): what a verdict would change."""
    return standing_of(recompute_grade(session, enrollment_id))


def reflect_verdict(session, enrollment_id: int, restore: dict | None = None) -> Grade:
    """J12 at any time: a plagiarism verdict given, or overturned on appeal, changes the grade even once
    it is final — its total stays as frozen, its standing (passed, outstanding) follows the verdict. A
    grade not yet final is simply recomputed. ``restore``: the standing before the verdict, whose
    recommendation comes back with an overturn while the score still merits it."""
    grade = session.get(Grade, enrollment_id)
    if grade is None or not grade.final:
        grade = recompute_grade(session, enrollment_id)
    else:
        enrollment = session.get(Enrollment, enrollment_id)
        policy = policy_of(settings_for(session, enrollment.training_class.batch.project_id))
        grade.plagiarism = queries.plagiarism_confirmed(session, enrollment_id)
        grade.passed, grade.excellent = rules.standing(grade.total, grade.plagiarism, policy)
        others = [h for h in grade.hints or [] if h.get("component") != "plagiarism"]
        grade.hints = ([PLAGIARISM_HINT] if grade.plagiarism else []) + others
    if restore and restore.get("recommended") and grade.excellent:
        grade.recommended, grade.recommended_by_id = True, restore.get("recommended_by_id")
        grade.recommendation_note = restore.get("recommendation_note")
    if not grade.excellent:
        grade.recommended, grade.recommended_by_id = False, None
    session.flush()
    _settled(session, [grade])  # an overturn may pass a final grade that never had its certificate
    return grade


def assessments(session, batch: Batch, class_id: int | None = None, grades: dict | None = None,
                only: set[int] | None = None, inputs: dict | None = None) -> dict:
    """Every active learner of the batch (of one class) → (grade as it stands, rules.Assessment): the outstanding
    learner's criteria computed from the data. ``grades``: the grades already computed (the class page's);
    ``only``: the learners wanted (their classes are still ranked whole), the others' grades are not computed;
    ``inputs``: the grade inputs already read (enrollment id → (class id, inputs), as batch_grade_inputs)."""
    row = settings_for(session, batch.project_id)
    policy, criteria = policy_of(row), commendation_policy_of(row)
    if inputs is None:
        inputs = queries.batch_grade_inputs(session, batch.id, class_id=class_id)
    if grades is None:
        stored, closing, now = queries.stored_batch_grades(session, batch.id, class_id), closes_at(batch, row), clock.now()
        grades = {eid: _on_read(stored.get(eid), eid, cid, facts, policy, closing, now)
                  for eid, (cid, facts) in inputs.items() if only is None or eid in only}
    study = queries.study_completion(session, batch.id, class_id)
    tz = clock.local_tz()
    finished, sizes = {}, {}
    for eid, (cid, facts) in inputs.items():
        done = study.get(eid)
        sizes[cid] = sizes.get(cid, 0) + 1
        complete = (done is not None and done["lessons_done"] >= done["lessons"]
                    and facts.credited_seconds >= facts.required_seconds)
        moments = [m for m in ((done or {}).get("last_lesson_at"), (done or {}).get("required_met_at")) if m]
        finished[eid] = max(moments).astimezone(tz) if complete and moments else None
    ranks: dict = {}
    for cid in sizes:
        ranks.update(rules.finish_ranks({eid: finished[eid] for eid, (c, _i) in inputs.items() if c == cid}))
    starts = calendar.batch_opens_at(batch.starts_on, tz)
    # The quality of the outcomes (004 L119): the outcomes domain, above, answers which learners it showcases.
    showcased = registry.hook("outcomes.showcased")(session, batch.id, class_id)
    out = {}
    for eid, (cid, facts) in inputs.items():
        grade, done = grades.get(eid), study.get(eid) or {"lessons": 0, "lessons_done": 0}
        if grade is None:
            continue
        out[eid] = (grade, rules.assess(rules.CommendationFacts(
            total=grade.total, plagiarism=bool(grade.plagiarism), lessons=done["lessons"],
            lessons_done=done["lessons_done"], study_met=facts.credited_seconds >= facts.required_seconds,
            finished_at=finished[eid], batch_starts_at=starts, finish_rank=ranks.get(eid), class_size=sizes[cid],
            topics=facts.counted_topics, replies=facts.counted_replies, qa=facts.qa_participations,
            excellent_work=facts.excellent_work, showcased_outcome=eid in showcased), criteria))
    return out


def assessment_of(session, enrollment: Enrollment):
    """One learner's (grade, assessment), ranked within the class."""
    return assessments(session, enrollment.training_class.batch, enrollment.class_id).get(enrollment.id)


def recommend(session, actor, enrollment: Enrollment, recommended: bool, note: str | None) -> Grade:
    """J14: a tutor of the class recommends an outstanding learner. The score at the outstanding mark is never
    waived (409 below_outstanding); a learner missing another criterion (finished first, every lesson, active,
    excellent work) is recommended only with the tutor's reason (409 reason_required), kept with the
    recommendation and shown to the province."""
    policies.RECOMMEND.enforce(actor, enrollment)
    grade = recompute_grade(session, enrollment.id)
    if recommended and not grade.excellent:
        raise Conflict("below_outstanding", _("Only a learner at the outstanding mark or above can be recommended."))
    note = (note or "").strip() or None
    if recommended:
        found = assessment_of(session, enrollment)
        if found is not None and rules.recommendation_needs_reason(found[1], note):
            missing = "、".join(_criterion_label(c.key) for c in found[1].unmet())
            raise Conflict("reason_required",
                           _("This learner does not meet every criterion (%(missing)s): say why you recommend them.",
                             missing=missing),
                           fields={"note": _("Say why you recommend a learner who misses a criterion.")})
    grade.recommended, grade.recommendation_note = recommended, (note if recommended else None)
    grade.recommended_by_id = actor.id if recommended else None
    session.flush()
    audit.record(session, actor, "grade.recommend" if recommended else "grade.unrecommend", "enrollment",
                 enrollment.id, org_unit_id=enrollment.school_id,
                 after={"name": enrollment.teacher.name, "note": note if recommended else None})
    return grade


def _criterion_label(key: str) -> str:
    return str(criterion_labels()[key])


def criterion_labels() -> dict:
    """The criteria's short names, for pages, sheets and messages."""
    return {"score": _("Score at the outstanding mark"), "finished_first": _("Finished first"),
            "studied_all": _("Every lesson watched and read"), "active": _("Active in forum and Q&A"),
            "excellent_work": _("Work marked excellent")}
