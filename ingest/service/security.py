"""Passwords and logins.

Passwords are hashed with Argon2id at OWASP's recommended cost (19 MiB, 2
passes): strong, yet a login stays under 0.1 s on a two-core office server.
A login is a random token; the database keeps only its sha256, and the
browser gets it in an HttpOnly, SameSite=Strict cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ingest.db.models import LoginSession, User, utcnow

HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Verifying against this when the user does not exist keeps the answer time the same,
# so response times do not reveal which user names exist.
_DUMMY_HASH = HASHER.hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def authenticate(db: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (the same time either way)."""
    user = db.scalar(select(User).where(User.username == username))
    try:
        HASHER.verify(user.password_hash if user is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        # Made at an older cost: upgrade while the password is at hand.
        user.password_hash = hash_password(password)
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: Session, user: User, hours: float) -> tuple[str, LoginSession]:
    """A new login for `user`: (the token to hand out, its stored record)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    login = LoginSession(
        token_hash=token_digest(token), user=user, csrf=secrets.token_urlsafe(24),
        created_at=now, expires_at=now + timedelta(hours=hours),
    )
    db.add(login)
    # Expired logins are of no use to anyone: clear them out as new ones are made.
    db.execute(delete(LoginSession).where(LoginSession.expires_at <= now))
    return token, login


def find_session(db: Session, token: str) -> LoginSession | None:
    login = db.get(LoginSession, token_digest(token))
    if login is None or login.expires_at <= utcnow() or not login.user.active:
        return None
    return login

