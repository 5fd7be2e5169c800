"""The forum's room fixture serves the commendation list too: its criteria draw on study, posts, Q&A and work."""
from tests.forum.conftest import room  # noqa: F401
