"""Numbers outside what an id or a page can be are clear 404s and 400s, never 500s."""
from __future__ import annotations

import pytest

from tests.helpers import assert_error

HUGE = 2**63


@pytest.fixture
def admin(make):
    return make.admin(make.tree()["province"])


@pytest.mark.parametrize("path", ["/batches/{n}", "/projects/{n}", "/users/{n}", "/enrollments/{n}/grade",
                                  "/org-units/{n}/children", "/classes/{n}/topics"])
@pytest.mark.parametrize("n", [HUGE, 10**30, 0, -1])
def test_ids_out_of_range_are_404(api, admin, path, n):
    assert_error(api.get(path.format(n=n), admin), 404, "not_found")


@pytest.mark.parametrize("n", [HUGE, 0, -5])
def test_pages_with_ids_out_of_range_are_404(client, n):
    assert client.get(f"/classes/{n}").status_code == 404


@pytest.mark.parametrize("query", ["page=0", "page=-1", f"page={HUGE}", "per_page=0", f"per_page={HUGE}",
                                   "page=x", f"batch_id={HUGE}"])
def test_paging_and_query_ids_out_of_range_are_400(api, admin, query):
    r = api.get(f"/enrollments?{query}", admin)
    assert_error(r, 400, "invalid_input")
    assert r.get_json()["error"]["fields"]


def test_body_ids_out_of_range_are_400(api, make):
    school_admin = make.admin(make.tree()["school111"])  # the one who may enroll: the body is read next
    assert_error(api.post("/enrollments", school_admin, json={"class_id": HUGE, "teacher_id": 1}), 400,
                 "invalid_input")
