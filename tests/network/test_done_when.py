"""The network issue's "done when", end to end from files as a province's
office would have them: a 100-agency list, their results in one file, a
province supervisor invited; signed in, the supervisor sees exactly the
province's agencies with the right totals, on the page and in network --json."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from prongsai.framework.models import Framework

pytestmark = pytest.mark.django_db(transaction=True)
YEAR = 2566
PROVINCES = ["นครปฐม", "ราชบุรี", "กาญจนบุรี", "สุพรรณบุรี"]


def _score_of(i: int, tool: str) -> Decimal:
    return Decimal(100) if tool == "oit" else Decimal(70 + i % 25)


def test_a_province_supervisor_sees_exactly_the_imported_province(
    frameworks: None, tmp_path: Path
) -> None:
    agencies = tmp_path / "agencies.csv"
    rows = ["code,slug,name,type,province,district"]
    for i in range(100):
        province = PROVINCES[i % 4]
        rows.append(f"77{i:05d},a{i:03d},อบต.ทดสอบ{i:03d},อบต.,{province},อำเภอ{i % 3}")
    agencies.write_text("\n".join(rows), encoding="utf-8")
    call_command("import_agencies", str(agencies), stdout=io.StringIO())

    questions = list(Framework.objects.get(year=YEAR).questions.values_list("code", "tool"))
    results = tmp_path / "results.csv"
    lines = ["agency,code,score"]
    for i in range(100):
        who = f"77{i:05d}" if i % 2 else f"a{i:03d}"  # by official code or by slug
        lines += [f"{who},{code},{_score_of(i, tool)}" for code, tool in questions]
    results.write_text("\n".join(lines), encoding="utf-8")
    call_command("import_results", "--year", str(YEAR), str(results), stdout=io.StringIO())

    out = io.StringIO()
    call_command(
        "create_supervisor", "--email", "np@example.go.th", "--scope", "province:นครปฐม", stdout=out
    )
    link = out.getvalue().strip().splitlines()[-1]
    browser = Client()
    password = "ภูเขาสูงทะเลกว้าง2569"
    done = browser.post(
        link,
        {"username": "np-sup", "full_name": "สมใจ", "password1": password, "password2": password},
    )
    assert done.status_code == 302

    page = browser.get(reverse("network:index"), {"year": YEAR}).content.decode()
    expected = {f"a{i:03d}": Decimal(70 + i % 25) * Decimal("0.6") + 40 for i in range(0, 100, 4)}
    assert "ตรงเงื่อนไข 25 หน่วยงาน" in page
    for slug, total in expected.items():
        assert f"/network/agency/{slug}/" in page
        assert f"{total:.2f}" in page
    assert "/network/agency/a001/" not in page  # ราชบุรี

    listing = io.StringIO()
    call_command(
        "network", "--scope", "province:นครปฐม", "--year", str(YEAR), "--json", stdout=listing
    )
    data = json.loads(listing.getvalue())
    assert {a["slug"]: Decimal(str(a["total"])) for a in data["agencies"]} == expected
    assert data["summary"]["agencies"] == 25 and data["summary"]["with_results"] == 25
