"""The pure rules of quizzes that cannot be copied: drawing and shuffling a paper, revealing answers."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from lms.assignments import rules

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


@st.composite
def pools(draw):
    """A pool of valid questions (bank-shaped, with ids)."""
    questions = []
    for i in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["single", "multiple", "truefalse"]))
        n = 2 if kind == "truefalse" else draw(st.integers(2, 6))
        if kind == "multiple":
            answer = sorted(draw(st.sets(st.integers(0, n - 1), min_size=1)))
        else:
            answer = [draw(st.integers(0, n - 1))]
        questions.append({"id": 100 + i, "type": kind, "text": f"Q{i}", "options": [f"q{i}o{k}" for k in range(n)],
                          "answer": answer, "points": draw(st.integers(1, 5))})
    return questions


def _correct_texts(question):
    return {question["options"][a] for a in question["answer"]}


@given(pools(), st.integers(0, 15), st.integers(0, 2**63 - 1))
def test_a_paper_draws_the_stated_number_and_keeps_every_answer_right(pool, count, seed):
    paper = rules.draw_paper(pool, count, seed)
    assert len(paper) == min(count, len(pool))
    assert len({q["source"] for q in paper}) == len(paper)  # no question twice
    by_id = {q["id"]: q for q in pool}
    for item in paper:
        original = by_id[item["source"]]
        assert sorted(item["options"]) == sorted(original["options"])  # the same options, reordered
        assert {item["options"][a] for a in item["answer"]} == _correct_texts(original)
        assert item["options"] == [original["options"][k] for k in item["order"]]
        if original["type"] == "truefalse":
            assert item["options"] == original["options"]  # a convention: true/false stays in place


@given(pools(), st.integers(0, 2**63 - 1))
def test_the_same_seed_draws_the_same_paper_and_its_answers_score_full_marks(pool, seed):
    paper = rules.draw_paper(pool, None, seed)
    assert paper == rules.draw_paper(pool, None, seed)  # a reload shows the same paper
    assert rules.score_percent(paper, [q["answer"] for q in paper]) == 100.0


@given(pools(), st.integers(0, 2**63 - 1))
def test_keeping_the_order_keeps_the_authors_order(pool, seed):
    paper = rules.draw_paper([{k: v for k, v in q.items() if k != "id"} for q in pool], None, seed, keep_order=True)
    assert [q["source"] for q in paper] == list(range(len(pool)))


def test_papers_differ_between_learners():
    pool = [{"id": i, "type": "single", "text": f"Q{i}", "options": list("abcd"), "answer": [0], "points": 1}
            for i in range(20)]
    papers = {tuple((q["source"], tuple(q["options"])) for q in rules.draw_paper(pool, 5, seed))
              for seed in range(30)}
    assert len(papers) == 30


def test_the_seed_is_fixed_per_enrollment_and_secret():
    a = rules.paper_seed("s1", 1, 2)
    assert a == rules.paper_seed("s1", 1, 2) and a != rules.paper_seed("s1", 1, 3) != rules.paper_seed("s2", 1, 2)
    assert 0 <= a < 2**63


def test_the_identity_paper_is_the_quiz_as_it_stood():
    questions = [{"type": "single", "text": "1+1", "options": ["1", "2"], "answer": [1], "points": 2}]
    assert rules.identity_paper(questions)[0]["options"] == ["1", "2"]
    assert rules.identity_paper(questions)[0]["answer"] == [1]


@given(st.lists(st.integers(-100, 100), max_size=8), st.integers(-100, 100))
def test_answers_are_revealed_only_once_every_batch_has_closed_the_quiz(offsets, now_offset):
    closing = [T0 + timedelta(hours=h) for h in offsets]
    now = T0 + timedelta(hours=now_offset)
    revealed = rules.answers_may_be_revealed(now, closing)
    assert revealed == (not closing or now >= max(closing))


def test_a_future_batch_keeps_the_answers_closed():
    ended, running, future = T0 - timedelta(days=3), T0 + timedelta(days=5), T0 + timedelta(days=40)
    assert not rules.answers_may_be_revealed(T0, [ended, running, future])
    assert not rules.answers_may_be_revealed(running, [ended, running, future])  # batch 9 ended, batch 10 runs
    assert rules.answers_may_be_revealed(future, [ended, running, future])


@given(pools(), st.integers(1, 6), st.integers(0, 2**63 - 1), st.data())
def test_a_bank_change_elsewhere_leaves_a_paper_as_it_was(pool, count, seed, data):
    """A paper is computed, not stored, until it is handed in: removing a question that is not on it
    (or adding one that does not rank on it) must not change what the learner was shown."""
    paper = rules.draw_paper(pool, count, seed)
    on_paper = {q["source"] for q in paper}
    spare = [q for q in pool if q["id"] not in on_paper]
    if spare:
        removed = data.draw(st.sampled_from(spare))
        assert rules.draw_paper([q for q in pool if q is not removed], count, seed) == paper
