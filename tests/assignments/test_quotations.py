"""Common quotations (policy texts everybody cites) and the borderline band, through the API and pages."""
from __future__ import annotations

from lms.core import clock
from tests.assignments.conftest import DURING, fresh
from tests.helpers import assert_error, csrf_token, sign_in

POLICY = fresh(120, 901)  # a policy text learners quote


def _originality(r):
    assert r.status_code == 201, r.get_json()
    return r.get_json()["originality"]


def test_a_common_quotation_counts_neither_as_copied_nor_in_the_denominator(room):
    a = room.subjective(prompt="谈谈体会")
    room.call("POST", "/reference-texts", room.admin, json={"title": "纲要", "text": POLICY})
    text = fresh(100, 902) + "“" + POLICY[:50] + "”"
    before = _originality(room.submit(a["id"], "alice", text))
    assert before["copied_chars"] == 50 and before["verdict"] == "suspected"
    r = room.call("POST", "/common-quotations", room.admin, json={"title": "纲要第一条", "text": POLICY[:60]})
    assert r.status_code == 201 and r.get_json()["title"] == "纲要第一条"
    after = _originality(room.submit(a["id"], "bob", fresh(100, 903) + "“" + POLICY[:50] + "”"))
    assert after["countable_chars"] == 100 and after["copied_chars"] == 0 and after["verdict"] == "original"
    assert after["quoted_common_chars"] == 50 and after["ratio_with_quotations"] == 50 / 150
    assert after["quotations"] == [[101, 151]]
    assert [q["title"] for q in room.call("GET", "/common-quotations", room.admin).get_json()["items"]] == ["纲要第一条"]


def test_only_the_province_manages_common_quotations(room):
    for user in (room.tutor, room.alice):
        assert_error(room.call("POST", "/common-quotations", user, json={"title": "x", "text": "y"}), 403, "forbidden")
        assert_error(room.call("GET", "/common-quotations", user), 403, "forbidden")
    assert_error(room.call("POST", "/common-quotations", room.admin, json={"title": "", "text": "y"}), 400,
                 "invalid_input")
    assert_error(room.call("DELETE", "/common-quotations/999", room.admin), 404, "not_found")


def test_a_matched_passage_becomes_a_common_quotation_and_can_be_removed(room):
    a = room.subjective(prompt="谈谈体会")
    room.call("POST", "/reference-texts", room.admin, json={"title": "纲要", "text": POLICY})
    mine = room.submit(a["id"], "alice", fresh(100, 904) + POLICY[10:50]).get_json()
    path = f"/submissions/{mine['id']}/originality/matches/0/common-quotation"
    assert_error(room.call("POST", path, room.tutor, json={}), 403, "forbidden")
    assert_error(room.call("POST", f"/submissions/{mine['id']}/originality/matches/5/common-quotation",
                           room.admin, json={}), 404, "not_found")
    r = room.call("POST", path, room.admin, json={"title": "纲要摘句"})
    assert r.status_code == 201, r.get_json()
    quotation = r.get_json()
    assert quotation["text"] == POLICY[10:50] and quotation["from_submission_id"] == mine["id"]
    again = _originality(room.submit(a["id"], "bob", fresh(100, 905) + POLICY[10:50]))
    assert again["copied_chars"] == 0 and again["quoted_common_chars"] == 40
    r = room.call("DELETE", f"/common-quotations/{quotation['id']}", room.admin)
    assert r.status_code == 200 and room.call("GET", "/common-quotations", room.admin).get_json()["items"] == []


def test_the_borderline_band_waits_for_the_tutor(room):
    a = room.subjective()
    source = fresh(200, 906)
    room.submit(a["id"], "bob", source)
    r = room.submit(a["id"], "alice", fresh(71, 907) + source[50:79])  # 29%: J11 says original
    report = _originality(r)
    assert report["verdict"] == "original" and report["borderline"] is True
    queue = room.call("GET", f"/classes/{room.klass}/submissions?status=suspected", room.tutor).get_json()
    assert [s["id"] for s in queue["items"]] == [r.get_json()["id"]]
    decided = room.call("POST", f"/submissions/{r.get_json()['id']}/plagiarism", room.tutor,
                        json={"decision": "cleared", "reason": "引用规范", "confirm": True})
    assert decided.status_code == 200, decided.get_json()
    far = _originality(room.submit(a["id"], "carol", fresh(80, 908) + source[100:120]))  # 20%
    assert far["borderline"] is False and far["verdict"] == "original"


def test_invisible_padding_is_reported_and_does_not_make_a_text_longer(room):
    a = room.subjective(min_chars=100)
    padded = "".join(ch + "\u3164\u200b" for ch in fresh(60, 909))
    r = room.submit(a["id"], "alice", padded)
    assert_error(r, 400, "invalid_input")
    assert "60" in r.get_json()["error"]["fields"]["text"]
    report = _originality(room.submit(a["id"], "alice", "".join(ch + "\u3164" for ch in fresh(120, 910))))
    assert report["invisible_chars"] == 120 and report["countable_chars"] == 120


def test_pages_list_add_and_take_quotations_from_a_report(app, room):
    a = room.subjective(prompt="谈谈体会")
    room.call("POST", "/reference-texts", room.admin, json={"title": "纲要", "text": POLICY})
    mine = room.submit(a["id"], "alice", fresh(100, 911) + POLICY[10:50]).get_json()
    with clock.frozen_at(DURING):
        client = app.test_client()
        sign_in(client, room.admin)
        page = client.get("/originality/quotations").get_data(as_text=True)
        r = client.post("/originality/quotations", data={"csrf_token": csrf_token(page), "title": "规程",
                                                          "text": fresh(30, 912)})
        assert r.status_code == 302
        report = client.get(f"/submissions/{mine['id']}/report").get_data(as_text=True)
        assert "Add to common quotations" in report or "加入常用引文" in report
        r = client.post(f"/submissions/{mine['id']}/matches/0/common-quotation",
                        data={"csrf_token": csrf_token(report)})
        assert r.status_code == 302
        listed = client.get("/originality/quotations").get_data(as_text=True)
        assert "规程" in listed and POLICY[10:50] in listed
        tutor = app.test_client()
        sign_in(tutor, room.tutor)
        assert tutor.get("/originality/quotations").status_code == 403
        assert tutor.post(f"/submissions/{mine['id']}/matches/0/common-quotation").status_code in (400, 403)
