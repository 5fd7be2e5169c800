"""The demo of `lms serve --demo`: realistic, idempotent, and every printed account signs in."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.demo.loader import DEMO_PASSWORD, load_demo
from lms.extensions import db
from lms.org.models import OrgUnit, User
from tests.helpers import csrf_token


def test_demo_loads_once_and_every_account_sees_its_home(app):
    with app.app_context():
        accounts = load_demo(db.session)
        db.session.commit()
        assert load_demo(db.session) == accounts  # a second run adds nothing
        cities = db.session.scalars(select(OrgUnit.name).where(OrgUnit.level == "city")).all()
        assert len(cities) == 13 and "南京市" in cities and "宿迁市" in cities
        teachers = db.session.scalar(select(func.count(User.id)).where(User.username.like("t%")))
        assert 1500 <= teachers <= 3000
    roles = {role for role, _username, _where in accounts}
    assert {"province_admin", "city_admin", "county_admin", "school_admin", "teacher", "tutor", "expert"} <= roles
    for _role, username, where in accounts:
        client = app.test_client()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        r = client.post("/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token})
        assert r.status_code == 302, username
        page = client.get("/").get_data(as_text=True)
        assert where in page, username
