"""The classes list pages 50 at a time with a pager, and a page costs the same SQL statements with 10 or
60 classes in the batch (issue 11). Counted, not timed."""
from __future__ import annotations

import re

from sqlalchemy import insert

from lms.core import clock
from lms.extensions import db
from lms.projects.models import TrainingClass, class_tutor
from tests.helpers import count_statements, sign_in
from tests.programme import NOW, Programme

CEILING = 14


def _classes(app, batch_id: int, course_id: int, tutor_id: int, n: int, start: int) -> None:
    with app.app_context():
        ids = [db.session.execute(insert(TrainingClass).returning(TrainingClass.id), [{
            "course_id": course_id, "batch_id": batch_id, "name": f"班级{i:03d}", "created_at": clock.now()}])
            .scalar_one() for i in range(start, start + n)]
        db.session.execute(insert(class_tutor), [{"class_id": c, "user_id": tutor_id} for c in ids])
        db.session.commit()


def _statements(app, client, path):
    client.get(path)
    with count_statements(app) as seen:
        r = client.get(path)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    return len(seen), r.get_data(as_text=True)


def test_the_classes_list_is_paged_and_costs_the_same_for_10_and_60_classes(app, make):
    tree = make.tree()
    tutor = make.user(tree["province"], "tutor", name="辅导员甲")
    programme = Programme(app)
    batch = programme.batch(programme.project())
    course = programme.course()
    client = app.test_client()
    with clock.frozen_at(NOW):
        sign_in(client, make.admin(tree["province"]))
        _classes(app, batch, course, tutor.id, 10, 0)
        ten, page = _statements(app, client, f"/classes/?batch_id={batch}")
        assert page.count("班级0") == 10 and "pagination" not in page
        _classes(app, batch, course, tutor.id, 50, 10)
        sixty, page = _statements(app, client, f"/classes/?batch_id={batch}")
        assert ten == sixty <= CEILING, (ten, sixty)
        assert len(re.findall(r"班级\d{3}", page)) == 50 and "班级000" in page and "班级050" not in page
        assert re.search(r"/classes/\?(batch_id=%d&amp;page=2|page=2&amp;batch_id=%d)" % (batch, batch), page), \
            re.findall(r"href=\"(/classes/\?[^\"]*)", page)
        assert "(60)" in page
        second = client.get(f"/classes/?batch_id={batch}&page=2").get_data(as_text=True)
        assert len(re.findall(r"班级\d{3}", second)) == 10 and "班级059" in second and "辅导员甲" in second
