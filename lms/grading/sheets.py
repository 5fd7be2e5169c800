"""A class's grades as rows and as an Excel workbook (openpyxl)."""
from __future__ import annotations

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from lms.core.spreadsheets import append_row, workbook_bytes
from lms.grading import services


def _score(grade, name: str) -> float:
    return grade.components.get(name, {}).get("score", 0.0)


def class_workbook(session, klass) -> bytes:
    book = Workbook(write_only=True)  # rows streamed out: a large class costs far less than a full workbook
    sheet = book.create_sheet(_("Grades")[:31])
    headers = [_("Full name"), _("Username"), _("School"), _("Study time (min)"), _("Study (50)"), _("Objective (10)"),
               _("Subjective (20)"), _("Excellent work (2)"), _("Interaction (18)"), _("Total"), _("Passed"),
               _("Outstanding"), _("Recommended"), _("Plagiarism"), _("Final"), _("Candidate"),
               _("Criteria not met"), _("Tutor's reason")]
    for i in range(1, len(headers) + 1):  # a write-only sheet takes its column widths before its rows
        sheet.column_dimensions[get_column_letter(i)].width = 14
    append_row(sheet, [klass.name, klass.course.title, _("Batch %(n)d", n=klass.batch.number)])
    append_row(sheet, headers)
    yes, no = _("yes"), _("no")
    rows, assessed = services.class_grades_now(session, klass)
    labels = services.criterion_labels()
    for row in rows:
        grade, assessment = row.grade, assessed[row.enrollment_id]
        study = grade.components.get("study", {})
        append_row(sheet, [row.name, row.username, row.school,
                      round(study.get("credited_seconds", 0) / 60), _score(grade, "study"), _score(grade, "objective"),
                      _score(grade, "subjective"), _score(grade, "excellent_work"), _score(grade, "interaction"),
                      grade.total, yes if grade.passed else no, yes if grade.excellent else no,
                      yes if grade.recommended else no, yes if grade.plagiarism else no,
                      yes if grade.final else no, yes if assessment.candidate else no,
                      "、".join(str(labels[c.key]) for c in assessment.unmet()),
                      (grade.recommendation_note or "") if grade.recommended else ""])
    return workbook_bytes(book)
