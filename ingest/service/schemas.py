"""What the API takes and returns (pydantic): the OpenAPI documentation is generated from these.

Kept apart from the tables: a response says what a client may rely on, a
table what is stored; they change for different reasons. Chinese labels
(`status_label`, `decision_label` …) travel beside the codes for clients
that show them as they are. Closed vocabularies are the code's own enums
(`core.vocabulary`, the tables' statuses, decisions and roles): the OpenAPI
names each once, with the values the code checks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from core.span import Span
from core.findings import FindingKind
from ingest.db.models import Decision, Role, SubmissionStatus
from rubrics.schema import ComponentScore

# Also the form's pattern attribute: Chromium compiles it with the `v` flag, where a bare "-" in a class is an error.
USERNAME_PATTERN = r"^[A-Za-z0-9_.@\-]+$"
PASSWORD_RULES = "至少 10 位，不能全是数字、不能是常见密码、不能与用户名相同"


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: Role
    role_label: str
    society: str | None
    default_rubric: str | None
    active: bool


class UserCreate(BaseModel):
    username: str = Field(min_length=2, max_length=64, pattern=USERNAME_PATTERN)
    password: str = Field(max_length=128, description=PASSWORD_RULES)
    role: Role = Role.REVIEWER
    display_name: str = Field(default="", max_length=128)
    # Required for society accounts: their uploads carry this name.
    society: str | None = Field(default=None, max_length=200)
    default_rubric: str | None = Field(default=None, max_length=100, description="上传页默认选中的评分表编号")


class UserEdit(BaseModel):
    """Only the fields given are changed."""

    display_name: str | None = Field(default=None, max_length=128)
    role: Role | None = None
    society: str | None = Field(default=None, max_length=200, description="学会账号的学会名称")
    active: bool | None = None
    default_rubric: str | None = Field(default=None, max_length=100, description="上传页默认选中的评分表编号；空为系统默认")
    reason: str | None = Field(default=None, max_length=2000)


class AccountChangeIn(BaseModel):
    reason: str | None = Field(default=None, max_length=2000)


class PasswordReset(BaseModel):
    new_password: str = Field(max_length=128, description=PASSWORD_RULES)
    reason: str | None = Field(default=None, max_length=2000)


class AccountEventOut(BaseModel):
    id: int
    user: str
    by: str
    at: datetime
    action: Literal["deactivate", "activate", "reset_password", "edit"]
    action_label: str
    reason: str | None


class LoginIn(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=128)


class LoginOut(BaseModel):
    token: str = Field(description="放在请求头 Authorization: Bearer <token> 中")
    expires_at: datetime
    user: UserOut


class PasswordChange(BaseModel):
    old_password: str = Field(max_length=128)
    new_password: str = Field(max_length=128, description=PASSWORD_RULES)


class DocumentOut(BaseModel):
    id: int
    key: str = Field(description="证据位置中的文档编号（d1、d2 …）")
    name: str
    size: int
    sha256: str
    kind: str | None
    pages: int | None
    warnings: list[str]
    errors: list[str]
    self_evaluation: bool = Field(description="是否为自评表（只作核对，不作为佐证）")


class BlockOut(BaseModel):
    index: int
    kind: str
    page: int | None
    start: int
    end: int
    level: int | None
    text: str


class DocumentText(BaseModel):
    document: DocumentOut
    text: str
    blocks: list[BlockOut]


class AuditFindingOut(BaseModel):
    """One place where the 自评表 and the materials disagree (the pipeline's `audit[]`)."""

    indicator: str | None
    label: str = Field(description="指标名称；合计不符时为“合计”，缺少材料时为“材料”")
    kind: FindingKind
    kind_label: str
    self_score: float | None
    supported: float | None
    message: str
    evidence: list[Span] = Field(description="自评表中该项自评分所在单元格")


class SubmissionOut(BaseModel):
    id: int
    rubric_id: str
    year: int | None
    society: str | None
    status: SubmissionStatus
    status_label: str
    error: str | None
    owner: str
    created_at: datetime
    updated_at: datetime
    processed_at: datetime | None
    suggested_total: float | None = Field(description="kaohe 的建议总分（全部建议被确认时的得分）")
    suggested_grade: str | None
    reviewed_total: float | None = Field(description="按评审已认定的事实计算的总分")
    reviewed_grade: str | None
    documents: list[DocumentOut]
    claimed_total: float | None = Field(default=None, description="自评表中的自评总分（未上传自评表时为空）")
    audit: list[AuditFindingOut] = Field(default_factory=list, description="自评核查：自评分与材料支持的差异")
    released_at: datetime | None = Field(default=None, description="评审结果发布给学会的时间；未发布时为空")
    released_by: str | None = None
    batch_id: str | None = Field(default=None, description="来自批量预审时，所属批次的编号")


class OpenedAll(BaseModel):
    submissions: list[SubmissionOut] = Field(description="批次中已打开为提交的学会（含此前打开的）")
    skipped: list[str] = Field(default_factory=list, description="未能打开的学会及原因")


class ProposalOut(BaseModel):
    id: int
    indicator_id: str
    label: str
    path: list[str]
    max: float
    rule: str
    proposed_count: int
    proposed_score: float
    score_range: tuple[float, float]
    confidence: float
    needs_review: bool
    review_reasons: list[str]
    explanation: str
    evidence: list[Span]
    activities: list[str]
    decision: Decision
    decision_label: str
    value: float | None
    outcome: str | None
    outcomes: list[str] = Field(description="按结果计分的指标可认定的结果（如 合格、不合格）")
    reason: str | None
    reviewed_by: str | None = Field(description="最后审核的评审的用户名")
    reviewed_by_name: str | None = Field(default=None, description="最后审核的评审的显示名称（页面上显示的名字）")
    reviewed_at: datetime | None
    version: int = Field(description="审核时原样传回；他人已修改时返回 409")


class ConfirmIn(BaseModel):
    version: int


class AdjustIn(BaseModel):
    version: int
    value: float | None = Field(default=None, description="认定分值，0 到指标满分")
    outcome: str | None = Field(default=None, description="按结果计分的指标：认定结果")
    reason: str = Field(default="", max_length=2000, description="调整理由（必填）")


class RejectIn(BaseModel):
    version: int
    reason: str = Field(default="", max_length=2000, description="不予认定的理由（必填）")


class IndicatorScore(BaseModel):
    id: str
    label: str
    path: list[str]
    category: str
    max: float
    decision: str
    decision_label: str
    score: float
    score_range: tuple[float, float]
    proposed_score: float | None
    explanation: str
    vetoed: bool
    reason: str | None


class CategoryScore(BaseModel):
    id: str
    name: str
    points: float
    score: float


class ScoreOut(BaseModel):
    submission_id: int
    rubric: dict
    total: float
    total_range: tuple[float, float]
    grade: str | None
    vetoed: bool
    notes: list[str]
    reviewed: int = Field(description="已审核（确认、调整、不予认定）的指标数")
    started: bool = Field(description="是否已有审核结论或评审录入；此前 total 只是无材料时的得分，应显示建议总分")
    pending: int
    suggested_total: float | None
    categories: list[CategoryScore]
    indicators: list[IndicatorScore]
    components: list[ComponentScore] = Field(
        default_factory=list, description="加权合成的各分项（如 工作考核×70%、服务对象评价、市科协评价）"
    )
    conditions: list[str] = Field(default_factory=list, description="生效的情形（编号），如评审认定的有事法则")
    excluded: bool = Field(default=False, description="是否因情形不予考核")


class DecisionOut(BaseModel):
    proposal: ProposalOut
    score: ScoreOut


class SeenProposal(BaseModel):
    id: int
    version: int = Field(description="评审看到的版本（乐观锁）")


class BulkConfirmIn(BaseModel):
    proposals: list[SeenProposal] = Field(min_length=1, max_length=500, description="要确认的指标建议及其版本")


class BulkDecisionOut(BaseModel):
    proposals: list[ProposalOut]
    score: ScoreOut


class EventOut(BaseModel):
    id: int
    proposal_id: int | None = Field(description="录入分项或认定情形时为空")
    indicator_id: str = Field(description="指标编号；录入分项为 component:<编号>，认定情形为 condition:<编号>")
    label: str = Field(description="指标、分项或情形的名称")
    user: str
    user_name: str = Field(description="评审的显示名称")
    at: datetime
    action: Literal["confirm", "adjust", "reject", "enter", "set", "clear"]
    action_label: str
    before: dict
    after: dict
    reason: str | None


class RubricSummary(BaseModel):
    id: str
    title: str
    year: int
    body: str
    max_total: float


class ComponentEntryOut(BaseModel):
    id: str
    label: str
    points: float
    weight: float
    score: float | None = Field(description="评审录入的分数；尚未录入时为空（计0分）")
    reason: str | None
    entered_by: str | None
    entered_at: datetime | None


class ConditionEntryOut(BaseModel):
    id: str
    label: str
    effect: str = Field(description="认定后的后果，如 不得评为：特等、一等")
    active: bool
    reason: str | None
    entered_by: str | None
    entered_at: datetime | None


class EntriesOut(BaseModel):
    version: int = Field(description="录入时原样传回；他人已修改时返回 409")
    components: list[ComponentEntryOut]
    conditions: list[ConditionEntryOut]


class ComponentIn(BaseModel):
    version: int
    score: float = Field(description="0 到该分项满分")
    reason: str | None = Field(default=None, max_length=2000)


class ConditionIn(BaseModel):
    version: int
    active: bool = Field(description="true 认定该情形，false 取消认定")
    reason: str = Field(default="", max_length=2000, description="理由（必填）")


class EntryOut(BaseModel):
    entries: EntriesOut
    score: ScoreOut
