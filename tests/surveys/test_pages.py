"""The survey pages: an admin writes a survey from a template, adds and orders questions, publishes; a learner
sees it on its home page and answers with a message per question when something is missing; the results page
counts; an admin of another area is refused."""
from __future__ import annotations

import re

from lms.core import clock
from tests.forum.conftest import DURING
from tests.helpers import csrf_token, sign_in


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    client.get("/lang/en")
    return client


def _post(client, page_path, action, data, **kw):
    token = csrf_token(client.get(page_path).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=True, **kw)


def test_write_publish_answer_and_read_results(app, room):
    with clock.frozen_at(DURING):
        admin = _client(app, room.admin)
        page = admin.get("/surveys/new?template=course").get_data(as_text=True)
        assert "Starting from" in page and "6 questions" in page
        r = _post(admin, "/surveys/new?template=course", "/surveys/new",
                  {"template": "course", "title": "课程评价（第9批）", "intro": "匿名填写", "anonymous": "y",
                   "opens_at": "2026-11-20T08:00", "closes_at": "2026-11-30T22:00",
                   "target_id": f"batch:{room.batch}", "audience": "learners"})
        html = r.get_data(as_text=True)
        assert r.status_code == 200 and "The draft is saved." in html
        path = r.request.path
        survey_id = int(re.search(r"/surveys/(\d+)", path).group(1))
        # A question with a bad definition: the message sits on its field.
        r = _post(admin, path, f"{path}/questions", {"kind": "single", "prompt": "只有一个选项", "options": "甲"})
        assert "Give between 2 and 20 options." in r.get_data(as_text=True)
        r = _post(admin, path, f"{path}/questions", {"kind": "text", "prompt": "其他意见", "max_length": "50"})
        assert "The question is added." in r.get_data(as_text=True)
        html = admin.get(path).get_data(as_text=True)
        assert html.index("其他意见") > html.index("What should we improve?")
        last = re.findall(rf"{path}/questions/(\d+)/up", html)[-1]
        _post(admin, path, f"{path}/questions/{last}/up", {})
        html = admin.get(path).get_data(as_text=True)
        assert html.index("其他意见") < html.index("What should we improve?")
        r = _post(admin, path, f"{path}/publish", {})
        assert "The survey is published." in r.get_data(as_text=True)

        learner = _client(app, room.alice)
        home = learner.get("/").get_data(as_text=True)
        assert "Surveys to answer" in home and "课程评价（第9批）" in home
        answer_path = f"/surveys/{survey_id}/answer"
        page = learner.get(answer_path).get_data(as_text=True)
        assert "This survey is anonymous" in page
        ids = [int(i) for i in re.findall(r'name="q(\d+)"', page)]
        ids = list(dict.fromkeys(ids))
        assert len(ids) == 7
        # Only the first scale answered: the other required questions are marked one by one.
        r = _post(learner, answer_path, answer_path, {f"q{ids[0]}": "5"})
        html = r.get_data(as_text=True)
        assert r.status_code == 400 and html.count("Please answer this question.") == 3
        assert 'value="5" autocomplete="off" checked' in html  # what was given stays
        r = _post(learner, answer_path, answer_path,
                  {f"q{ids[0]}": "5", f"q{ids[1]}": "4", f"q{ids[2]}": "3", f"q{ids[3]}": ["0", "2"],
                   f"q{ids[4]}": "0", f"q{ids[5]}": "多一些案例"})
        assert "Thank you: your answers are in." in r.get_data(as_text=True)
        assert "You have answered this survey." in learner.get(answer_path).get_data(as_text=True)
        assert "Surveys to answer" not in learner.get("/").get_data(as_text=True)
        assert learner.get(f"/surveys/{survey_id}/results").status_code == 403

        html = admin.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
        assert "33.3%" in html and "多一些案例" in html and "survey-chart" in html and html.count("· mean") == 3
        assert admin.get(f"/api/v1/surveys/{survey_id}/results.xlsx").status_code == 200

        outsider = _client(app, room.city2_admin)
        assert outsider.get(f"/surveys/{survey_id}").status_code == 403
        assert outsider.get(f"/surveys/{survey_id}/results").status_code == 403
