"""The forum's room fixture serves certificates too: a passed, final grade is what earns one."""
from tests.forum.conftest import room

__all__ = ["room"]
