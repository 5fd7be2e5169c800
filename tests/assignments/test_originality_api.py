"""J11 through the real API: the verdicts at 0%, exactly 30% and 31%, and every exclusion."""
from __future__ import annotations

from tests.assignments.conftest import fresh
from tests.helpers import assert_error


def _originality(r):
    assert r.status_code == 201, r.get_json()
    return r.get_json()["originality"]


def test_an_original_text_is_zero_percent(room):
    a = room.subjective()
    room.submit(a["id"], "bob", fresh(300, 1))
    report = _originality(room.submit(a["id"], "alice", fresh(300, 2)))
    assert report["copied_ratio"] == 0 and report["verdict"] == "original" and report["matches"] == []


def test_exactly_thirty_percent_is_not_suspected(room):
    a = room.subjective()
    source = fresh(200, 3)
    room.submit(a["id"], "bob", source)
    report = _originality(room.submit(a["id"], "alice", fresh(70, 4) + source[50:80]))
    assert report["countable_chars"] == 100 and report["copied_chars"] == 30
    assert report["copied_ratio"] == 0.3 and report["verdict"] == "original"


def test_thirty_one_percent_is_suspected_and_names_the_source(room):
    a = room.subjective()
    source = fresh(200, 5)
    bob = room.submit(a["id"], "bob", source).get_json()
    r = room.submit(a["id"], "alice", fresh(69, 6) + source[10:41])
    report = _originality(r)
    assert report["copied_chars"] == 31 and report["verdict"] == "suspected"
    [match] = report["matches"]
    assert (match["source_type"], match["source_id"]) == ("submission", bob["id"])
    assert (match["start"], match["end"], match["source_start"], match["source_end"]) == (69, 100, 10, 41)
    queue = room.call("GET", f"/classes/{room.klass}/submissions?status=suspected", room.tutor).get_json()
    assert [s["id"] for s in queue["items"]] == [r.get_json()["id"]]


def test_the_prompt_repeated_counts_neither_way(room):
    prompt = fresh(60, 7)
    a = room.subjective(prompt=prompt)
    room.submit(a["id"], "bob", prompt + fresh(100, 8))
    report = _originality(room.submit(a["id"], "alice", prompt + fresh(100, 9)))
    assert report["countable_chars"] == 100 and report["copied_chars"] == 0
    assert report["boilerplate"] == [[0, 60]]


def test_a_registered_template_is_excluded_too(room):
    template = fresh(40, 10)
    r = room.call("POST", "/boilerplate-templates", room.admin, json={"title": "表头", "text": template})
    assert r.status_code == 201, r.get_json()
    a = room.subjective()
    room.submit(a["id"], "bob", template + fresh(100, 11))
    report = _originality(room.submit(a["id"], "alice", template + fresh(100, 12)))
    assert (report["countable_chars"], report["copied_chars"]) == (100, 0)


def test_earlier_versions_of_the_same_submission_do_not_count(room):
    a = room.subjective()
    text = fresh(200, 13)
    first = _originality(room.submit(a["id"], "alice", text))
    again = room.submit(a["id"], "alice", text + fresh(20, 14))
    assert again.get_json()["version"] == 2
    assert first["copied_ratio"] == 0 and _originality(again)["copied_ratio"] == 0


def test_a_copy_of_ones_own_other_assignment_counts_as_self_copy(room):
    first, second = room.subjective(), room.subjective(prompt="第二次作业的题目")
    own = fresh(100, 15)
    room.submit(first["id"], "alice", own)
    report = _originality(room.submit(second["id"], "alice", own[:40] + fresh(60, 16)))
    assert report["copied_chars"] == 40 and report["verdict"] == "suspected"
    assert report["ratio_without_self_copies"] == 0
    assert report["sources"][0]["self_copy"] is True


def test_reference_texts_count(room):
    published = fresh(300, 17)
    r = room.call("POST", "/reference-texts", room.admin, json={"title": "名师论文", "text": published,
                                                               "source": "人民教育 2020"})
    assert r.status_code == 201, r.get_json()
    a = room.subjective()
    report = _originality(room.submit(a["id"], "alice", published[100:150] + fresh(50, 18)))
    assert report["copied_ratio"] == 0.5 and report["verdict"] == "suspected"
    assert report["sources"][0]["source_type"] == "reference" and report["sources"][0]["source_id"] == r.get_json()["id"]


def test_quoted_passages_are_reported_separately(room):
    published = fresh(200, 19)
    room.call("POST", "/reference-texts", room.admin, json={"title": "课程标准", "text": published})
    a = room.subjective()
    text = fresh(60, 20) + "“" + published[:40] + "”"
    report = _originality(room.submit(a["id"], "alice", text))
    assert report["copied_chars"] == 40 and report["ratio_without_quoted"] == 0


def test_the_learner_never_sees_another_learners_text_the_tutor_does(room):
    a = room.subjective()
    source = fresh(200, 21)
    room.submit(a["id"], "bob", source)
    mine = room.submit(a["id"], "alice", source[:100] + fresh(50, 22)).get_json()
    learner_view = room.call("GET", f"/submissions/{mine['id']}/originality", room.alice).get_json()
    assert source[:100] not in str({k: v for k, v in learner_view.items()
                                    if k not in ("matches",)})
    [match] = learner_view["matches"]
    assert match["text"] == source[:100] and match["source_text"] is None
    assert "owner_id" not in learner_view["sources"][0] and "学员乙" not in str(learner_view)
    tutor_view = room.call("GET", f"/submissions/{mine['id']}/originality", room.tutor).get_json()
    assert tutor_view["matches"][0]["source_text"] == source[:100]
    assert "学员乙" in tutor_view["sources"][0]["label"]


def test_the_report_is_for_the_learner_the_class_tutors_and_the_province_only(room):
    a = room.subjective()
    mine = room.submit(a["id"], "alice", fresh(100, 23)).get_json()
    for stranger in (room.bob, room.other_tutor):
        assert_error(room.call("GET", f"/submissions/{mine['id']}/originality", stranger), 403, "forbidden")
    # The province admin reads reports (to add common quotations from them).
    assert room.call("GET", f"/submissions/{mine['id']}/originality", room.admin).get_json()["checked"] is True
    assert_error(room.call("GET", "/submissions/999999/originality", room.alice), 404, "not_found")
