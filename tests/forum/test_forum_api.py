"""The class forum through the API: what counts, featuring, hiding, who may read and write."""
from __future__ import annotations

from tests.forum.conftest import DURING, ENDED, fresh
from tests.helpers import assert_error


def test_a_topic_and_a_reply_count_when_long_and_new(room):
    r = room.topic(room.alice, body=fresh(30, 1))
    assert r.status_code == 201, r.get_json()
    topic = r.get_json()
    assert topic["counts"] is True and isinstance(topic["id"], int)
    r = room.reply(topic["id"], room.bob, fresh(25, 2))
    assert r.status_code == 201 and r.get_json()["counts"] is True
    listed = room.get(f"/classes/{room.klass}/topics", room.bob).get_json()
    assert listed["total"] == 1 and listed["items"][0]["reply_count"] == 1
    # Only the author (and tutors) see whether a post counts.
    assert "counts" not in listed["items"][0]
    assert room.get(f"/classes/{room.klass}/topics", room.alice).get_json()["items"][0]["counts"] is True


def test_too_short_and_near_duplicate_posts_do_not_count(room):
    topic = room.topic(room.alice, body=fresh(30, 1)).get_json()
    short = room.reply(topic["id"], room.alice, "同意！！！     好好好好好好好好好好")
    assert short.status_code == 201 and short.get_json()["counts"] is False
    assert short.get_json()["not_counted_reason"] == "too_short"
    original = fresh(60, 3)
    assert room.reply(topic["id"], room.alice, original).get_json()["counts"] is True
    nearly = original[:58] + "，是的"  # two characters changed, punctuation added
    dup = room.reply(topic["id"], room.alice, nearly).get_json()
    assert dup["counts"] is False and dup["not_counted_reason"] == "duplicate"
    # Another learner writing the same words is not a duplicate of *their own* posts.
    assert room.reply(topic["id"], room.bob, original).get_json()["counts"] is True
    mine = room.get(f"/classes/{room.klass}/my-posts", room.alice).get_json()["items"]
    assert [p["counts"] for p in mine] == [True, False, True, False]


def test_the_minimum_length_is_the_projects_setting(room):
    r = room.call("PUT", f"/projects/{room.project}/grading-policy", room.admin, when=DURING.replace(month=10),
                  json={"min_post_chars": 5})
    assert r.status_code == 200, r.get_json()
    assert room.topic(room.alice, body="五个字以上").get_json()["counts"] is True


def test_only_a_tutor_of_the_class_features_pins_and_hides(room):
    topic = room.topic(room.alice, body=fresh(30, 1)).get_json()
    for user in (room.alice, room.other_tutor, room.expert):
        r = room.post(f"/posts/{topic['id']}/feature", user)
        assert r.status_code == 403, (user.username, r.get_json())
    r = room.post(f"/posts/{topic['id']}/feature", room.tutor)
    assert r.status_code == 200 and r.get_json()["featured"] is True
    featured = room.get(f"/classes/{room.klass}/topics?featured=true", room.bob).get_json()
    assert [t["id"] for t in featured["items"]] == [topic["id"]]
    r = room.call("PATCH", f"/posts/{topic['id']}", room.tutor, json={"pinned": True, "hidden": True})
    assert r.status_code == 200 and r.get_json()["hidden"] is True
    # Hidden: gone for other learners, and it stops counting for its author.
    assert room.get(f"/classes/{room.klass}/topics", room.bob).get_json()["total"] == 0
    assert room.get(f"/enrollments/{room.enrollments['alice']}/grade", room.alice).get_json()[
        "components"]["interaction"]["parts"]["topics"]["count"] == 0
    assert room.call("PATCH", f"/posts/{topic['id']}", room.alice, json={"hidden": False}).status_code == 403


def test_markdown_is_sanitised(room):
    topic = room.topic(room.alice, body="**重点** <script>alert(1)</script> " + fresh(30, 9)).get_json()
    shown = room.get(f"/topics/{topic['id']}", room.bob).get_json()
    assert "<strong>重点</strong>" in shown["body_html"] and "<script>" not in shown["body_html"]


