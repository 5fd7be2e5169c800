"""The demo's surveys step: the province's course evaluation is open in the running batch with answers; the
province admin reads its results and the printed teacher finds it to answer on the home page."""
from __future__ import annotations

from sqlalchemy import select

from lms.demo.loader import load_demo
from lms.extensions import db
from lms.surveys.models import Survey, SurveyResponse
from tests.web.test_demo import _sign_in


def test_the_demo_course_evaluation_is_open_with_answers(app):
    with app.app_context():
        accounts = {role: username for role, username, _where in load_demo(db.session)}
        db.session.commit()
        survey = db.session.scalar(select(Survey))
        assert survey.status == "published" and survey.anonymous and survey.template == "course"
        responses = db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)).all()
        assert len(responses) == 60 and all(r.user_id is None for r in responses)
        survey_id = survey.id
    admin, _r = _sign_in(app, accounts["province_admin"])
    html = admin.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "survey-chart" in html and "60" in html
    teacher, _r = _sign_in(app, accounts["teacher"])
    assert f"/surveys/{survey_id}/answer" in teacher.get("/").get_data(as_text=True)
    city, _r = _sign_in(app, accounts["city_admin"])
    assert city.get(f"/surveys/{survey_id}/results").status_code == 403
