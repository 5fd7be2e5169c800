"""The forum's room fixture serves the workload statements: the tutors' work is reviews, posts and Q&A."""
from tests.forum.conftest import room  # noqa: F401
