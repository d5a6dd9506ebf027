"""The reviewer service's tables (SQLAlchemy 2).

What kaohe proposed is kept as it was proposed (`Submission.result`,
`Proposal.proposed`, `Proposal.facts`; the first two stored as the contract's
models and loaded back as them); what reviewers decided sits beside it
(`Proposal.decision`, `value`, `outcome`, `reason`) and every decision is also
appended to `ReviewEvent`, which the API never updates or deletes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from assess.contract import SubmissionResult
from assess.match import Proposal as Suggestion

JSONType = JSON().with_variant(postgresql.JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timestamps are stored in UTC and always come back timezone-aware
    (SQLite drops the zone; PostgreSQL keeps it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class ModelJSON(TypeDecorator):
    """A pydantic model stored as its JSON (JSONB on PostgreSQL) and loaded back as the model."""

    impl = JSON
    cache_ok = True

    def __init__(self, model: type[BaseModel]):
        super().__init__()
        self.model = model

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(postgresql.JSONB() if dialect.name == "postgresql" else JSON())

    def process_bind_param(self, value: BaseModel | None, dialect) -> dict | None:
        return value.model_dump(mode="json") if value is not None else None

    def process_result_value(self, value: dict | None, dialect) -> BaseModel | None:
        return self.model.model_validate(value) if value is not None else None


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType, list[Any]: JSONType}


class Role(StrEnum):
    ADMIN = "admin"
    REVIEWER = "reviewer"
    # A society's own account: uploads its materials and sees only its own submissions.
    SOCIETY = "society"


class SubmissionStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


# The service's short name for it; the API names it in full, apart from an activity's `core.vocabulary.Status`.
Status = SubmissionStatus


class Decision(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    ADJUSTED = "adjusted"
    REJECTED = "rejected"


class User(Base):
    __tablename__ = "users"
    # "Admin" and "admin" are one name: logins compare names without case.
    __table_args__ = (Index("ux_users_username_lower", func.lower("username"), unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    # For society accounts: the society's name, given to its uploads.
    society: Mapped[str | None] = mapped_column(String(200))
    # The rubric the upload form starts with for this account (else the deployment's default).
    default_rubric: Mapped[str | None] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginSession(Base):
    """A login: only the token's hash is stored, so a copy of the database logs nobody in."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Pages send it back in a header: a cookie alone cannot change anything.
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship(lazy="joined")


class LoginThrottle(Base):
    """Wrong passwords in a row for one account name ("user:…") or from one client address ("addr:…").

    Kept in the database, not in memory, so a restart does not reset it and
    several server processes count together."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime]
    # Logins for this key are refused until then (429), the right password included.
    locked_until: Mapped[datetime | None]


class Submission(Base):
    """One society's materials for one rubric, and where their processing stands."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_id: Mapped[str] = mapped_column(String(100), index=True)
    year: Mapped[int | None]
    society: Mapped[str | None] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default=Status.QUEUED)
    error: Mapped[str | None] = mapped_column(Text)
    # Processing runs started; a submission that keeps interrupting the server is given up.
    attempts: Mapped[int] = mapped_column(default=0)
    # sha256 over the rubric and the files' hashes: the same materials are not submitted twice.
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    processed_at: Mapped[datetime | None]
    rubric_sha256: Mapped[str | None] = mapped_column(String(64))
    suggested_total: Mapped[float | None] = mapped_column(Float)
    suggested_grade: Mapped[str | None] = mapped_column(String(32))
    # The score from reviewers' decisions, kept current by every decision (for lists).
    reviewed_total: Mapped[float | None] = mapped_column(Float)
    reviewed_grade: Mapped[str | None] = mapped_column(String(32))
    # The contract JSON as kaohe produced it (`kaohe score --json`).
    result: Mapped[SubmissionResult | None] = mapped_column(ModelJSON(SubmissionResult))
    # What reviewers entered beside the facts (rubrics.schema.Entered): scores of `entered`
    # components and reviewer-triggered conditions, each with who, when and why:
    # {"components": {id: {"score", "reason", "by", "at"}}, "conditions": {id: {"reason", "by", "at"}}}.
    entered: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The optimistic lock for `entered`, as `Proposal.version` is for a proposal.
    entered_version: Mapped[int] = mapped_column(default=1)
    # When a reviewer released the reviewed result to the society; until then a society
    # account sees neither kaohe's proposals nor any score (unless the deployment allows it).
    released_at: Mapped[datetime | None]
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The batch pre-screening this society's materials came from; such a submission is seen, like
    # its batch, only by the reviewer who started the batch and by admins.
    batch_id: Mapped[str | None] = mapped_column(String(16), index=True)
    # What `extractors.reuse` compares with the other submissions of the same rubric and year.
    reuse: Mapped[dict[str, Any] | None]

    owner: Mapped[User] = relationship(lazy="joined", foreign_keys=[owner_id])
    released_by: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[released_by_id])
    documents: Mapped[list[Document]] = relationship(
        back_populates="submission", order_by="Document.position", cascade="all, delete-orphan"
    )
    proposals: Mapped[list[Proposal]] = relationship(
        back_populates="submission", order_by="Proposal.position", cascade="all, delete-orphan"
    )


