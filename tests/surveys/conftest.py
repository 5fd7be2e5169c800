"""The forum's room fixture (a running batch, two classes with their tutors, three learners of one school, admins
of the province, both cities and a school) serves the surveys too."""
from tests.forum.conftest import room  # noqa: F401
