"""Link what a society claims to the evidence that shows it.

The summary says "6月18日，学会在南昌举办学术年会"; a notice says "关于召开学术
年会的通知 … 定于6月18日在南昌召开", a news report "6月18日，…年会在南昌开幕，
300余名代表参加"; a sign-in sheet "时间：2021年6月18日 地点：南昌"; a photo
shows the banner with the meeting's name. All of them are the same event.

Two ways of pairing, because evidence comes in two shapes:
- events told in sentences (notices, news) are read as activities and paired
  with a claim of the same kind, with compatible dates and a similar name, the
  same place or the same attendance — or, undated (a notice's title), a name
  that is nearly the same;
- sheets, contracts, certificates and photos tell no event in a sentence; the
  document as a whole proves a claim when it names the claim's date and its
  name or place, or shows its exact name (a banner).
A paired evidence activity is folded into the claim as corroboration. An event
that only a news report tells, with its date, stays an activity of its own;
other evidence (notices, contracts …) only corroborates. A notice or contract
for a planned December event is the proof Jiangxi's notice accepts.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from core.vocabulary import DocumentRole
from extractors.evidence import is_evidence
from core.span import Span
from core.vocabulary import Status
from extractors.models import Activity, Document
from extractors.settings import settings

PROOF_OF_PLANS = frozenset({DocumentRole.NOTICE, DocumentRole.CONTRACT})
# Evidence that tells events of its own: a report of what happened.
REPORTS = frozenset({DocumentRole.NEWS})
# Evidence read as a whole document rather than sentence by sentence.
WHOLE_DOCUMENTS = frozenset({DocumentRole.SIGN_IN, DocumentRole.CONTRACT, DocumentRole.CERTIFICATE,
                             DocumentRole.PHOTO, DocumentRole.OTHER})


def corroborate(
    activities: list[Activity], roles: dict[str, DocumentRole], documents: list[Document] = ()
) -> list[Activity]:
    """`activities` with evidence linked to the claims it shows; dated events only news tells kept."""
    def from_evidence(span: Span) -> bool:
        return is_evidence(roles.get(span.document, DocumentRole.OTHER))

    claimed = [a for a in activities if not all(from_evidence(s) for s in a.evidence)]
    claimed_ids = {id(a) for a in claimed}
    for claim in claimed:
        # Told alike in a claim and in evidence, the event was merged already: its evidence spans are proof.
        proof = [s for s in claim.evidence if from_evidence(s)]
        claim.evidence = [s for s in claim.evidence if not from_evidence(s)]
        _add_proof(claim, proof, roles)
    dropped: set[int] = set()
    for found in activities:
        if id(found) in claimed_ids:
            continue
        best = max(claimed, key=lambda c: _likeness(c, found), default=None)
        if best is not None and _likeness(best, found) > 0:
            _add_proof(best, found.evidence, roles)
            best.fill_from(found, ("title", "location", "participants", "organizer"))
            dropped.add(id(found))
        elif not _reported_event(found, roles):
            dropped.add(id(found))
    for document in documents:
        if roles.get(document.id) in WHOLE_DOCUMENTS:
            for claim in claimed:
                if (span := _document_proof(claim, document)) is not None:
                    _add_proof(claim, [span], roles)
    kept = [a for a in activities if id(a) not in dropped]
    for activity in kept:
        activity.corroborated = bool(activity.corroboration) or id(activity) not in claimed_ids
    return kept


def _reported_event(found: Activity, roles: dict[str, DocumentRole]) -> bool:
    """An event only evidence tells counts when a report dates it; notices and contracts only back claims."""
    return (not found.is_tally and found.status == Status.DONE and found.date_start is not None
            and len(found.date_start) >= 7 and all(roles.get(s.document) in REPORTS for s in found.evidence))


def _add_proof(claim: Activity, proof: list[Span], roles: dict[str, DocumentRole]) -> None:
    claim.corroboration.extend(proof)
    if claim.status == Status.PLANNED and any(roles.get(s.document) in PROOF_OF_PLANS for s in proof):
        claim.december_evidence = True


def _likeness(claim: Activity, found: Activity) -> float:
    """How surely two activities are one event; 0 when they are not."""
    if claim.type != found.type or claim.is_tally or found.is_tally:
        return 0.0
    tuned = settings().corroboration
    name = fuzz.partial_ratio(claim.title, found.title) if claim.title and found.title else 0.0
    if not found.date_start or not claim.date_start:
        # A notice's title ("关于召开…学术年会的通知") is undated: the name alone must match.
        return name if name >= tuned.nearly_same_name and len(found.title) >= tuned.min_name_chars else 0.0
    if not _dates_agree(claim.date_start, claim.date_end, found.date_start, found.date_end):
        return 0.0
    place = bool(claim.location and found.location and (claim.location in found.location or found.location in claim.location))
    people = claim.participants is not None and claim.participants == found.participants
    if name < tuned.same_name and not place and not people:
        return 0.0
    return name + 50 * place + 30 * people + (20 if claim.date_start == found.date_start else 0)


def _document_proof(claim: Activity, document: Document) -> Span | None:
    """Where a sheet, contract, certificate or photo shows the claimed event, if it does."""
    if claim.is_tally or not document.text.strip():
        return None
    tuned = settings().corroboration
    text = document.text
    name = fuzz.partial_ratio(claim.title, text) if claim.title and len(claim.title) >= tuned.min_name_chars else 0.0
    if name >= tuned.nearly_same_name:
        return _around(document, claim.title)
    if claim.date_start and len(claim.date_start) == 10 and _written_date(claim.date_start) in _compact(text):
        place = claim.location and claim.location in text
        if place or name >= tuned.same_name:
            return _around(document, _written_date(claim.date_start))
    return None


def _written_date(iso: str) -> str:
    """"2021-06-18" as documents write it, spaces removed, the year left out: "6月18日"."""
    _, m, d = iso.split("-")
    return f"{int(m)}月{int(d)}日"


def _compact(text: str) -> str:
    return "".join(text.split())


def _around(document: Document, words: str) -> Span:
    """The block of `document` that holds (most of) `words`, as the proof to show."""
    best = max(document.body_blocks() or document.blocks,
               key=lambda b: fuzz.partial_ratio(words, _compact(b.text)))
    return document.span(best.start, best.end)


def _dates_agree(a_start: str | None, a_end: str | None, b_start: str | None, b_end: str | None) -> bool:
    """Both dated and overlapping, at the precision each states ("2021-06" holds "2021-06-18")."""
    if not a_start or not b_start:
        return False
    a_end, b_end = a_end or a_start, b_end or b_start
    return _not_after(a_start, b_end) and _not_after(b_start, a_end)


def _not_after(first: str, second: str) -> bool:
    n = min(len(first), len(second))
    return first[:n] <= second[:n]
