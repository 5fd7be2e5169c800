"""lms.core.texts: many lazy strings rendered through one catalogue read exactly as ``str()`` reads them."""
from __future__ import annotations

from datetime import datetime, timedelta

import flask_babel
import pytest
from flask_babel import force_locale, lazy_gettext

from lms.core.texts import text_renderer
from lms.grading import rules

START = datetime(2026, 11, 16, 8, 0)
FACTS = [rules.CommendationFacts(total=total, lessons=4, lessons_done=done, study_met=done == 4,
                                 finished_at=START + timedelta(days=3) if done == 4 else None, batch_starts_at=START,
                                 finish_rank=rank, class_size=10, topics=topics, replies=4, qa=1,
                                 excellent_work=excellent, plagiarism=plagiarism)
         for total, done, rank, topics, excellent, plagiarism in (
             (95, 4, 1, 2, True, False), (61.5, 2, None, 0, False, False), (99, 4, 7, 9, False, True))]


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_criterion_reads_as_str_reads_it(app, locale):
    with app.test_request_context("/"), force_locale(locale):
        render = text_renderer()
        criteria = [c for facts in FACTS for c in rules.assess(facts).criteria]
        assert {c.key for c in criteria} == set(rules.CRITERIA)
        for criterion in criteria:
            assert criterion.as_dict(render) == criterion.as_dict()
        assert render("已是文字") == "已是文字" and render(3) == "3"
        if locale == "zh_CN":
            assert render(lazy_gettext("Plagiarism was confirmed: the training has failed.")) != \
                "Plagiarism was confirmed: the training has failed."


def test_the_catalogue_is_looked_up_once(app, monkeypatch):
    lookups = []
    looked_up = flask_babel.Domain.get_translations
    monkeypatch.setattr(flask_babel.Domain, "get_translations", lambda self: lookups.append(1) or looked_up(self))
    with app.test_request_context("/"), force_locale("zh_CN"):
        render = text_renderer()
        texts = [render(c.why) for facts in FACTS for c in rules.assess(facts).criteria]
    assert len(texts) == 15 and len(lookups) == 1
