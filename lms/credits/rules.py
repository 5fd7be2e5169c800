"""The continuing-education credit record (学时 and 学分 over a five-year cycle) as pure functions.

The shipped default is the Chaoyang district scheme (seed ``003_fecd2778b4f27b20.txt``, "学分管理办法"
from L309, the private-school variant L749-753) with the Beijing online research programme (seed
``000_95b7868d4c50280e.txt`` L32-35). Every rule is in docs/RULES.md ("Continuing-education credits")
with its line. Nothing here reads the clock, the request or the database: callers pass the year, the
entries and the region's :class:`RegionRules`.

Credits are ``Decimal`` with two places, always rounded down: a teacher is never credited more than the
hours earn. Hours (学时) are ``Decimal`` with one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import Iterable, Mapping

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
ZERO = Decimal(0)

# Categories of an entry. Self-study is counted within school-based study (L359); induction earns no credit (L363).
PUBLIC, PROFESSIONAL, ELECTIVE, SCHOOL_BASED, SELF_STUDY, INDUCTION = (
    "public", "professional", "elective", "school_based", "self_study", "induction")
CATEGORIES = (PUBLIC, PROFESSIONAL, ELECTIVE, SCHOOL_BASED, SELF_STUDY, INDUCTION)

# The four themes of public required courses and their credits (L331).
PUBLIC_THEMES = ("ethics", "policy", "student_development", "information_technology")
# The five modules of professional required courses, 2 credits each (L333).
PROFESSIONAL_MODULES = ("subject", "learning", "research", "international", "fundamentals")

# Where an entry comes from (issue 17, "a credit ledger per teacher").
TRAINING, OTHER_PLATFORM, OFFLINE, DEGREE, GUOPEI, IT20, SCHOOL_PROJECT, SELF_STUDY_PLAN, RESEARCH, PREVIOUS = (
    "training", "other_platform", "offline", "degree", "guopei", "it20", "school_project", "self_study_plan",
    "research", "previous_period")
SOURCES = (TRAINING, OTHER_PLATFORM, OFFLINE, DEGREE, GUOPEI, IT20, SCHOOL_PROJECT, SELF_STUDY_PLAN, RESEARCH,
           PREVIOUS)
# A source that fixes the entry's category whatever the claim says (L369, L371, L353, L359, 000 L33).
FIXED_CATEGORY = {DEGREE: PROFESSIONAL, GUOPEI: PROFESSIONAL, SCHOOL_PROJECT: SCHOOL_BASED,
                  SELF_STUDY_PLAN: SELF_STUDY, RESEARCH: ELECTIVE}

# Kinds of teacher (L363-367, L749, L216).
REGULAR, NEW, TRANSFERRED = "regular", "new", "transferred"
KINDS = (REGULAR, NEW, TRANSFERRED)

COMPLETE, ON_TRACK, BEHIND = "complete", "on_track", "behind"


class RuleError(ValueError):
    """An entry the rules cannot credit (a theme outside its category, negative hours)."""

    def __init__(self, code: str, field_name: str):
        super().__init__(code)
        self.code = code
        self.field = field_name


@dataclass(frozen=True)
class RegionRules:
    """One region's scheme. ``CHAOYANG`` is the default; another region replaces the values it changes."""
    name: str = "chaoyang"
    first_cycle_year: int = 2021  # the 14th five-year period, 2021-2025 (L78)
    cycle_years: int = 5
    total_credits: Decimal = Decimal(36)  # L319
    total_hours: Decimal = Decimal(540)  # L78
    required_credits: Decimal = Decimal(18)  # L321, L329
    public_themes: Mapping[str, Decimal] = field(default_factory=lambda: {
        "ethics": Decimal(3), "policy": Decimal(3), "student_development": Decimal(1),
        "information_technology": Decimal(1)})  # L331: 8 in all
    professional_credits: Decimal = Decimal(10)  # L329
    module_credits: Decimal = Decimal(2)  # L333, each of the five modules
    elective_credits: Decimal = Decimal(6)  # L339
    school_based_credits: Decimal = Decimal(10)  # L351
    school_based_per_year: Decimal = Decimal(2)  # L351
    self_study_credits: Decimal = Decimal(2)  # L359, within school-based
    # 学时 per credit (L335, L347, L353, L751; degree L369, 国培 L371, research 000 L33).
    hours_per_credit: Mapping[str, Decimal] = field(default_factory=lambda: {
        PUBLIC: Decimal(10), PROFESSIONAL: Decimal(10), ELECTIVE: Decimal(20), SCHOOL_BASED: Decimal(20),
        SELF_STUDY: Decimal(20)})
    degree_hours_per_credit: Decimal = Decimal(20)  # L369
    guopei_hours_per_credit: Decimal = Decimal(10)  # L371
    it20_public: Decimal = Decimal(1)  # L373: 1 to public 现代信息技术
    it20_professional: Decimal = Decimal(2)  # L373: 2 to professional
    induction_hours: Decimal = Decimal(120)  # L363
    yearly_average: Decimal = Decimal("7.2")  # L365, L367, L749
    institution_hours_per_year: Decimal = Decimal(72)  # L216
    private_school_based_credits: Decimal = Decimal(12)  # L749
    research_minutes_per_hour: int = 45  # 000 L33
    research_credit_cap_per_year: Decimal = Decimal(1)  # 000 L33
    research_review_hours: Decimal = Decimal(2)  # 000 L33: an open lesson review, 2 学时 for each side
    research_feedback_days: int = 7  # 000 L35
    # Days a claim may wait at each step before it shows as overdue (the product's choice: L323 asks for
    # "periodic" review without a number).
    review_days: int = 30


