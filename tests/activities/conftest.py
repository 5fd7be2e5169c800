"""The forum's room fixture: a running batch, two classes in one school, admins of the province and two cities,
a school admin, tutors and three learners."""
from tests.forum.conftest import room  # noqa: F401