def test_people_outside_the_class_are_refused(room):
    topic = room.topic(room.alice, body=fresh(30, 1)).get_json()
    assert_error(room.get(f"/classes/{room.klass}/topics", room.carol), 403, "forbidden")
    assert_error(room.topic(room.carol), 403, "forbidden")
    assert_error(room.reply(topic["id"], room.carol, fresh(30, 4)), 403, "forbidden")
    assert_error(room.get(f"/topics/{topic['id']}", room.city2_admin), 403, "forbidden")
    assert room.get(f"/classes/{room.klass}/topics", room.city1_admin).status_code == 200
    assert_error(room.topic(room.expert), 403, "forbidden")  # experts answer in the Q&A
    assert room.topic(room.tutor, body=fresh(30, 8)).get_json()["counts"] is False  # tutors earn no points
    assert_error(room.get("/classes/999999/topics", room.alice), 404, "not_found")
    assert_error(room.get("/topics/999999", room.alice), 404, "not_found")


def test_learners_post_only_while_the_batch_runs(room):
    assert_error(room.topic(room.alice, when=ENDED), 409, "forum_closed")
    assert room.topic(room.tutor, when=ENDED).status_code == 201


def test_bad_input_is_400_with_fields(room):
    topic = room.topic(room.alice, body=fresh(30, 1)).get_json()
    cases = [
        (f"/classes/{room.klass}/topics", {"title": "", "body": 5}, {"title", "body"}),
        (f"/classes/{room.klass}/topics", {"title": "x" * 201, "body": "y", "extra": 1}, {"title", "extra"}),
        (f"/topics/{topic['id']}/replies", {}, {"body"}),
        (f"/topics/{topic['id']}/replies", {"body": "x" * 20_001}, {"body"}),
        (f"/posts/{topic['id']}/feature", {"featured": "perhaps"}, {"featured"}),
        (f"/classes/{room.klass}/qa-sessions", {"title": "t", "starts_at": "tomorrow"}, {"starts_at", "ends_at"}),
        (f"/classes/{room.klass}/qa-sessions", {"title": "t", "starts_at": "2026-11-20T09:00:00",
                                                "ends_at": "2026-11-20T10:00:00+08:00"}, {"starts_at"}),
    ]
    for path, body, fields in cases:
        user = room.tutor if "qa-sessions" in path or "feature" in path else room.alice
        r = room.post(path, user, json=body)
        assert set(assert_error(r, 400, "invalid_input")["error"]["fields"]) == fields, (path, r.get_json())
    r = room.call("PATCH", f"/posts/{topic['id']}", room.tutor, json={"pinned": []})
    assert_error(r, 400, "invalid_input")
    r = room.post(f"/classes/{room.klass}/topics", room.alice, data="not json", content_type="text/plain")
    assert_error(r, 400, "invalid_input")
    assert_error(room.get(f"/classes/{room.klass}/topics?page=0", room.alice), 400, "invalid_input")
    r = room.post(f"/classes/{room.klass}/qa-sessions", room.tutor,
                  json={"title": "t", "starts_at": "2026-11-20T10:00:00+08:00", "ends_at": "2026-11-20T09:00:00+08:00"})
    assert set(assert_error(r, 400, "invalid_input")["error"]["fields"]) == {"ends_at"}
    r = room.post(f"/classes/{room.klass}/qa-sessions", room.tutor,
                  json={"title": "t", "starts_at": "2026-11-20T09:00:00+08:00", "ends_at": "2026-11-20T10:00:00+08:00",
                        "expert_ids": [room.alice.id]})
    assert set(assert_error(r, 400, "invalid_input")["error"]["fields"]) == {"expert_ids"}


def test_the_right_to_write_is_checked_before_the_body(room):
    """A caller without the right gets 403 whatever it sends (the body's rules are not told)."""
    topic = room.topic(room.alice, body=fresh(30, 1)).get_json()
    qa = room.qa()
    answered = room.post(f"/qa-sessions/{qa['id']}/questions", room.alice, json={"body": "请问？"}).get_json()
    cases = [
        ("POST", f"/classes/{room.klass}/topics", room.expert, {"title": 5}),
        ("POST", f"/topics/{topic['id']}/replies", room.city1_admin, {"body": ""}),
        ("POST", f"/posts/{topic['id']}/feature", room.alice, {"featured": "perhaps"}),
        ("PATCH", f"/posts/{topic['id']}", room.alice, {"hidden": "yes"}),
        ("POST", f"/classes/{room.klass}/qa-sessions", room.alice, {"title": "t", "starts_at": "tomorrow"}),
        ("POST", f"/qa-sessions/{qa['id']}/questions", room.tutor, {"body": ""}),
        ("POST", f"/qa-questions/{answered['id']}/answer", room.alice, {}),
    ]
    for method, path, user, body in cases:
        assert_error(room.call(method, path, user, json=body), 403, "forbidden")