class SharedEvidence(Base):
    """Evidence found in two submissions (`extractors.reuse.Reuse` as JSON, `first` being `first_id`'s side)."""

    __tablename__ = "shared_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    second_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    finding: Mapped[dict[str, Any]]


class Document(Base):
    """One uploaded file (a zip bundle contributes one per member); its bytes are in the blob store."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("submission_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    # The id used in evidence spans ("d1"): the pipeline numbers files in upload order.
    key: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    kind: Mapped[str | None] = mapped_column(String(16))
    pages: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)
    # Blocks without their text (it is `text[start:end]`): kind, page, start, end, level.
    blocks: Mapped[list[Any] | None]
    warnings: Mapped[list[Any]] = mapped_column(default=list)
    errors: Mapped[list[Any]] = mapped_column(default=list)
    # The society's 自评表: its claims are audited, never counted as evidence.
    self_evaluation: Mapped[bool] = mapped_column(default=False)

    submission: Mapped[Submission] = relationship(back_populates="documents")


class Proposal(Base):
    """kaohe's proposal for one indicator and the reviewers' current decision on it.

    `version` is the optimistic lock: every decision raises it, and a decision
    made on an older version is refused rather than silently overwriting.
    """

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("submission_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    indicator_id: Mapped[str] = mapped_column(String(100))
    # The contract's `indicators[]` entry, with evidence spans.
    proposed: Mapped[Suggestion] = mapped_column(ModelJSON(Suggestion))
    # The facts the extractors matched (rubrics.schema.IndicatorFacts).
    facts: Mapped[dict[str, Any]]
    decision: Mapped[str] = mapped_column(String(16), default=Decision.PENDING)
    value: Mapped[float | None] = mapped_column(Float)
    outcome: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    submission: Mapped[Submission] = relationship(back_populates="proposals")
    reviewed_by: Mapped[User | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


class ReviewEvent(Base):
    """One reviewer decision: who, when, the state before and after, and why. Append-only.

    A decision on a proposal names it; an entered component score or condition
    has no proposal and names the component or condition in `indicator_id`
    ("component:clients", "condition:incident_minor")."""

    __tablename__ = "review_events"
    __table_args__ = (Index("ix_review_events_submission_at", "submission_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Kept as written at the time, so the trail reads the same if the account changes.
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict[str, Any]]
    after: Mapped[dict[str, Any]]
    reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(lazy="joined")


class AccountEvent(Base):
    """One change an admin made to an account (deactivated, reactivated, password reset). Append-only."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Both names as written at the time.
    username: Mapped[str] = mapped_column(String(64))
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    by_username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
