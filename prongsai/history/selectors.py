"""Reads of the history chain: verification of an agency's chain, cached."""

from django.core.cache import cache

from prongsai.agencies.models import Agency
from prongsai.history import chain
from prongsai.history.models import ChangeRecord

# How long a verdict is reused while the head stays the same: a write moves the
# head (new key), and a row rewritten in SQL behind the app shows within this time.
VERDICT_SECONDS = 600


def agency_chain_check(agency_id: int) -> chain.ChainCheck:
    """Walk the agency's whole chain (streamed, one query)."""
    rows = (
        ChangeRecord.objects.filter(agency_id=agency_id)
        .order_by("id")
        .values(*chain.ROW_FIELDS)
        .iterator(chunk_size=2000)
    )
    return chain.verify(rows)


def chain_head(agency_id: int) -> tuple[int | None, str]:
    head = (
        ChangeRecord.objects.filter(agency_id=agency_id)
        .order_by("-id")
        .values_list("id", "hash")
        .first()
    )
    return head if head is not None else (None, chain.GENESIS)


def agency_chain_status(agency: Agency | int) -> chain.ChainCheck:
    """The verdict for a page: verified once per chain head, then from the cache,
    so a page view costs one query for the head instead of reading the chain."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    head_id, head_hash = chain_head(agency_id)
    key = f"history-chain:{agency_id}:{head_id}:{head_hash}"
    found = cache.get(key)
    if isinstance(found, chain.ChainCheck):
        return found
    check = agency_chain_check(agency_id)
    cache.set(key, check, VERDICT_SECONDS)
    return check


def anchor_breaks(agency_id: int, head_id: int, head_hash: str) -> str | None:
    """Why an anchored head is no longer in the chain, or None when it still is."""
    stored = ChangeRecord.objects.filter(agency_id=agency_id, pk=head_id).values_list(
        "hash", flat=True
    )
    found = stored.first()
    if found is None:
        return f"แถว {head_id} ที่ยึดไว้ไม่อยู่ในประวัติแล้ว (ถูกตัดท้ายหรือลบ)"
    if found != head_hash:
        return f"แถว {head_id} มีแฮช {found[:12]} ไม่ตรงกับที่ยึดไว้ {head_hash[:12]} (ถูกเขียนใหม่)"
    return None
