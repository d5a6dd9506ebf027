"""Passwords and logins.

Passwords are hashed with Argon2id at OWASP's recommended cost (19 MiB, 2
passes): strong, yet a login stays under 0.1 s on a two-core office server.
A login is a random token; the database keeps only its sha256, and the
browser gets it in an HttpOnly, SameSite=Strict cookie.

Guessing is throttled: after `Settings.login_attempts` wrong passwords in a
row for one account name, or from one client address, logins for it are
refused (429) for `Settings.login_lockout_minutes`, the right password too.
The counters are rows in the database (`LoginThrottle`), so a restart does not
clear them and several server processes share them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ingest.db.models import LoginSession, LoginThrottle, User, utcnow

HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Verifying against this when the user does not exist keeps the answer time the same,
# so response times do not reveal which user names exist.
_DUMMY_HASH = HASHER.hash(secrets.token_hex(16))


MIN_PASSWORD_LENGTH = 10
# The most common passwords of ten characters or more (leaked-password lists, Chinese and international).
# (All-digit ones need no listing: those are refused anyway.)
COMMON_PASSWORDS = frozenset({
    "1q2w3e4r5t", "1q2w3e4r5t6y", "qwertyuiop", "qwerty1234", "qwerty123456", "asdfghjkl;", "zxcvbnm123",
    "1qaz2wsx3edc", "1qaz@wsx3edc", "password12", "password123", "password1234", "passw0rd123", "p@ssw0rd123",
    "p@ssword123", "admin12345", "admin123456", "admin@1234", "admin@123456", "administrator", "iloveyou12",
    "abc1234567", "abcd123456", "abcd@12345", "a123456789", "a1234567890", "aa12345678", "abcdefghij",
    "woaini1314", "woaini123456", "letmein123", "welcome123", "changeme123", "kaohe12345", "qwe1234567",
    "qweasdzxc123", "123qweasdzxc", "1234qwer!@#$", "zaq12wsxcde3",
})


def password_problem(password: str, username: str) -> str | None:
    """Why `password` may not be used for the account `username`, in Chinese; None when it may."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少 {MIN_PASSWORD_LENGTH} 位"
    if password.isdigit():
        return "密码不能全是数字，请加入字母或符号"
    if password.lower() in COMMON_PASSWORDS:
        return "这是常见密码，很容易被猜中，请换一个"
    if password.lower() == username.lower():
        return "密码不能与用户名相同"
    return None


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def user_named(db: Session, username: str) -> User | None:
    """The account of this name, whatever its case ("Admin" is "admin")."""
    return db.scalar(select(User).where(func.lower(User.username) == func.lower(username)))


def authenticate(db: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (the same time either way)."""
    user = user_named(db, username)
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


@dataclass(frozen=True)
class Throttle:
    """`attempts` wrong passwords in a row lock a key for `lockout`."""

    attempts: int
    lockout: timedelta

    @staticmethod
    def keys(username: str, address: str | None) -> list[str]:
        keys = [f"user:{username.lower()}"]
        return keys + [f"addr:{address}"] if address else keys

    def locked_for(self, db: Session, keys: list[str]) -> int | None:
        """Seconds until logins for `keys` are taken again, or None when they are now."""
        now = utcnow()
        until = db.scalar(select(func.max(LoginThrottle.locked_until)).where(
            LoginThrottle.key.in_(keys), LoginThrottle.locked_until > now))
        if until is None:
            return None
        return max(1, int((until - now).total_seconds()) + 1)

    def failed(self, db: Session, keys: list[str]) -> None:
        """Count a wrong password against each key; lock the keys that reached the limit (the caller commits)."""
        now = utcnow()
        for key in keys:
            counted = update(LoginThrottle).where(LoginThrottle.key == key).values(
                failures=LoginThrottle.failures + 1, last_failure_at=now)
            if db.execute(counted).rowcount == 0:
                try:
                    with db.begin_nested():
                        db.add(LoginThrottle(key=key, failures=1, last_failure_at=now))
                except IntegrityError:  # another process counted the first failure a moment ago
                    db.execute(counted)
        db.execute(update(LoginThrottle).where(LoginThrottle.key.in_(keys), LoginThrottle.failures >= self.attempts)
                   .values(locked_until=now + self.lockout))
        # Counters nobody has added to for a day, and not locking anything, are of no further use.
        db.execute(delete(LoginThrottle).where(
            LoginThrottle.last_failure_at < now - timedelta(days=1),
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now)))

    @staticmethod
    def succeeded(db: Session, keys: list[str]) -> None:
        """The right password ends the run of wrong ones."""
        db.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))
