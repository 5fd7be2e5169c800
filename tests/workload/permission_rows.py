"""The workload routes' rows of the permission table (tests/web/test_permission_table.py): every admin reads the
statement of its own area (the batch is no object of an area: it has no out variant)."""
from __future__ import annotations


def workload_rows(row, *, ADMINS) -> list:
    return [
        row("GET /workload", ADMINS),
        row("GET /api/v1/batches/<int:batch_id>/workload", ADMINS),
        row("GET /api/v1/batches/<int:batch_id>/workload.xlsx", ADMINS),
    ]
