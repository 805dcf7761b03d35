"""A province's list of agencies in one file: created or updated all at once,
admins invited, nothing written when a row is wrong."""

from __future__ import annotations

import html
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.accounts.models import Invitation, StaffAction
from prongsai.agencies.models import Agency

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "code,slug,name,type,province,district,admin_email\n"
GOOD = (
    HEADER
    + "7730101,ban-mai,องค์การบริหารส่วนตำบลบ้านใหม่,อบต.,นครปฐม,เมืองนครปฐม,malee@banmai.go.th\n"
    + "7730102,nong-pho,เทศบาลตำบลหนองโพ,เทศบาลตำบล,นครปฐม,เมืองนครปฐม,\n"
)


def _run(tmp_path: Path, text: str, *args: str) -> str:
    path = tmp_path / "agencies.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_agencies", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_province_list_creates_agencies_and_invites_their_admins(tmp_path: Path) -> None:
    out = _run(tmp_path, GOOD)
    ban_mai = Agency.objects.get(slug="ban-mai")
    assert (ban_mai.code, ban_mai.type, ban_mai.district) == ("7730101", "sao", "เมืองนครปฐม")
    assert Agency.objects.get(slug="nong-pho").type == "tambon_municipality"
    assert Invitation.objects.get(agency=ban_mai).email == "malee@banmai.go.th"
    assert [m.to for m in mail.outbox] == [["malee@banmai.go.th"]]
    assert "/accounts/invitation/" in out  # the link, to pass on by LINE
    assert StaffAction.objects.get(action="agencies_import").actor is None


def test_running_the_same_file_twice_changes_and_sends_nothing_more(tmp_path: Path) -> None:
    _run(tmp_path, GOOD)
    out = _run(tmp_path, GOOD)
    assert Agency.objects.count() == 2 and Invitation.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "ไม่เปลี่ยน 2" in out


def test_a_changed_row_updates_the_agency_and_says_what_changed(tmp_path: Path) -> None:
    _run(tmp_path, GOOD)
    out = _run(tmp_path, GOOD.replace("เทศบาลตำบลหนองโพ", "เทศบาลตำบลหนองโพธิ์"))
    assert Agency.objects.get(slug="nong-pho").name == "เทศบาลตำบลหนองโพธิ์"
    assert "name: เทศบาลตำบลหนองโพ → เทศบาลตำบลหนองโพธิ์" in out


def test_one_bad_row_refuses_the_whole_file_with_row_and_column(tmp_path: Path) -> None:
    bad = GOOD + "7730103,Bad Slug,อบต.ผิด,ร้านค้า,นครปฐม,,not-an-email\n"
    with pytest.raises(CommandError) as e:
        _run(tmp_path, bad)
    message = str(e.value)
    assert "แถว 4" in message
    assert "slug 'Bad Slug'" in message
    assert "district ว่าง" in message
    assert "ร้านค้า" in message
    assert "admin_email 'not-an-email'" in message
    assert not Agency.objects.exists() and not mail.outbox


def test_duplicate_slugs_and_a_code_of_another_agency_are_refused(tmp_path: Path) -> None:
    _run(tmp_path, GOOD)
    bad = (
        HEADER
        + "7730101,other-slug,อบต.อื่น,อบต.,นครปฐม,เมือง,\n"
        + "1,x,อบต.x,อบต.,นครปฐม,เมือง,\n"
        + "2,x,อบต.x,อบต.,นครปฐม,เมือง,\n"
    )
    with pytest.raises(CommandError) as e:
        _run(tmp_path, bad)
    assert "code '7730101' เป็นของหน่วยงาน 'ban-mai'" in str(e.value)
    assert "slug 'x' ซ้ำกับแถว 3" in str(e.value)
    assert Agency.objects.count() == 2


def test_dry_run_shows_the_plan_as_json_and_writes_nothing(tmp_path: Path) -> None:
    report = json.loads(_run(tmp_path, GOOD, "--dry-run", "--json"))
    assert [(a["slug"], a["status"], a["invite"]) for a in report["agencies"]] == [
        ("ban-mai", "create", "malee@banmai.go.th"),
        ("nong-pho", "create", ""),
    ]
    assert not Agency.objects.exists() and not mail.outbox


def test_checking_a_file_costs_the_same_queries_for_300_agencies_as_for_3(tmp_path: Path) -> None:
    from prongsai.staff.agencies_import import agencies_read

    def rows(n: int) -> bytes:
        lines = [f"{i},a-{i},อบต.{i},อบต.,นครปฐม,เมือง,a{i}@x.go.th" for i in range(n)]
        return (HEADER + "\n".join(lines)).encode()

    counts = []
    for n in (3, 300):
        with CaptureQueriesContext(connection) as queries:
            agencies_read(rows(n), max_bytes=10**7)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_staff_preview_then_confirm_on_the_page(frameworks: None, client_for: Any) -> None:
    staff = User.objects.create_user("somsri-staff", "s@example.go.th", "x", is_staff=True)
    client = client_for(staff)
    preview = client.post(
        reverse("staff:agencies_preview"),
        {"file": SimpleUploadedFile("list.csv", GOOD.encode())},
    )
    body = preview.content.decode()
    assert preview.status_code == 200 and "สร้างใหม่ 2" in body
    assert not Agency.objects.exists()  # nothing before the confirmation
    payload = body.split('name="rows" value="')[1].split('"')[0]
    done = client.post(reverse("staff:agencies_confirm"), {"rows": html.unescape(payload)})
    assert done.status_code == 200
    assert Agency.objects.count() == 2
    assert "/accounts/invitation/" in done.content.decode()


def test_a_tampered_confirmation_is_checked_again(frameworks: None, client_for: Any) -> None:
    staff = User.objects.create_user("somsri-staff", "s@example.go.th", "x", is_staff=True)
    rows = [
        {
            "number": 2,
            "slug": "../etc",
            "name": "x",
            "type": "sao",
            "province": "p",
            "district": "d",
        }
    ]
    response = client_for(staff).post(reverse("staff:agencies_confirm"), {"rows": json.dumps(rows)})
    assert response.status_code == 400
    assert "slug '../etc'" in html.unescape(response.content.decode())
    assert not Agency.objects.exists()


@pytest.mark.parametrize("column", ["name", "province", "district"])
def test_a_cell_with_a_line_break_is_refused_before_anything_is_written(
    tmp_path: Path, column: str
) -> None:
    # The name went into the invitation's subject: the mail failed after the
    # agency was written, and the admin was never invited.
    values = {
        "name": "อบต.บ้านใหม่",
        "province": "นครปฐม",
        "district": "เมืองนครปฐม",
        column: "บ้านใหม่\nBcc: x@evil.example",
    }
    text = HEADER + '7730101,ban-mai,"{name}",อบต.,"{province}","{district}",malee@banmai.go.th\n'
    with pytest.raises(CommandError, match=f"แถว 2.*คอลัมน์ {column} มีการขึ้นบรรทัดใหม่"):
        _run(tmp_path, text.format(**values))
    assert not Agency.objects.exists() and not Invitation.objects.exists()
    assert mail.outbox == []
