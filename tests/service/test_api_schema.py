"""The API's documentation names each closed vocabulary once, with the values the code checks."""

from __future__ import annotations

import pytest

from core.findings import FindingKind
from ingest.db.models import Decision, Role, SubmissionStatus
from ingest.service import Settings, create_app


@pytest.fixture(scope="module")
def openapi(tmp_path_factory) -> dict:
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), admin_password="管理员的长密码-2021")
    return create_app(settings).openapi()["components"]["schemas"]


@pytest.mark.parametrize("model, field, vocabulary", [
    ("AuditFindingOut", "kind", FindingKind),
    ("SubmissionOut", "status", SubmissionStatus),
    ("ProposalOut", "decision", Decision),
    ("UserOut", "role", Role),
    ("UserCreate", "role", Role),
])
def test_each_vocabulary_is_one_named_schema_with_the_codes_values(openapi, model, field, vocabulary):
    assert openapi[model]["properties"][field]["$ref"] == f"#/components/schemas/{vocabulary.__name__}"
    assert openapi[vocabulary.__name__]["enum"] == [member.value for member in vocabulary]
