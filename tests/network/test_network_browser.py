"""A province supervisor in a real browser, on a laptop and on a phone: signs in,
lands on the network page, the panels that load after it arrive, a filter swaps
the table in place, and nothing is wider than the screen except the table's
own scroll box. Screenshots are left in SCREENSHOT_DIR to be looked at."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from prongsai.agencies.models import Agency
from tests.conftest import PASSWORD
from tests.network.test_network import YEAR, _agency, _results

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province(frameworks: None) -> list[Agency]:
    from prongsai.network.scope import parse_scope
    from prongsai.network.services import supervision_create

    agencies = [
        _agency(f"np{i}", "นครปฐม", ["สามพราน", "เมืองนครปฐม", "บางเลน"][i % 3]) for i in range(12)
    ]
    for i, agency in enumerate(agencies):
        _results(agency, YEAR - 1, 70 + i)
        _results(agency, YEAR, 75 + i, low={"I7": 60})
    user = User.objects.create_user("pranee", password=PASSWORD)
    supervision_create(user=user, scope=parse_scope("province:นครปฐม"))
    return agencies


def _sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "pranee")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/network/")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_a_supervisor_reads_the_province_on_a_laptop_and_a_phone(
    device: str,
    request: pytest.FixtureRequest,
    live_server: Any,
    province: list[Agency],
    screenshot_dir: str,
) -> None:
    page = request.getfixturevalue(device)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _sign_in(page, live_server.url)
    body = page.inner_text("main")
    assert "จังหวัดนครปฐม" in body and "อบต.np0" in body
    assert "ข้อบกพร่องที่พบบ่อย" in body  # the htmx panel arrived
    assert "กำลังคำนวณ" not in body  # and so did what worked
    width = page.viewport_size["width"]
    # Only the table's own scroll box may be wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert page.locator("svg.area-map.district path").count() == 7  # นครปฐม's districts
    boxes = page.eval_on_selector_all(
        "svg.area-map .map-labels text",
        "ts => ts.map(t => { const r = t.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })",
    )
    assert len(boxes) == 7 and all(b[2] - b[0] > 20 for b in boxes)  # names drawn, legible
    assert not any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        for i, a in enumerate(boxes) for b in boxes[i + 1 :]
    )  # fmt: skip
    page.screenshot(path=f"{screenshot_dir}/network-{width}.png", full_page=True)
    page.locator("figure.network-map").screenshot(
        path=f"{screenshot_dir}/network-districts-{width}.png"
    )

    with page.expect_response(lambda r: "/network/?" in r.url and r.status == 200):
        page.select_option("select[name=district]", "บางเลน")
    # htmx swaps the table in after the response: wait for the swap, not the network.
    expect(page.locator("#network-table tbody tr")).to_have_count(4)  # np2, np5, np8, np11
    assert errors == []


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_a_national_supervisor_sees_the_map_on_a_laptop_and_a_phone(
    device: str, request: pytest.FixtureRequest, live_server: Any, frameworks: None,
    screenshot_dir: str,
) -> None:  # fmt: skip
    from prongsai.network.scope import parse_scope
    from prongsai.network.services import supervision_create

    for i, (province, score) in enumerate(
        [("เชียงใหม่", 95), ("นครปฐม", 88), ("ตาก", 70), ("สงขลา", 60), ("อุบลราชธานี", 80)]
    ):
        _results(_agency(f"n{i}", province, "เมือง"), YEAR, score)
    user = User.objects.create_user("pranee", password=PASSWORD)
    supervision_create(user=user, scope=parse_scope("national"))
    page = request.getfixturevalue(device)
    _sign_in(page, live_server.url)
    assert page.locator("svg.area-map path").count() == 77
    box = page.locator("svg.area-map").bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.locator("figure.network-map").screenshot(path=f"{screenshot_dir}/network-map-{width}.png")