CHAOYANG = RegionRules()
REGIONS: dict[str, RegionRules] = {"chaoyang": CHAOYANG}


def region(name: str | None) -> RegionRules:
    """The rules of ``name``; an unknown or empty name is the default (Chaoyang)."""
    return REGIONS.get(name or "", CHAOYANG)


# --- the cycle ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cycle:
    start_year: int
    end_year: int

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.start_year, self.end_year + 1))

    def __contains__(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


def cycle_of(year: int, rules: RegionRules = CHAOYANG) -> Cycle:
    """The five-year cycle holding ``year``: 2021-2025 (L78), then 2026-2030, and so on."""
    start = rules.first_cycle_year + (year - rules.first_cycle_year) // rules.cycle_years * rules.cycle_years
    return Cycle(start, start + rules.cycle_years - 1)


# --- conversions ---------------------------------------------------------------------------------------------

def to_credits(hours: Decimal, hours_per_credit: Decimal) -> Decimal:
    """学时 → 学分 at a rate, rounded down to a hundredth (never more than earned)."""
    if hours < 0:
        raise RuleError("negative_hours", "hours")
    return (Decimal(hours) / Decimal(hours_per_credit)).quantize(CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class Award:
    """What one entry counts for: a category, its theme or module, and credits."""
    category: str
    theme: str | None
    credits: Decimal


def check_theme(category: str, theme: str | None) -> str | None:
    """A public entry names one of the four themes (L331); a professional one may name a module (L333)."""
    if category == PUBLIC:
        if theme not in PUBLIC_THEMES:
            raise RuleError("theme_required", "theme")
        return theme
    if category == PROFESSIONAL:
        if theme is not None and theme not in PROFESSIONAL_MODULES:
            raise RuleError("unknown_module", "theme")
        return theme
    if theme is not None:
        raise RuleError("no_theme_here", "theme")
    return None


def category_for(source: str, category: str | None) -> str:
    """The category an entry of ``source`` counts in: fixed for some sources, else the one claimed."""
    if source not in SOURCES:
        raise RuleError("unknown_source", "source")
    fixed = FIXED_CATEGORY.get(source)
    if fixed is not None:
        return fixed
    if source == IT20:
        return PUBLIC
    if category not in CATEGORIES:
        raise RuleError("unknown_category", "category")
    return category


def convert(source: str, category: str | None, hours: Decimal, theme: str | None = None,
            rules: RegionRules = CHAOYANG) -> list[Award]:
    """The credits one entry earns, by the conversion rules.

    - public and professional required: 10 学时 = 1 (L335, L751); electives, school-based, self-study:
      20 学时 = 1 (L347, L353);
    - degree or graduate study: 20 学时 = 1 professional credit (L369); 国培计划: 10 学时 = 1 professional (L371);
    - 信息技术应用能力提升工程 2.0: 3 credits whatever the hours, 1 public 现代信息技术 and 2 professional (L373);
    - the research programme: 20 学时 = 1 elective credit (000 L33; its yearly cap is applied in :func:`standing`);
    - induction: no credit at all (L363).
    """
    hours = Decimal(hours)
    if hours < 0:
        raise RuleError("negative_hours", "hours")
    if source == IT20:
        return [Award(PUBLIC, "information_technology", rules.it20_public),
                Award(PROFESSIONAL, None, rules.it20_professional)]
    category = category_for(source, category)
    theme = check_theme(category, theme)
    if category == INDUCTION:
        return [Award(INDUCTION, None, ZERO)]
    if source == DEGREE:
        rate = rules.degree_hours_per_credit
    elif source == GUOPEI:
        rate = rules.guopei_hours_per_credit
    else:
        rate = rules.hours_per_credit[category]
    return [Award(category, theme, to_credits(hours, rate))]


def research_hours(effective_minutes: int, feedback_days: int | None, reviews: int = 0,
                   rules: RegionRules = CHAOYANG) -> Decimal:
    """The Beijing research programme: every full 45 minutes of effective research is 1 学时, an open
    lesson review 2 学时 (000 L33) — and nothing at all without the teacher's feedback within 7 days (000 L35).
    """
    if effective_minutes < 0 or reviews < 0:
        raise RuleError("negative_hours", "hours")
    if feedback_days is None or feedback_days < 0 or feedback_days > rules.research_feedback_days:
        return ZERO
    return Decimal(effective_minutes // rules.research_minutes_per_hour) + rules.research_review_hours * reviews


# --- what a teacher must reach ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Profile:
    """The teacher's situation for one cycle.

    ``kind``: regular, new (first taught in ``start_year``, 2021 or later: L363-365) or transferred in
    from another province in ``start_year`` (L367; a transferred teacher new to teaching is new).
    ``private``: a private or non-bureau school (L749). ``institution``: staff of a training institution (L216).
    """
    kind: str = REGULAR
    start_year: int | None = None
    private: bool = False
    institution: bool = False


def counted_years(profile: Profile, cycle: Cycle) -> tuple[int, ...]:
    """The cycle's years the teacher is accountable for: all, or from the year of arrival (L365, L367)."""
    if profile.kind == REGULAR or profile.start_year is None or profile.start_year <= cycle.start_year:
        return cycle.years
    if profile.start_year > cycle.end_year:
        return ()
    return tuple(range(profile.start_year, cycle.end_year + 1))


def _scaled(value: Decimal, share: Decimal) -> Decimal:
    return (value * share).quantize(CENT, rounding=ROUND_UP)


@dataclass(frozen=True)
class Requirements:
    years: tuple[int, ...]
    total_credits: Decimal
    total_hours: Decimal
    public_themes: Mapping[str, Decimal]
    professional: Decimal
    elective: Decimal
    school_based: Decimal
    school_based_per_year: Decimal
    self_study: Decimal
    yearly_credits: Decimal | None  # a minimum each year (private schools: L749)
    induction_hours: Decimal
    institution_hours_per_year: Decimal | None


def requirements(profile: Profile, cycle: Cycle, rules: RegionRules = CHAOYANG) -> Requirements:
    """The minima of one teacher for one cycle.

    A full cycle: 36 credits and 540 学时 (L78, L319); public 8 by theme (L331), professional ≥ 10 (L329),
    electives ≥ 6 (L339), school-based ≥ 10 at 2 a year (L351), self-study ≥ 2 within it (L359).
    A teacher counted from a later year (new: L365, transferred: L367) owes 7.2 credits for each of those
    years; the other minima shrink in the same proportion (our reading: the seed states only the average).
    Private and non-bureau schools: school-based 12 and at least 7.2 every year (L749).
    New teachers: the 120-学时 induction first, never replaced by other training (L363).
    Training-institution staff: at least 72 学时 every year (L216).
    """
    years = counted_years(profile, cycle)
    full = len(years) == len(cycle.years)
    share = Decimal(len(years)) / Decimal(len(cycle.years))
    scale = (lambda v: v) if full else (lambda v: _scaled(v, share))
    school_based = rules.private_school_based_credits if profile.private else rules.school_based_credits
    total = rules.total_credits if full else (rules.yearly_average * len(years)).quantize(CENT)
    return Requirements(
        years=years, total_credits=total, total_hours=scale(rules.total_hours),
        public_themes={theme: scale(v) for theme, v in rules.public_themes.items()},
        professional=scale(rules.professional_credits), elective=scale(rules.elective_credits),
        school_based=scale(school_based), school_based_per_year=rules.school_based_per_year,
        self_study=scale(rules.self_study_credits),
        yearly_credits=rules.yearly_average if profile.private else None,
        induction_hours=rules.induction_hours if profile.kind == NEW else ZERO,
        institution_hours_per_year=rules.institution_hours_per_year if profile.institution else None)


# --- where a teacher stands --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Counted:
    """One counted ledger entry, as the rules see it (the caller passes confirmed entries only)."""
    year: int
    category: str
    theme: str | None
    hours: Decimal
    credits: Decimal
    source: str = TRAINING


@dataclass(frozen=True)
class Line:
    """One requirement: its key (``total``, ``public.ethics``, ``school_based.2023`` …), required, earned, missing."""
    key: str
    required: Decimal
    earned: Decimal
    unit: str = "credits"  # or "hours"

    @property
    def missing(self) -> Decimal:
        return max(ZERO, self.required - self.earned)

    @property
    def met(self) -> bool:
        return self.earned >= self.required


@dataclass(frozen=True)
class Standing:
    cycle: Cycle
    requirements: Requirements
    lines: tuple[Line, ...]
    credits: Decimal
    hours: Decimal
    by_year: Mapping[int, Decimal]
    by_category: Mapping[str, Decimal]
    offset: Decimal  # professional credits above the minimum counted as electives (L335)
    status: str

    @property
    def missing(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if not line.met)


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def capped_research(entries: Iterable[Counted], rules: RegionRules = CHAOYANG) -> list[Counted]:
    """The research programme earns at most 1 credit a year (000 L33): later entries of a year are cut."""
    used: dict[int, Decimal] = {}
    out = []
    for entry in entries:
        if entry.source == RESEARCH:
            room = max(ZERO, rules.research_credit_cap_per_year - used.get(entry.year, ZERO))
            credits = min(entry.credits, room)
            used[entry.year] = used.get(entry.year, ZERO) + credits
            entry = replace(entry, credits=credits)
        out.append(entry)
    return out


def standing(entries: Iterable[Counted], profile: Profile, cycle: Cycle, this_year: int,
             rules: RegionRules = CHAOYANG) -> Standing:
    """Where a teacher stands in ``cycle`` on ``this_year``: every minimum, earned, missing, and a verdict.

    Professional credits above the professional minimum count as electives (L335); nothing counts the
    other way — electives and school-based study never make up required courses (L753).
    ``complete``: every minimum met. ``on_track``: the credits so far reach the yearly average times the
    counted years already over (7.2 a year, L365). Else ``behind``.
    """
    req = requirements(profile, cycle, rules)
    counted = capped_research([e for e in entries if e.year in cycle and e.year in req.years], rules)
    by_category = {c: _sum(e.credits for e in counted if e.category == c) for c in CATEGORIES}
    by_theme = {t: _sum(e.credits for e in counted if e.category == PUBLIC and e.theme == t) for t in PUBLIC_THEMES}
    by_year = {y: _sum(e.credits for e in counted if e.year == y) for y in cycle.years}
    hours = _sum(e.hours for e in counted if e.category != INDUCTION)
    credits = _sum(by_category.values())
    professional = by_category[PROFESSIONAL]
    offset = max(ZERO, professional - req.professional)
    school_based = by_category[SCHOOL_BASED] + by_category[SELF_STUDY]

    lines = [Line("total", req.total_credits, credits), Line("hours", req.total_hours, hours, "hours")]
    lines += [Line(f"public.{t}", req.public_themes[t], by_theme[t]) for t in PUBLIC_THEMES]
    lines += [Line("professional", req.professional, professional),
              Line("elective", req.elective, by_category[ELECTIVE] + offset),
              Line("school_based", req.school_based, school_based),
              Line("self_study", req.self_study, by_category[SELF_STUDY])]
    past = [y for y in req.years if y <= this_year]
    for year in past:
        earned = _sum(e.credits for e in counted if e.year == year and e.category in (SCHOOL_BASED, SELF_STUDY))
        lines.append(Line(f"school_based.{year}", req.school_based_per_year, earned))
        if req.yearly_credits is not None:
            lines.append(Line(f"year.{year}", req.yearly_credits, by_year[year]))
        if req.institution_hours_per_year is not None:
            lines.append(Line(f"institution_hours.{year}", req.institution_hours_per_year,
                              _sum(e.hours for e in counted if e.year == year and e.category != INDUCTION), "hours"))
    if req.induction_hours:
        lines.append(Line("induction", req.induction_hours,
                          _sum(e.hours for e in counted if e.category == INDUCTION), "hours"))

    if all(line.met for line in lines):
        status = COMPLETE
    else:
        over = [y for y in req.years if y < this_year]
        expected = rules.yearly_average * len(over)
        status = ON_TRACK if credits >= expected and this_year <= cycle.end_year else BEHIND
    return Standing(cycle=cycle, requirements=req, lines=tuple(lines), credits=credits, hours=hours,
                    by_year=by_year, by_category=by_category, offset=offset, status=status)


def module_progress(entries: Iterable[Counted], cycle: Cycle, rules: RegionRules = CHAOYANG) -> dict[str, Decimal]:
    """Professional credits per module (2 offered in each, L333), for the page's "what would fill it"."""
    return {m: _sum(e.credits for e in entries if e.year in cycle and e.category == PROFESSIONAL and e.theme == m)
            for m in PROFESSIONAL_MODULES}


def certificate_refusal(standing: Standing) -> str | None:
    """Why no certificate of completion is issued for the standing's cycle, or None when one is.

    Teachers who completed the cycle's credits receive the period's training completion certificate (L325);
    "completed" is every minimum of :func:`standing` met — it may be before the cycle's last year.
    """
    return None if standing.status == COMPLETE else "cycle_not_complete"


# --- the review of a claim -----------------------------------------------------------------------------------

CLAIMED, APPROVED, CONFIRMED, REJECTED = "claimed", "approved", "confirmed", "rejected"
STATUSES = (CLAIMED, APPROVED, CONFIRMED, REJECTED)
# Who moves an entry on: the school approves a claim, the district confirms it (L323, L755); either may reject.
STEPS = {("approve", CLAIMED): APPROVED, ("confirm", APPROVED): CONFIRMED,
         ("reject", CLAIMED): REJECTED, ("reject", APPROVED): REJECTED}


def next_status(action: str, status: str) -> str | None:
    """The status after ``action`` on an entry in ``status``, or None when the step is not allowed."""
    return STEPS.get((action, status))


def counts(status: str) -> bool:
    """Only confirmed entries count toward the record (L323: the district confirms)."""
    return status == CONFIRMED


def overdue_since(now, rules: RegionRules = CHAOYANG):
    """The latest moment a claim may have started waiting and be overdue ``now``: more than the review days ago."""
    return now - timedelta(days=rules.review_days + 1)


def review_overdue(waiting_since, now, rules: RegionRules = CHAOYANG) -> bool:
    """A claim (or an approval) waiting longer than the region's review days is overdue."""
    return waiting_since <= overdue_since(now, rules)


def escalated(status: str, waiting_since, now, rules: RegionRules = CHAOYANG) -> bool:
    """A claim its school has left unreviewed past the review days goes up to the county (district) office.

    The district office reviews and confirms credits periodically (L323) and every claim is reviewed by the
    school and the district (L755): a claim that waits more than ``review_days`` (30) for its school is
    shown in the county's queue, and the county may approve it (confirming it at once) or reject it itself.
    """
    return status == CLAIMED and review_overdue(waiting_since, now, rules)


# --- school-based projects and self-study plans ------------------------------------------------------------------

FILED = "filed"
PLAN_STATUSES = (FILED, APPROVED, REJECTED)
PLAN_SOURCES = (SCHOOL_PROJECT, SELF_STUDY_PLAN)
PROJECT_FILING_MONTH = 1  # L625, L801: schools file the year's school-based projects in January


def plan_filing_error(kind: str, year: int, today) -> str | None:
    """Why a plan for ``year`` cannot be filed on ``today``, or None.

    A school's school-based project for a year is filed in January of that year (L625, L801); a teacher's
    self-study plan is filed for the current year or the next (L657: the school approves it before the study).
    """
    if kind == SCHOOL_PROJECT:
        if (today.year, today.month) != (year, PROJECT_FILING_MONTH):
            return "project_filing_closed"
        return None
    if kind == SELF_STUDY_PLAN:
        return None if year in (today.year, today.year + 1) else "plan_year_out_of_range"
    return "unknown_plan_kind"


def plan_needed(source: str) -> bool:
    """School-based study counts only under an approved project (L351, L625); self-study under an approved plan (L657)."""
    return source in PLAN_SOURCES


# --- the December evaluation of school-based projects and the January self-study summary --------------------------

PASSED, FAILED = "passed", "failed"
EVALUATION_RESULTS = (PASSED, FAILED)
EVALUATION_MONTH = 12  # L801: the district evaluates the year's school-based projects in December
SUMMARY_MONTH = 1  # L671: schools hand in the previous year's self-study summary in January


def evaluation_error(kind: str, status: str, year: int, evaluated: bool, today) -> str | None:
    """Why a plan cannot be evaluated on ``today``, or None.

    The district office evaluates each approved school-based project of a year from December of that year
    (L801); once evaluated, the result stands.
    """
    if kind != SCHOOL_PROJECT:
        return "not_a_project"
    if status != APPROVED:
        return "project_not_approved"
    if evaluated:
        return "project_evaluated"
    if (today.year, today.month) < (year, EVALUATION_MONTH):
        return "evaluation_not_open"
    return None


def project_credits_recognised(evaluation: str | None) -> bool:
    """A project evaluated as failing earns no school-based credit (L801: "不予认定校本研修学分")."""
    return evaluation != FAILED


def summary_filing_error(year: int, today) -> str | None:
    """A school files the summary of ``year``'s self-study in January of the next year (L671)."""
    return None if (today.year, today.month) == (year + 1, SUMMARY_MONTH) else "summary_filing_closed"


# --- proposal calendars of training projects and courses (C4) -----------------------------------------------------

PROJECT_PROPOSAL_MONTH = 10  # L407: units propose the next year's training projects in October
COURSE_REVIEW_MONTHS = (5, 11)  # L495: courses are proposed and reviewed in May and November
GENERAL_COURSE_HOURS = (Decimal(20), Decimal(40))  # L487: a general course 20-40 课时
MICRO_COURSE_HOURS = (Decimal(4), Decimal(8))  # L487: a micro-course 4-8 课时
COURSE_UNIT_HOURS = Decimal(4)  # L487: in units of 4 学时


def project_proposal_error(year: int, today) -> str | None:
    """Why a training project for ``year`` cannot be proposed on ``today``, or None: next year's projects are
    proposed to the district office in October (L407)."""
    if today.month != PROJECT_PROPOSAL_MONTH:
        return "project_proposal_closed"
    if year != today.year + 1:
        return "project_proposal_year"
    return None


def course_proposal_error(today) -> str | None:
    """Why a course cannot be proposed on ``today``, or None: proposals are reviewed in May and November (L495)."""
    return None if today.month in COURSE_REVIEW_MONTHS else "course_proposal_closed"


def course_length_error(hours: Decimal) -> str | None:
    """A course is a general one of 20-40 学时 or a micro-course of 4-8, built of 4-学时 units (L487)."""
    hours = Decimal(hours)
    fits = any(low <= hours <= high for low, high in (GENERAL_COURSE_HOURS, MICRO_COURSE_HOURS))
    return None if fits and hours % COURSE_UNIT_HOURS == 0 else "course_length"
