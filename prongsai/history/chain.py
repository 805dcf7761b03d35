"""The hash chain of each agency's history, as plain functions.

Every ChangeRecord holds the hash of the agency's previous record and the
SHA-256 of its own canonical content. Changing a row afterwards (an UPDATE in
SQL), deleting one from the middle or inserting one breaks the chain at that
row; cutting off the tail is caught by comparing with an anchor (the head
printed earlier by `prongsai audit anchor`). The canonical form names the
content type by its natural key, not its id, so a backup restored into another
database still verifies.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = ""  # previous hash of an agency's first record

# Fields that verify() reads from each row, in chain order (by id).
ROW_FIELDS = (
    "id",
    "agency_id",
    "actor_name",
    "actor_ref",
    "content_type__app_label",
    "content_type__model",
    "object_id",
    "action",
    "summary",
    "changes",
    "at",
    "prev_hash",
    "hash",
)


def canonical(
    *,
    agency_id: int,
    actor_name: str,
    actor_ref: int | None,
    content_type: str,
    object_id: int,
    action: str,
    summary: str,
    changes: Any,
    at: datetime,
    prev_hash: str,
) -> bytes:
    """The bytes that are hashed: sorted-key JSON, UTC ISO time in ms, no spaces."""
    return json.dumps(
        {
            "agency": agency_id,
            "actor_name": actor_name,
            "actor": actor_ref,
            "content_type": content_type,
            "object_id": object_id,
            "action": action,
            "summary": summary,
            "changes": changes,
            # Milliseconds: Django's serializers (dumpdata, backups) keep no more.
            "at": at.astimezone(UTC).isoformat(timespec="milliseconds"),
            "prev": prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def row_hash(row: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 of a row given as a dict with ROW_FIELDS keys."""
    return hashlib.sha256(
        canonical(
            agency_id=row["agency_id"],
            actor_name=row["actor_name"],
            actor_ref=row["actor_ref"],
            content_type=f"{row['content_type__app_label']}.{row['content_type__model']}",
            object_id=row["object_id"],
            action=row["action"],
            summary=row["summary"],
            changes=row["changes"],
            at=row["at"],
            prev_hash=prev_hash,
        )
    ).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first row at which a chain stops verifying."""

    row_id: int | None
    at: datetime | None
    problem: str  # Thai, says what differs

    def as_dict(self) -> dict[str, Any]:
        return {
            "row_id": self.row_id,
            "at": self.at.isoformat() if self.at else None,
            "problem": self.problem,
        }


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    head_id: int | None
    head_hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(rows: Iterable[Mapping[str, Any]]) -> ChainCheck:
    """Walk one agency's rows in id order; stop at the first that does not fit."""
    prev = GENESIS
    count = 0
    head_id: int | None = None
    for row in rows:
        count += 1
        if row["prev_hash"] != prev:
            what = "แถวก่อนหน้าถูกลบหรือแทรก" if count > 1 else "แถวแรกของหน่วยงานอ้างถึงแถวก่อนหน้าที่ไม่มีอยู่"
            return ChainCheck(
                count,
                row["id"],
                row["hash"],
                Break(
                    row["id"],
                    row["at"],
                    f"ค่าแฮชของแถวก่อนหน้าไม่ตรง ({what}): บันทึกไว้ {row['prev_hash'][:12] or '-'}"
                    f" แต่แถวก่อนหน้าคือ {prev[:12] or '-'}",
                ),
            )
        expected = row_hash(row, prev)
        if row["hash"] != expected:
            return ChainCheck(
                count,
                row["id"],
                row["hash"],
                Break(
                    row["id"],
                    row["at"],
                    f"เนื้อหาของแถวถูกแก้ไขหลังบันทึก: แฮชที่บันทึกไว้ {row['hash'][:12]}"
                    f" แต่คำนวณจากเนื้อหาได้ {expected[:12]}",
                ),
            )
        prev = row["hash"]
        head_id = row["id"]
    return ChainCheck(count, head_id, prev, None)
