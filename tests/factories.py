"""make_* factories: a province tree and users with roles, committed.

Each call runs in its own app context and hands back detached rows with their
columns loaded, so test requests never share the factories' session (or its
cached user).
"""
from __future__ import annotations

import itertools

from contextlib import contextmanager

from lms.extensions import db
from lms.org import passwords, services
from lms.org.models import OrgUnit, User

PASSWORD = "secret123"
_counter = itertools.count(1)


class Factories:
    def __init__(self, app):
        self.app = app
        self._hash = None

    @contextmanager
    def _session(self):
        with self.app.app_context():
            yield db.session
            db.session.commit()

    @staticmethod
    def _detach(session, obj):
        session.refresh(obj)
        if isinstance(obj, User):
            _ = obj.org_unit, [a.org_unit for a in obj.role_assignments]
        session.expunge_all()
        return obj

    def unit(self, level: str, parent: OrgUnit | None = None, name: str | None = None, code: str | None = None,
             teacher_count: int = 100) -> OrgUnit:
        n = next(_counter)
        with self._session() as session:
            if level == "province":
                unit = services.create_root(session, name or f"省{n}", code or f"P{n:06d}")
                unit.teacher_count = teacher_count
            else:
                unit = services.create_unit(session, None, session.get(OrgUnit, parent.id), name or f"{level}{n}",
                                            level, code or f"{level[:2].upper()}{n:06d}", teacher_count)
            session.commit()
            return self._detach(session, unit)

    def tree(self) -> dict[str, OrgUnit]:
        """A province with two cities, each with two counties, each with two schools."""
        t = {"province": self.unit("province", name="江苏省", code="320000")}
        for c in (1, 2):
            city = t[f"city{c}"] = self.unit("city", t["province"], name=f"城市{c}")
            for k in (1, 2):
                county = t[f"county{c}{k}"] = self.unit("county", city, name=f"区县{c}{k}")
                for s in (1, 2):
                    t[f"school{c}{k}{s}"] = self.unit("school", county, name=f"学校{c}{k}{s}")
        return t

    def user(self, unit: OrgUnit, *roles: str, username: str | None = None, name: str = "张三",
             password: str = PASSWORD, **extra) -> User:
        with self._session() as session:
            if self._hash is None:
                self._hash = passwords.hash_password(PASSWORD)
            new = services.NewUser(username=username or f"user{next(_counter)}", name=name,
                                   org_unit=session.get(OrgUnit, unit.id), roles=list(roles) or ["teacher"], **extra)
            hashed = self._hash if password == PASSWORD else passwords.hash_password(password)
            user, _generated = services.create_user(session, None, new, password_hash=hashed)
            user.must_change_password = False
            session.commit()
            return self._detach(session, user)

    def admin(self, unit: OrgUnit, **kw) -> User:
        return self.user(unit, f"{unit.level}_admin", **kw)

    def pool_expert(self, user: User, *, subject: str = "数学", stage: str = "初中", title: str = "正高级教师",
                    organisation: str = "省教研室", selected_by: tuple[OrgUnit, ...] = ()) -> int:
        """Put an expert account into the province's pool (E1), selected by ``selected_by`` cities or counties;
        returns the profile id."""
        from lms.core import clock
        from lms.experts.models import ExpertProfile, ExpertSelection
        with self._session() as session:
            profile = ExpertProfile(user_id=user.id, subject=subject, stage=stage, title=title,
                                    organisation=organisation, created_at=clock.now())
            session.add(profile)
            session.flush()
            for unit in selected_by:
                session.add(ExpertSelection(unit_id=unit.id, profile_id=profile.id, selected_at=clock.now()))
            session.commit()
            return profile.id
