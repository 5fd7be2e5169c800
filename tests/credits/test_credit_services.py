"""Claims, reviews, subtree isolation and the entries posted from final grades (lms/credits/services.py)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.errors import Conflict, Forbidden, InvalidInput
from lms.credits import queries, rules, services
from lms.org.models import User


def actor(session, user):
    return session.get(User, user.id)


def claim(session, user, **kw):
    data = dict(source=rules.OFFLINE, title="区级培训", year=2026, hours=D(30), category=rules.ELECTIVE,
                files=[("证书.pdf", b"%PDF-1.4 evidence")])
    data.update(kw)
    return services.claim(session, actor(session, user), services.Claim(**data))


def test_a_claim_is_approved_by_the_school_and_confirmed_by_the_county(session, area):
    entry = claim(session, area.teacher)
    assert entry.status == rules.CLAIMED and entry.credits == D("1.5")  # L347: 20 学时 = 1
    assert queries.record(session, actor(session, area.teacher)).standing.credits == 0  # not yet confirmed (L323)
    services.approve(session, actor(session, area.school_admin), entry)
    assert entry.status == rules.APPROVED
    services.confirm(session, actor(session, area.county_admin), entry)
    assert entry.status == rules.CONFIRMED
    assert queries.record(session, actor(session, area.teacher)).standing.credits == D("1.5")
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "credit_entry", AuditEntry.target_id == entry.id)).all()
    assert actions == ["credit.claim", "credit.approve", "credit.confirm"]


def test_the_county_cannot_confirm_before_the_school_approves(session, area):
    entry = claim(session, area.teacher)
    with pytest.raises(Conflict) as caught:
        services.confirm(session, actor(session, area.county_admin), entry)
    assert caught.value.code == "entry_not_reviewable"


@pytest.mark.parametrize("who", ["other_school_admin", "county_admin", "city_admin", "province_admin", "colleague"])
def test_only_the_teachers_own_school_approves(session, area, who):
    entry = claim(session, area.teacher)
    with pytest.raises(Forbidden):
        services.approve(session, actor(session, getattr(area, who)), entry)


@pytest.mark.parametrize("who", ["other_county_admin", "school_admin", "other_city_admin"])
def test_only_the_teachers_own_county_confirms(session, area, who):
    entry = claim(session, area.teacher)
    services.approve(session, actor(session, area.school_admin), entry)
    with pytest.raises(Forbidden):
        services.confirm(session, actor(session, getattr(area, who)), entry)


def test_a_rejection_needs_a_reason_and_is_final(session, area):
    entry = claim(session, area.teacher)
    with pytest.raises(InvalidInput) as caught:
        services.reject(session, actor(session, area.school_admin), entry, "  ")
    assert "reason" in caught.value.fields
    services.reject(session, actor(session, area.school_admin), entry, "证书与培训不符")
    assert entry.status == rules.REJECTED and entry.reason == "证书与培训不符"
    with pytest.raises(Conflict):
        services.approve(session, actor(session, area.school_admin), entry)


def test_a_claim_without_evidence_is_not_approved(session, area):
    entry = claim(session, area.teacher, files=[])
    with pytest.raises(Conflict) as caught:
        services.approve(session, actor(session, area.school_admin), entry)
    assert caught.value.code == "evidence_missing" and entry.status == rules.CLAIMED
    services.attach_evidence(session, actor(session, area.teacher), entry, "scan.png", b"\x89PNG")
    assert services.approve(session, actor(session, area.school_admin), entry).status == rules.APPROVED


def test_claims_are_checked_by_the_rules(session, area):
    with pytest.raises(InvalidInput) as caught:
        claim(session, area.teacher, category=rules.PUBLIC)
    assert "theme" in caught.value.fields  # L331
    with pytest.raises(InvalidInput) as caught:
        claim(session, area.teacher, year=2019)
    assert "year" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        claim(session, area.teacher, source=rules.TRAINING)
    assert "source" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        claim(session, area.teacher, source=rules.RESEARCH, minutes=200, feedback_days=9)  # 000 L35
    assert "feedback_days" in caught.value.fields
    research = claim(session, area.teacher, source=rules.RESEARCH, minutes=200, feedback_days=2)
    assert research.hours == 4 and research.category == rules.ELECTIVE and research.credits == D("0.2")  # 000 L33


def test_it20_counts_in_two_categories(session, area):  # L373
    entry = claim(session, area.teacher, source=rules.IT20, category=None)
    assert entry.credits == 3 and [a["category"] for a in entry.awards] == ["public", "professional"]


def test_only_teachers_claim(session, area):
    with pytest.raises(Forbidden):
        claim(session, area.school_admin)


def test_loaders_keep_each_admin_in_its_subtree(session, area):
    entry = claim(session, area.teacher)
    for who in ("teacher", "school_admin", "county_admin", "city_admin", "province_admin"):
        assert queries.entry(session, actor(session, getattr(area, who)), entry.id) is entry
    for who in ("colleague", "stranger", "other_school_admin", "other_county_admin", "other_city_admin"):
        with pytest.raises(Forbidden):
            queries.entry(session, actor(session, getattr(area, who)), entry.id)


def test_review_queues_hold_what_each_admin_acts_on(session, area):
    entry = claim(session, area.teacher)
    assert queries.review_queue(session, actor(session, area.school_admin))[1] == 1
    assert queries.review_queue(session, actor(session, area.other_school_admin))[1] == 0
    assert queries.review_queue(session, actor(session, area.county_admin))[1] == 0
    services.approve(session, actor(session, area.school_admin), entry)
    assert queries.review_queue(session, actor(session, area.school_admin))[1] == 0
    assert queries.review_queue(session, actor(session, area.county_admin))[1] == 1
    assert queries.review_queue(session, actor(session, area.other_county_admin))[1] == 0


def test_compliance_counts_each_teacher_once_per_child(session, area):
    entry = claim(session, area.teacher, hours=D(200), category=rules.PROFESSIONAL)
    services.approve(session, actor(session, area.school_admin), entry)
    services.confirm(session, actor(session, area.county_admin), entry)
    city = queries.compliance(session, area.tree["city1"], rules.Cycle(2026, 2030))
    assert city["totals"]["teachers"] == 2
    county = {row["name"]: row for row in city["items"]}["区县11"]
    assert county["teachers"] == 2 and county["credits"] == 20.0
    assert all(row["teachers"] == 0 for row in city["items"] if row["name"] != "区县11")


def test_the_teachers_situation_changes_what_is_required(session, area):
    services.set_profile(session, actor(session, area.school_admin), actor(session, area.teacher), rules.NEW, 2026,
                         False, False)
    record = queries.record(session, actor(session, area.teacher))
    assert record.standing.requirements.induction_hours == 120  # L363
    with pytest.raises(Forbidden):
        services.set_profile(session, actor(session, area.other_school_admin), actor(session, area.teacher),
                             rules.REGULAR, None, False, False)
    with pytest.raises(InvalidInput):
        services.set_profile(session, actor(session, area.school_admin), actor(session, area.teacher),
                             rules.TRANSFERRED, None, False, False)
