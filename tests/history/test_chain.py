"""Each agency's history is a hash chain: a change behind the app's back shows."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from prongsai.history import chain
from prongsai.history.models import ChangeRecord
from prongsai.history.selectors import agency_chain_check
from prongsai.history.services import record_change
from prongsai.improvement.services import measure_create

pytestmark = pytest.mark.django_db


def _write(agency, actor, n: int) -> list[ChangeRecord]:
    return [
        record_change(
            agency=agency,
            actor=actor,
            target=agency,
            action="edit",
            summary=f"แก้ไขครั้งที่ {i} ภาษาไทย",
            changes={"b": [i, i + 1], "a": ["เดิม", "ใหม่"]},
        )
        for i in range(n)
    ]


def _audit(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit", *args, stdout=out)
    except SystemExit as e:
        return int(e.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_records_link_to_the_previous_record_of_the_same_agency_only(
    agency, other_agency, agency_admin
):
    mine = _write(agency, agency_admin, 3)
    theirs = _write(other_agency, None, 2)
    assert mine[0].prev_hash == chain.GENESIS and theirs[0].prev_hash == chain.GENESIS
    assert mine[1].prev_hash == mine[0].hash and mine[2].prev_hash == mine[1].hash
    assert theirs[1].prev_hash == theirs[0].hash
    assert agency_chain_check(agency.pk).ok and agency_chain_check(agency.pk).rows == 3


def test_an_update_in_sql_breaks_verification_at_exactly_that_row(agency, agency_admin):
    rows = _write(agency, agency_admin, 5)
    with connection.cursor() as c:
        c.execute(
            "UPDATE history_changerecord SET summary = %s WHERE id = %s", ["ปลอม", rows[2].pk]
        )
    check = agency_chain_check(agency.pk)
    assert check.broken is not None and check.broken.row_id == rows[2].pk
    assert "เนื้อหาของแถวถูกแก้ไข" in check.broken.problem


def test_a_changed_json_value_or_timestamp_is_caught_too(agency, agency_admin):
    rows = _write(agency, agency_admin, 3)
    ChangeRecord.objects.filter(pk=rows[1].pk).update(changes={"a": ["เดิม", "อื่น"]})
    assert agency_chain_check(agency.pk).broken.row_id == rows[1].pk
    ChangeRecord.objects.filter(pk=rows[1].pk).update(changes=rows[1].changes)
    assert agency_chain_check(agency.pk).ok
    ChangeRecord.objects.filter(pk=rows[0].pk).update(at=rows[0].at - timedelta(seconds=1))
    assert agency_chain_check(agency.pk).broken.row_id == rows[0].pk


def test_deleting_a_middle_row_is_detected_at_the_row_after_it(agency, agency_admin):
    rows = _write(agency, agency_admin, 4)
    with connection.cursor() as c:
        c.execute("DELETE FROM history_changerecord WHERE id = %s", [rows[1].pk])
    check = agency_chain_check(agency.pk)
    assert check.broken is not None and check.broken.row_id == rows[2].pk
    assert "ถูกลบหรือแทรก" in check.broken.problem


def test_deleting_the_user_keeps_the_chain_verifiable(agency, agency_admin):
    _write(agency, agency_admin, 2)
    agency_admin.delete()
    assert agency_chain_check(agency.pk).ok


def test_the_writer_locks_the_agency_row_so_the_chain_stays_linear(
    agency, agency_admin, django_assert_num_queries
):
    from django.test.utils import CaptureQueriesContext

    _write(agency, agency_admin, 1)
    with CaptureQueriesContext(connection) as ctx:
        _write(agency, agency_admin, 1)
    sqls = [q["sql"] for q in ctx.captured_queries]
    lock = next(i for i, s in enumerate(sqls) if "agencies_agency" in s)
    head = next(i for i, s in enumerate(sqls) if "history_changerecord" in s)
    assert lock < head  # the head is read only after the agency row is taken
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in sqls[lock]
    hashes = list(
        ChangeRecord.objects.filter(agency=agency).order_by("id").values_list("prev_hash", "hash")
    )
    assert [p for p, _ in hashes] == [chain.GENESIS] + [h for _, h in hashes[:-1]]


def test_audit_verify_names_the_broken_row_and_exits_non_zero(agency, other_agency, agency_admin):
    rows = _write(agency, agency_admin, 3)
    _write(other_agency, None, 2)
    assert _audit("verify")[0] == 0
    ChangeRecord.objects.filter(pk=rows[1].pk).update(actor_name="คนอื่น")
    code, out = _audit("verify", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    by_slug = {a["agency"]: a for a in report["agencies"]}
    assert by_slug[agency.slug]["problems"][0]["row_id"] == rows[1].pk
    assert by_slug[other_agency.slug]["ok"] is True
    code, out = _audit("verify", "--agency", other_agency.slug)
    assert code == 0 and "ไม่มีการแก้ไขย้อนหลัง" in out


def test_an_anchor_detects_a_cut_off_tail_and_a_rewritten_chain(
    agency, agency_admin, tmp_path: Path
):
    rows = _write(agency, agency_admin, 3)
    anchors = tmp_path / "anchors.jsonl"
    code, out = _audit("anchor", "--output", str(anchors))
    assert code == 0 and str(rows[-1].pk) in out and rows[-1].hash in anchors.read_text()
    _write(agency, agency_admin, 1)  # the chain may grow past an anchor
    assert _audit("verify", "--anchors", str(anchors))[0] == 0
    # Cut the tail: what remains is a valid chain, only the anchor shows the loss.
    ChangeRecord.objects.filter(agency=agency, pk__gte=rows[-1].pk).delete()
    assert agency_chain_check(agency.pk).ok
    code, out = _audit("verify", "--anchors", str(anchors))
    assert code == 1 and f"แถว {rows[-1].pk}" in out and "ถูกตัดท้าย" in out


def test_the_measure_page_shows_the_verified_badge_and_then_the_break(agency, agency_admin, login):
    measure = measure_create(agency=agency, actor=agency_admin, name="มาตรการทดสอบ", plan_year=2569)
    client = login(agency_admin)
    url = reverse("improvement:measure", args=[measure.pk])
    body = client.get(url).content.decode()
    assert "ตรวจสอบแล้ว ไม่มีการแก้ไขย้อนหลัง" in body
    record = ChangeRecord.objects.filter(agency=agency).latest("id")
    ChangeRecord.objects.filter(pk=record.pk).update(summary="สรุปที่ถูกแก้")
    # The cached verdict is keyed by the head; a new write moves the head.
    _write(agency, agency_admin, 1)
    body = client.get(url).content.decode()
    assert "ตรวจสอบแล้ว ไม่มีการแก้ไขย้อนหลัง" not in body
    assert f"ห่วงโซ่ขาดที่รายการเลขที่ {record.pk}" in body
