"""The words and formats reviewers see: Chinese labels for states and actions, local times.

Shared by the API (which returns the labels beside the codes), the pages and the XLSX export.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from ingest.db.models import Decision, Document, Role, Status, User
from rubrics.explain import num

STATUS_LABELS = {
    Status.QUEUED: "排队中",
    Status.PROCESSING: "处理中",
    Status.DONE: "已完成",
    Status.FAILED: "处理失败",
}
DECISION_LABELS = {
    Decision.PENDING: "待审核",
    Decision.CONFIRMED: "已确认",
    Decision.ADJUSTED: "已调整",
    Decision.REJECTED: "不予认定",
}
ACTION_LABELS = {
    "confirm": "确认", "adjust": "调整", "reject": "不予认定",
    "enter": "录入分项", "set": "认定情形", "clear": "取消情形",
}
ACCOUNT_ACTION_LABELS = {"deactivate": "停用账号", "activate": "启用账号", "reset_password": "重置密码", "edit": "修改账号"}
ROLE_LABELS = {Role.ADMIN: "管理员", Role.REVIEWER: "评审", Role.SOCIETY: "学会"}


def person(user: User) -> str:
    """How a reviewer is named to others: the display name, else the user name."""
    return user.display_name or user.username


def source_label(documents: Mapping[str, Document], key: str, page: int | None) -> str:
    """Where evidence is, as a reviewer finds it: the file's name, and the page in a PDF
    (a Word document has no fixed pages; `key` is the internal d1, d2 … of the document)."""
    document = documents.get(key)
    if document is None:
        return key
    name = document.name.rsplit("/", 1)[-1]
    return f"{name} 第{page}页" if document.kind == "pdf" and page else name


def local_time(moment: datetime | None, zone: str) -> str:
    """“2021-06-18 10:20” in the reviewers' time zone; empty for no time."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def state_text(state: dict) -> str:
    """A trail entry's before or after, as the trail page and the export show it."""
    if "suggested" in state:
        return f"kaohe 建议{num(state['suggested'])}分（待审核）"
    if "decision" in state:
        text = f"{DECISION_LABELS[state['decision']]}，计{num(state['score'])}分"
        return text + (f"（{state['outcome']}）" if state.get("outcome") else "")
    if "active" in state:
        return "已认定" if state["active"] else "未认定"
    return "未录入" if state["score"] is None else f"{num(state['score'])}分"
