"""The forum's room fixture serves training outcomes too: a batch, two classes with their tutors, learners of
school111, its school admin, a province admin and another city's admin."""
from tests.forum.conftest import room  # noqa: F401
