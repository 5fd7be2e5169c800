"""Claims left waiting at the school past the review days go up to the county (L323, L755): it sees them in its
queue and approves (confirming at once) or rejects them itself, audited as an escalation."""
from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from lms.core import clock
from lms.core.audit import AuditEntry
from lms.core.errors import Forbidden
from lms.credits import queries, rules, services
from lms.org.models import User
from tests.helpers import ApiClient, assert_error, csrf_token, sign_in

LATER = timedelta(days=31)


def _claim(session, area):
    return services.claim(session, session.get(User, area.teacher.id), services.Claim(
        source=rules.OFFLINE, title="区级培训", year=2026, hours=D(30), category=rules.ELECTIVE,
        files=[("证书.pdf", b"%PDF-1.4 evidence")]))


def _actions(session, entry):
    return session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "credit_entry",
                                                           AuditEntry.target_id == entry.id)).all()


def test_the_rule():
    start = clock.now()
    assert not rules.escalated(rules.CLAIMED, start, start + timedelta(days=30))
    assert rules.escalated(rules.CLAIMED, start, start + LATER)
    assert not rules.escalated(rules.APPROVED, start, start + LATER)  # already the county's


def test_an_overdue_claim_goes_up_to_the_county_which_approves_and_confirms_it(session, area):
    entry = _claim(session, area)
    county = session.get(User, area.county_admin.id)
    assert queries.review_queue(session, county)[1] == 0
    with pytest.raises(Forbidden):
        services.approve(session, county, entry)
    with clock.frozen_at(clock.now() + LATER):
        items, total = queries.review_queue(session, county)
        assert total == 1 and items[0].id == entry.id
        assert queries.review_queue(session, session.get(User, area.other_county_admin.id))[1] == 0
        with pytest.raises(Forbidden):
            services.approve(session, session.get(User, area.other_county_admin.id), entry)
        with pytest.raises(Forbidden):
            services.approve(session, session.get(User, area.city_admin.id), entry)
        services.approve(session, county, entry)
    assert entry.status == rules.CONFIRMED and entry.confirmed_by_id == county.id
    assert _actions(session, entry) == ["credit.claim", "credit.escalated_approve"]


def test_the_school_still_reviews_its_overdue_claim_normally(session, area):
    entry = _claim(session, area)
    with clock.frozen_at(clock.now() + LATER):
        services.approve(session, session.get(User, area.school_admin.id), entry)
    assert entry.status == rules.APPROVED
    assert _actions(session, entry) == ["credit.claim", "credit.approve"]


def test_the_county_rejects_an_overdue_claim_as_an_escalation(session, area):
    entry = _claim(session, area)
    with clock.frozen_at(clock.now() + LATER):
        services.reject(session, session.get(User, area.county_admin.id), entry, "证书不符")
    assert entry.status == rules.REJECTED
    assert _actions(session, entry) == ["credit.claim", "credit.escalated_reject"]


def test_the_county_queue_page_and_the_api(app, api, area):
    r = api.post("/credits/claims", area.teacher, json={"source": "offline", "title": "区级培训", "year": 2026,
                                                        "hours": 40, "category": "elective"})
    entry_id = r.get_json()["id"]
    api.post(f"/credits/entries/{entry_id}/evidence", area.teacher,
             data={"file": (io.BytesIO(b"%PDF-1.4 x"), "证书.pdf")}, content_type="multipart/form-data")
    assert_error(api.post(f"/credits/entries/{entry_id}/approve", area.county_admin), 403, "forbidden")
    with clock.frozen_at(clock.now() + LATER):
        later = ApiClient(app, api.make)  # tokens last 12 hours: a fresh one, a month later
        queue = later.get("/credits/reviews", area.county_admin).get_json()
        assert [e["id"] for e in queue["items"]] == [entry_id]
        client = app.test_client()
        sign_in(client, area.county_admin)
        page = client.get("/credits/reviews").get_data(as_text=True)
        assert 'data-testid="escalated"' in page and f"/credits/entries/{entry_id}/approve" in page
        r = client.post(f"/credits/entries/{entry_id}/approve", data={"csrf_token": csrf_token(page)})
        assert r.status_code == 302
    assert api.get(f"/credits/entries/{entry_id}", area.teacher).get_json()["status"] == "confirmed"
