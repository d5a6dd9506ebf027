"""The words and formats reviewers see: Chinese labels for states and actions, local times.

Shared by the API (which returns the labels beside the codes), the pages and the XLSX export.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ingest.db.models import Decision, Role, Status

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
ACTION_LABELS = {"confirm": "确认", "adjust": "调整", "reject": "不予认定"}
ROLE_LABELS = {Role.ADMIN: "管理员", Role.REVIEWER: "评审", Role.SOCIETY: "学会"}


def local_time(moment: datetime | None, zone: str) -> str:
    """“2021-06-18 10:20” in the reviewers' time zone; empty for no time."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
