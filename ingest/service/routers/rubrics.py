"""The rubrics the service can score by (the bundled rubric files)."""

from __future__ import annotations

from fastapi import APIRouter

from ingest.service import schemas
from ingest.service.deps import AnyUser
from ingest.service.errors import not_found
from rubrics.loader import RubricError, list_rubrics, load_rubric

router = APIRouter(prefix="/api/rubrics", tags=["评分表"])


@router.get("", response_model=list[schemas.RubricSummary])
def rubrics(user: AnyUser) -> list[schemas.RubricSummary]:
    """可用的评分表。"""
    return [
        schemas.RubricSummary(id=r.id, title=r.title, year=r.year, body=r.body, max_total=r.max_total)
        for r in list_rubrics()
    ]


@router.get("/{rubric_id}")
def rubric(rubric_id: str, user: AnyUser) -> dict:
    """一张评分表的全部内容：一级、二级、三级指标，分值、计分规则和等次。"""
    try:
        return load_rubric(rubric_id).model_dump(mode="json")
    except RubricError:
        raise not_found(f"评分表“{rubric_id}”") from None
