"""Argon2id password hashing with the app's cost settings."""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


@lru_cache(maxsize=8)
def _hasher(memory_kib: int, time_cost: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1, type=Type.ID)


def hasher() -> PasswordHasher:
    config = current_app.config
    return _hasher(config["ARGON2_MEMORY_KIB"], config["ARGON2_TIME_COST"])


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verifying against this when the user is unknown keeps both answers equally slow.
_DUMMY: dict[tuple[int, int], str] = {}


def burn_verification(password: str) -> None:
    h = hasher()
    key = (h.memory_cost, h.time_cost)
    if key not in _DUMMY:
        _DUMMY[key] = h.hash("not-a-real-password-0")
    verify_password(_DUMMY[key], password)


def needs_rehash(password_hash: str) -> bool:
    try:
        return hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
