"""The map writes names that came from files (the staff's agencies import,
agencies' own settings) inside SVG <title> and <text>: a name that is markup
must come out as text, on the map, in the colour table and in the links."""

from __future__ import annotations

from django.urls import reverse

from tests.network.test_network import YEAR, _agency, _results, _supervisor

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '</title></path><svg onload="alert(2)"><text>'


def _assert_inert(page: str) -> None:
    for raw in (SCRIPT, BREAKOUT, "<svg onload", "<script>alert"):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_district_name_that_is_markup_is_written_as_text_on_a_province_map(
    frameworks: None, login
) -> None:
    _results(_agency("a", "นครปฐม", "สามพราน"), YEAR, 95)
    _results(_agency("x", "นครปฐม", SCRIPT + BREAKOUT), YEAR, 30)
    client = login(_supervisor("np", "province:นครปฐม"))
    page = client.get(reverse("network:index")).content.decode()
    assert "ไม่พบบนแผนที่" in page  # the name is listed and drawn in the colour table
    _assert_inert(page)
    filtered = client.get(reverse("network:index"), {"district": SCRIPT + BREAKOUT})
    _assert_inert(filtered.content.decode())


def test_a_province_name_that_is_markup_is_written_as_text_on_the_national_map(
    frameworks: None, login
) -> None:
    _results(_agency("x", SCRIPT + BREAKOUT, "เมือง"), YEAR, 60)
    page = login(_supervisor("dla", "national")).get(reverse("network:index")).content.decode()
    assert "ไม่พบบนแผนที่" in page
    _assert_inert(page)


def test_the_network_page_keeps_its_content_security_policy(frameworks: None, login) -> None:
    response = login(_supervisor("dla", "national")).get(reverse("network:index"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
