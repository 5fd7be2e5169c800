"""The forum's room fixture serves grading too: grades draw on posts, Q&A, study time and assignments."""
from tests.forum.conftest import room  # noqa: F401
