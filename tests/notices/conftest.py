"""The forum's room fixture: a running batch with learners, a tutor and admins of the tree."""
from tests.forum.conftest import room  # noqa: F401
