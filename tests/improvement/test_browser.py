"""The officer's main path in headless Chromium, and screenshots of the key pages
on a 1366-pixel laptop and a 390-pixel phone (left in `screenshot_dir` for people
to look at; each phone page is also checked for sideways scrolling)."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.improvement.conftest import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_SCORES = {
    "I7": "79.27", "I8": "53.56", "I9": "77.27", "I14": "78.00", "I27": "72.50",
    "E2": "82.50", "E7": "84.59", "E13": "81.31", "E14": "84.59", "E15": "84.59",
}  # fmt: skip


def results_csv() -> bytes:
    """The seed's ten low scores; every other question passes, every OIT item is published."""
    from prongsai.framework.models import Question

    lines = ["code,score"]
    for code, tool in Question.objects.filter(framework__year=2566).values_list("code", "tool"):
        lines.append(f"{code},{SEED_SCORES.get(code, '100' if tool == 'oit' else '91.25')}")
    return ("\n".join(lines) + "\n").encode()


def sign_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px on a phone"


def shot(page: Any, screenshot_dir: str, name: str) -> None:
    page.screenshot(path=os.path.join(screenshot_dir, f"improvement-{name}.png"), full_page=True)


def test_the_officer_imports_results_reviews_weaknesses_plans_a_measure_and_reports_a_result(
    live_server: Any, page: Any, agency_admin: Any, department_editor: Any, screenshot_dir: str
) -> None:
    base = live_server.url
    sign_in(page, base, "admin")

    # Import the NACC's per-question results.
    page.goto(f"{base}/results/import/")
    page.fill("#id_year", "2566")
    page.set_input_files(
        "#id_file",
        files=[{"name": "ita-2566.csv", "mimeType": "text/csv", "buffer": results_csv()}],
    )
    page.click("main form:has(#id_file) button[type=submit]")
    page.wait_for_url(f"{base}/results/2566/official/")

    # Review the weaknesses: run the analysis, drop one with a reason (htmx), restore it.
    page.locator("nav.app a", has_text="วิเคราะห์ผล").first.click()
    page.wait_for_url(f"{base}/improvement/analysis/2566/official/")
    page.click("main button:has-text('วิเคราะห์ผลการประเมิน')")
    page.wait_for_selector("text=ข้อบกพร่อง 10 ข้อ")
    assert page.locator("article.weakness").count() == 10
    assert page.locator("#weakness-list").inner_text().count("ผลการประเมินที่ได้รับ เท่ากับ") == 10
    card = page.locator("article.weakness", has_text="ข้อ E15")
    card.locator("summary", has_text="ไม่ถือเป็นข้อบกพร่อง").click()
    card.locator("button", has_text="ยืนยัน").click()
    page.wait_for_selector("text=กรุณาระบุเหตุผลที่ไม่ถือข้อนี้เป็นข้อบกพร่อง")
    card = page.locator("article.weakness", has_text="ข้อ E15")
    card.locator("textarea[name=reason]").fill("คะแนนใกล้เกณฑ์ ผู้บริหารให้มุ่งข้ออื่นก่อน")
    card.locator("button", has_text="ยืนยัน").click()
    page.wait_for_selector("#dropped >> text=คะแนนใกล้เกณฑ์ ผู้บริหารให้มุ่งข้ออื่นก่อน")
    assert page.locator("article.weakness").count() == 9
    page.locator("#dropped button", has_text="นำกลับมาเป็นข้อบกพร่อง").click()
    page.wait_for_selector("text=ข้อบกพร่อง 10 ข้อ")
    shot(page, screenshot_dir, "path-analysis-laptop")

    # One click: the suggested measure of I7 becomes a measure.
    page.locator("article.weakness", has_text="ข้อ I7").locator(
        "button", has_text="สร้างมาตรการ"
    ).click()
    page.wait_for_selector("h1 >> text=เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี")
    assert page.locator("ol.steps > li").count() == 2
    measure_url = page.url

    # A result with an uploaded evidence file, through htmx.
    page.click("summary >> text=บันทึกผลการดำเนินการ")
    page.fill("#result_text", "เผยแพร่ข้อบัญญัติงบประมาณประจำปีบนเว็บไซต์ของ อบต. แล้ว")
    page.fill("#result_date", "2023-10-16")
    page.set_input_files(
        "#result_evidence_file",
        files=[
            {
                "name": "หน้าเว็บไซต์.png",
                "mimeType": "image/png",
                "buffer": png_bytes((1200, 700), "#6a9fd8"),
            }
        ],
    )
    page.fill("#result_evidence_caption", "ภาพหน้าเว็บไซต์ที่เผยแพร่ข้อบัญญัติ")
    page.click("#results button >> text=บันทึกผล")
    page.wait_for_selector("#results figure img")
    assert page.url == measure_url  # updated in place
    assert "16 ตุลาคม 2566" in page.locator("#results").inner_text()
    page.wait_for_selector("#history >> text=เพิ่มหลักฐาน")
    shot(page, screenshot_dir, "path-measure-laptop")

    # The dashboard shows it.
    page.locator("nav.app a", has_text="Prongsai").first.click()  # the brand is the dashboard link
    panel = page.locator("#improvement-panel")
    panel.wait_for()
    assert "เผยแพร่ข้อบัญญัติงบประมาณประจำปีบนเว็บไซต์ของ อบต. แล้ว" in panel.inner_text()
    assert "หลักฐาน 1 รายการ" in panel.inner_text()
    shot(page, screenshot_dir, "path-dashboard-laptop")


PAGES = {
    "dashboard": "/",
    "analysis": "/improvement/analysis/2566/official/",
    "measures": "/improvement/measures/",
    "my-measures": "/improvement/measures/mine/",
}


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_screenshots_of_the_demo_pages_fit_a_laptop_and_a_phone(
    viewport: str,
    live_server: Any,
    demo: dict[str, Any],
    page: Any,
    phone_page: Any,
    screenshot_dir: str,
) -> None:
    from prongsai.improvement.models import Measure, Weakness

    browser_page = phone_page if viewport == "phone" else page
    base = live_server.url
    sign_in(browser_page, base, "thatalad-finance", "prongsai-demo")
    e7 = Measure.objects.get(name="ปรับปรุงประสิทธิภาพการสื่อสาร")
    overdue = Measure.objects.get(name__startswith="ปรับปรุงป้ายขั้นตอน")
    i7 = Weakness.objects.get(question__code="I7", assessment__agency=demo["agency"])
    pages = {
        **PAGES,
        "measure-e7": f"/improvement/measures/{e7.pk}/",
        "measure-overdue": f"/improvement/measures/{overdue.pk}/",
        "measure-edit": f"/improvement/measures/{e7.pk}/edit/",
        "weakness-i7": f"/improvement/weaknesses/{i7.pk}/",
    }
    for name, path in pages.items():
        browser_page.goto(base + path)
        browser_page.wait_for_load_state("networkidle")
        if viewport == "phone":
            no_sideways_scroll(browser_page)
        shot(browser_page, screenshot_dir, f"{name}-{viewport}")
    # The seed's placeholder screenshot is shown as a thumbnail.
    browser_page.goto(base + pages["measure-e7"])
    thumb = browser_page.locator("#results figure img")
    assert thumb.count() == 1
    thumb.scroll_into_view_if_needed()  # thumbnails load lazily
    browser_page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
    )
    assert browser_page.evaluate("img => img.naturalWidth", thumb.element_handle()) == 480
    assert Decimal(e7.progress) == 100
