"""The editable text a new briefing or summary report starts from, written from the area's figures (J16b): the
author corrects and completes it before publishing."""
from __future__ import annotations

from flask_babel import gettext as _

from lms.briefings import rules


def period_name(project, batch) -> str:
    if batch is None:
        return project.name
    return _("%(project)s, batch %(n)d", project=project.name, n=batch.number)


def title(kind: str, unit_name: str, period: str) -> str:
    if kind == "summary":
        return _("Summary report of %(unit)s: %(period)s", unit=unit_name, period=period)
    return _("Briefing of %(unit)s: %(period)s", unit=unit_name, period=period)


def kind_label(kind: str) -> str:
    return {"summary": _("Summary report"), "briefing": _("Briefing"), "class": _("Class briefing")}[kind]


def body(kind: str, unit_name: str, period: str, figures: dict) -> str:
    f = figures
    hours = "—" if f["study_hours_avg"] is None else f"{f['study_hours_avg']:.1f}"
    paragraphs = [
        _("%(period)s: %(enrolled)d teachers of %(unit)s enrolled and %(started)d of them started learning "
          "(participation %(participation)s).", period=period, enrolled=f["enrolled"], unit=unit_name,
          started=f["started"], participation=rules.percent(f["participation_rate"])),
        _("On average each learner studied %(hours)s hours; assignments handed in: %(assignments)s; learners "
          "taking part in the forum: %(forum)s; passed: %(passed)s.", hours=hours,
          assignments=rules.percent(f["assignment_completion_rate"]), forum=rules.percent(f["discussion_rate"]),
          passed=rules.percent(f["pass_rate"])),
        _("Outstanding learners commended: %(outstanding)d; plagiarism cases confirmed: %(plagiarism)d.",
          outstanding=f["outstanding"], plagiarism=f["plagiarism_cases"]),
    ]
    best, weakest = rules.best_and_weakest(f["children"])
    if best is not None and best is not weakest:
        paragraphs.append(_("Highest pass rate: %(best)s (%(best_rate)s); lowest: %(weakest)s (%(weakest_rate)s).",
                            best=best["name"], best_rate=rules.percent(best["pass_rate"]), weakest=weakest["name"],
                            weakest_rate=rules.percent(weakest["pass_rate"])))
    if f["children"]:
        behind = rules.lagging(f["children"])
        limit = rules.percent(rules.LAGGING_BELOW)
        paragraphs.append(_("Participation under %(limit)s: %(names)s.", limit=limit, names="、".join(behind))
                          if behind else _("Every unit's participation reaches %(limit)s.", limit=limit))
    if kind == "summary":
        paragraphs += [_("Good practice:"), _("Problems and what we will do about them:")]
    else:
        paragraphs.append(_("Next steps:"))
    return "\n\n".join(paragraphs)
