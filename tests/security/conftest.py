"""Shared helpers of the security tests (docs/SECURITY.md lists what each file proves)."""
from __future__ import annotations

import pytest

from lms.extensions import db


@pytest.fixture
def tree(make):
    return make.tree()


@pytest.fixture
def rename(app):
    """Set columns of one row directly, as a bad import or an old database might have left them."""
    def go(model, row_id: int, **fields):
        with app.app_context():
            row = db.session.get(model, row_id)
            for name, value in fields.items():
                setattr(row, name, value)
            db.session.commit()
    return go
