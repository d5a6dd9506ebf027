"""Link what a society claims to the evidence that shows it.

The summary says "6月18日，学会在南昌举办学术年会"; a notice says "定于6月18日在
南昌召开年会", a news report "6月18日，…年会在南昌开幕，300余名代表参加". These
are one event. Each activity read from the claims is paired with the best
matching activity read from evidence documents — same kind, compatible dates,
and a similar name, the same place or the same attendance — and takes its words
as corroboration; the evidence activity is then folded into it. An event found
only in evidence stays an activity of its own: it is corroborated by itself.
A notice or contract for a planned December event is the proof Jiangxi's
notice accepts.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from extractors.evidence import DocumentRole, is_evidence
from extractors.models import Activity, Status

SAME_NAME = 70
PROOF_OF_PLANS = frozenset({DocumentRole.NOTICE, DocumentRole.CONTRACT})


def corroborate(activities: list[Activity], roles: dict[str, DocumentRole]) -> list[Activity]:
    """`activities` with evidence linked to the claims it shows; evidence-only events kept."""
    def from_evidence(span) -> bool:
        return is_evidence(roles.get(span.document, DocumentRole.OTHER))

    claimed = [a for a in activities if not all(from_evidence(s) for s in a.evidence)]
    claimed_ids = {id(a) for a in claimed}
    for claim in claimed:
        # Told alike in a claim and in evidence, the event was merged already: its evidence spans are proof.
        proof = [s for s in claim.evidence if from_evidence(s)]
        claim.evidence = [s for s in claim.evidence if not from_evidence(s)]
        _add_proof(claim, proof, roles)
    folded: set[int] = set()
    for found in activities:
        if id(found) in claimed_ids or found.is_tally:
            continue
        best = max(claimed, key=lambda c: _likeness(c, found), default=None)
        if best is None or _likeness(best, found) <= 0:
            continue
        _add_proof(best, found.evidence, roles)
        for field in ("title", "location", "participants", "organizer"):
            if getattr(best, field) is None:
                setattr(best, field, getattr(found, field))
        folded.add(id(found))
    kept = [a for a in activities if id(a) not in folded]
    for activity in kept:
        activity.corroborated = bool(activity.corroboration) or id(activity) not in claimed_ids
    return kept


def _add_proof(claim: Activity, proof: list, roles: dict[str, DocumentRole]) -> None:
    claim.corroboration.extend(proof)
    if claim.status == Status.PLANNED and any(roles.get(s.document) in PROOF_OF_PLANS for s in proof):
        claim.december_evidence = True


def _likeness(claim: Activity, found: Activity) -> float:
    """How surely two activities are one event; 0 when they are not."""
    if claim.type != found.type or claim.is_tally:
        return 0.0
    if not _dates_agree(claim.date_start, claim.date_end, found.date_start, found.date_end):
        return 0.0
    name = fuzz.partial_ratio(claim.title, found.title) if claim.title and found.title else 0.0
    place = bool(claim.location and found.location and (claim.location in found.location or found.location in claim.location))
    people = claim.participants is not None and claim.participants == found.participants
    if name < SAME_NAME and not place and not people:
        return 0.0
    return name + 50 * place + 30 * people + (20 if claim.date_start and claim.date_start == found.date_start else 0)


def _dates_agree(a_start: str | None, a_end: str | None, b_start: str | None, b_end: str | None) -> bool:
    """Both dated and overlapping, at the precision each states ("2021-06" holds "2021-06-18")."""
    if not a_start or not b_start:
        return False
    a_end, b_end = a_end or a_start, b_end or b_start
    # Compare at the coarser precision of the two ends being compared.
    return _not_after(a_start, b_end) and _not_after(b_start, a_end)


def _not_after(first: str, second: str) -> bool:
    n = min(len(first), len(second))
    return first[:n] <= second[:n]
