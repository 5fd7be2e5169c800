"""The forum's room fixture: a batch with learners whose grades become final, and admins of the tree."""
from tests.forum.conftest import room  # noqa: F401
