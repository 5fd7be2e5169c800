"""The activities a caller is offered to manage are the ones whose page opens for it: an admin's activity of one
class is its organiser's and its area's admins' (docs/RULES.md J10b), not the class's tutors'; a tutor's
activity of its class is every tutor's of that class. The list (page and API) and the detail agree."""
from __future__ import annotations

from lms.activities import policies, queries
from lms.activities.models import Activity
from lms.extensions import db
from lms.org.models import User
from tests.activities.test_activities_api import _create
from tests.helpers import assert_error, sign_in


def _managed_ids(room, user) -> list[int]:
    return [a["id"] for a in room.get("/activities?scope=managed", user).get_json()["items"]]


def test_a_tutor_is_not_offered_an_admins_activity_of_its_class(room, app):
    city_class = _create(room, room.city1_admin, title="市级观摩课", class_id=room.klass).get_json()
    assert city_class["org_unit_id"] == room.tree["city1"].id and city_class["class_id"] == room.klass
    own = _create(room, room.tutor, title="班级直播答疑", class_id=room.klass).get_json()
    # The API's managed list and the activity itself say the same to the class's tutor.
    assert _managed_ids(room, room.tutor) == [own["id"]]
    assert_error(room.get(f"/activities/{city_class['id']}", room.tutor), 404, "not_found")
    assert room.get(f"/activities/{own['id']}", room.tutor).status_code == 200
    # The city admin (the organiser) and the province above it still manage the city's class activity.
    assert city_class["id"] in _managed_ids(room, room.city1_admin)
    assert city_class["id"] in _managed_ids(room, room.admin)
    assert room.get(f"/activities/{city_class['id']}/attendance", room.admin).status_code == 200
    # The page links only what opens.
    client = app.test_client()
    sign_in(client, room.tutor)
    html = client.get("/activities/").get_data(as_text=True)
    assert f'href="/activities/{own["id"]}"' in html and f'/activities/{city_class["id"]}"' not in html
    assert client.get(f"/activities/{city_class['id']}").status_code == 404


def test_the_managed_list_is_what_the_policy_lets_each_manage(room, app):
    """For every caller, queries.managed lists exactly the activities policies.can_manage allows."""
    _create(room, room.city1_admin, title="市级讲座")
    _create(room, room.city1_admin, title="市级观摩课", class_id=room.klass)
    _create(room, room.city2_admin, title="另一城市的讲座")
    _create(room, room.tutor, title="班级直播答疑", class_id=room.klass)
    _create(room, room.other_tutor, title="另一班的答疑", class_id=room.other_class)
    with app.app_context():
        activities = list(db.session.query(Activity))
        assert len(activities) == 5
        for person in (room.admin, room.city1_admin, room.city2_admin, room.school_admin, room.tutor,
                       room.other_tutor, room.alice):
            actor = db.session.get(User, person.id)
            listed = {a.id for a in queries.managed(db.session, actor)[0]}
            allowed = {a.id for a in activities if policies.can_manage(actor, a)}
            assert listed == allowed, actor.name
