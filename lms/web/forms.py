"""Show a domain refusal on a form: field messages where they belong, the rest at the top."""
from __future__ import annotations

from lms.core.errors import DomainError


def apply_field_errors(form, error: DomainError) -> None:
    placed = False
    for name, message in error.fields.items():
        field = getattr(form, name, None) or getattr(form, name.split(".")[0], None)  # answers.2 → answers
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [message]
            placed = True
    if not placed:
        form.form_errors.append(error.message)
