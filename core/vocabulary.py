"""The contract's closed vocabularies and their Chinese labels, each in one place."""

from __future__ import annotations

from enum import StrEnum


class ActivityType(StrEnum):
    ACADEMIC_CONFERENCE = "academic_conference"
    TRAINING = "training"
    SCIENCE_POPULARIZATION = "science_popularization"
    VOLUNTEER_RURAL = "volunteer_rural"
    TECH_SERVICE = "tech_service"
    DECISION_CONSULTING = "decision_consulting"
    GOVERNMENT_FUNCTION = "government_function"
    AWARD_RECOGNITION = "award_recognition"
    PARTY_BUILDING = "party_building"
    GOVERNANCE = "governance"
    PUBLICATION = "publication"
    INTERNATIONAL_EXCHANGE = "international_exchange"
    OTHER = "other"


class Level(StrEnum):
    INTERNATIONAL = "international"
    NATIONAL = "national"
    REGIONAL = "regional"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    COUNTY = "county"
    GRASSROOTS = "grassroots"


class Status(StrEnum):
    DONE = "done"
    PLANNED = "planned"
    PREVIOUS_YEAR = "previous_year"
    NEGATED = "negated"


class DocumentRole(StrEnum):
    SUMMARY = "summary"
    SELF_EVALUATION = "self_evaluation"
    SUMMARY_TABLE = "summary_table"
    NOTICE = "notice"
    NEWS = "news"
    CONTRACT = "contract"
    CERTIFICATE = "certificate"
    SIGN_IN = "sign_in"
    PHOTO = "photo"
    OTHER = "other"


# Levels as the notices write them.
LEVEL_LABELS: dict[str, str] = {
    Level.INTERNATIONAL: "国际性",
    Level.NATIONAL: "全国性",
    Level.REGIONAL: "区域性",
    Level.PROVINCIAL: "全省性",
    Level.MUNICIPAL: "市级",
    Level.COUNTY: "区县级",
    Level.GRASSROOTS: "基层",
}

# A rubric's `match.types` must be one of these.
TYPE_LABELS: dict[str, str] = {
    ActivityType.ACADEMIC_CONFERENCE: "学术会议",
    ActivityType.TRAINING: "继续教育培训",
    ActivityType.SCIENCE_POPULARIZATION: "科普活动",
    ActivityType.VOLUNTEER_RURAL: "科技志愿服务",
    ActivityType.TECH_SERVICE: "科技服务",
    ActivityType.DECISION_CONSULTING: "决策咨询",
    ActivityType.GOVERNMENT_FUNCTION: "承接政府职能",
    ActivityType.AWARD_RECOGNITION: "表彰举荐",
    ActivityType.PARTY_BUILDING: "党建",
    ActivityType.GOVERNANCE: "学会治理",
    ActivityType.PUBLICATION: "出版物",
    ActivityType.INTERNATIONAL_EXCHANGE: "国际交流",
    ActivityType.OTHER: "其他",
}

STATUS_LABELS: dict[str, str] = {
    Status.DONE: "已开展",
    Status.PLANNED: "计划",
    Status.PREVIOUS_YEAR: "往年",
    Status.NEGATED: "未开展",
}
