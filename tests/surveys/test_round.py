"""The official-round kit: ITAS links, targets, progress log, QR posters."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from prongsai.surveys.models import OfficialRound, RoundProgress
from prongsai.surveys.posters import itas_poster_data, qr_matrix

pytestmark = pytest.mark.django_db

IIT = "https://itas.nacc.go.th/go/iit/ABC123"
EIT = "https://itas.nacc.go.th/go/eit/ABC123"


def _save(client, **fields):  # type: ignore[no-untyped-def]
    data = {"iit_url": IIT, "eit_url": EIT, "staff_count": "48", "size": "M"} | fields
    return client.post("/surveys/round/2568/update/", data)


def test_the_admin_enters_the_itas_links_and_gets_the_nacc_eit_minimum_as_target(
    login, agency_admin
):
    client = login(agency_admin)
    assert _save(client).status_code == 302
    page = client.get("/surveys/round/2568/")
    html = page.content.decode()
    assert EIT in html and "/surveys/round/2568/poster-eit.pdf" in html
    assert page.context["tools"][1]["target"] == 40  # อบต. size M (ita-framework.md §5.6)
    assert "จำนวนบุคลากร 48 คน" in html


def test_the_admin_can_override_the_targets(login, agency_admin):
    client = login(agency_admin)
    _save(client, eit_target="120", iit_target="35")
    tools = client.get("/surveys/round/2568/").context["tools"]
    assert [t["target"] for t in tools] == [35, 120]


def test_a_link_that_is_not_itas_is_refused(login, agency_admin):
    response = _save(login(agency_admin), eit_url="https://forms.example.com/eit")
    assert response.status_code == 400 and not OfficialRound.objects.exists()


def test_the_progress_log_keeps_one_count_per_day_and_draws_a_chart(login, agency_admin):
    client = login(agency_admin)
    _save(client)
    for on, count in (("2568-06-01", 5), ("2568-06-08", 21), ("2568-06-08", 24)):
        year, month, day = on.split("-")
        iso = f"{int(year) - 543}-{month}-{day}"
        assert (
            client.post(
                "/surveys/round/2568/progress/", {"tool": "eit", "on": iso, "count": count}
            ).status_code
            == 302
        )
    assert list(RoundProgress.objects.values_list("on", "count")) == [
        (date(2025, 6, 1), 5),
        (date(2025, 6, 8), 24),
    ]
    tools = client.get("/surveys/round/2568/").context["tools"]
    assert tools[1]["latest"] == 24 and tools[1]["percent"] == 60.0
    chart = client.get("/surveys/round/2568/chart-eit.png")
    assert chart.status_code == 200 and chart.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_viewers_see_the_kit_but_cannot_change_it(login, agency_admin, viewer):
    _save(login(agency_admin))
    client = login(viewer)
    assert client.get("/surveys/round/2568/").status_code == 200
    assert client.post("/surveys/round/2568/update/", {"iit_url": IIT}).status_code == 403


def test_the_itas_poster_encodes_and_prints_the_itas_link(agency):
    data = itas_poster_data(agency, 2568, "eit", EIT, date(2025, 6, 1))
    assert data.url == EIT
    assert "(EIT)" in data.title and "๒๕๖๘" in data.headline  # the agency's Thai digits
    assert qr_matrix(data.url)  # what the poster draws is the QR of exactly this URL


@pytest.mark.poppler
def test_the_poster_pdf_is_one_a4_page_with_the_url_under_the_qr(login, agency_admin, tmp_path):
    client = login(agency_admin)
    _save(client)
    pdf = client.get("/surveys/round/2568/poster-eit.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info and "595.276 x 841.89" in info  # A4
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert EIT in text and "องค์การบริหารส่วนตำบลท่าตลาด" in text
    assert shutil.which("pdftoppm")
