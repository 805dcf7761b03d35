"""The disclosure checklist: who may propose, accept and read, and the page itself."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prongsai.history.models import ChangeRecord
from prongsai.publishing.models import DisclosureItem
from prongsai.publishing.services import (
    disclosure_accept,
    disclosure_items_ensure,
    disclosure_propose,
    disclosure_reject,
    disclosure_update,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def items(agency):  # type: ignore[no-untyped-def]
    """2566 items: o11 belongs to กองคลัง, o1 to สำนักปลัด, o2 to nobody yet."""
    found = {i.code: i for i in disclosure_items_ensure(agency=agency, year=2566)}
    disclosure_update(
        item=found["o11"], actor=None, department=agency.departments.get(kind="finance")
    )
    disclosure_update(
        item=found["o1"], actor=None, department=agency.departments.get(kind="office")
    )
    return found


def url(item: DisclosureItem, action: str = "") -> str:
    return f"/disclosure/{item.year}/items/{item.pk}/" + (f"{action}/" if action else "")


def test_one_item_per_oit_question_of_the_year_and_ensuring_twice_adds_nothing(agency) -> None:
    disclosure_items_ensure(agency=agency, year=2566)
    disclosure_items_ensure(agency=agency, year=2566)
    codes = list(
        DisclosureItem.objects.filter(agency=agency, year=2566).values_list("code", flat=True)
    )
    assert len(codes) == 43 and codes[:3] == ["o1", "o2", "o3"] and codes[-1] == "o43"


def test_editor_proposes_an_item_of_its_department(login, department_editor, items) -> None:
    client = login(department_editor)
    item = items["o11"]
    response = client.post(url(item), {"o11-links": "https://www.thatalad.go.th/plan.pdf",
                                       "o11-notes": "แผนปี 2566"})  # fmt: skip
    assert response.status_code == 302
    response = client.post(url(item, "propose"))
    assert response.status_code == 302

    item.refresh_from_db()
    assert item.status == "proposed" and item.proposed_by == department_editor
    assert [link.url for link in item.links.all()] == ["https://www.thatalad.go.th/plan.pdf"]
    assert ChangeRecord.objects.filter(object_id=item.pk, action="disclosure_proposed").exists()


def test_editor_cannot_change_or_propose_another_departments_item(
    login, department_editor, items
) -> None:
    client = login(department_editor)
    for code in ("o1", "o2"):  # สำนักปลัด's, and one without a department
        item = items[code]
        assert client.post(url(item), {f"{code}-links": "https://a.go.th/x"}).status_code == 403
        assert client.post(url(item, "propose")).status_code == 403
        assert not item.links.exists()
    with pytest.raises(PermissionDenied):
        disclosure_propose(item=items["o1"], actor=department_editor)


def test_editor_cannot_reassign_the_department_or_due_date(login, department_editor, items) -> None:
    item = items["o11"]
    login(department_editor).post(url(item), {"o11-links": "https://a.go.th/x",
                                              "o11-due_date": "2030-01-01", "o11-department": ""})  # fmt: skip
    item.refresh_from_db()
    assert item.department is not None and item.due_date is None
    with pytest.raises(PermissionDenied):
        disclosure_update(item=item, actor=department_editor, due_date=None)


def test_only_the_admin_accepts_and_then_the_item_counts_as_published(
    login, department_editor, agency_admin, items
) -> None:
    item = items["o11"]
    disclosure_update(item=item, actor=department_editor, links=["https://a.go.th/plan.pdf"])
    disclosure_propose(item=item, actor=department_editor)

    assert login(department_editor).post(url(item, "accept")).status_code == 403
    with pytest.raises(PermissionDenied):
        disclosure_accept(item=item, actor=department_editor)

    response = login(agency_admin).post(url(item, "accept"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.accepted_by) == ("published", agency_admin)


def test_item_without_links_cannot_be_proposed_or_accepted(agency_admin, items) -> None:
    with pytest.raises(ValidationError, match="ลิงก์"):
        disclosure_propose(item=items["o2"], actor=agency_admin)
    with pytest.raises(ValidationError, match="ยังไม่มีลิงก์"):
        disclosure_accept(item=items["o2"], actor=agency_admin)


def test_admin_sends_an_item_back_with_a_reason(login, agency_admin, items) -> None:
    item = items["o1"]
    disclosure_update(item=item, actor=agency_admin, links=["https://a.go.th/chart"])
    disclosure_propose(item=item, actor=agency_admin)
    client = login(agency_admin)

    response = client.post(url(item, "reject"), {"reject-o1-reason": ""}, **HTMX)
    assert response.status_code == 200 and "กรุณาบอกเหตุผล" in response.content.decode()

    client.post(url(item, "reject"), {"reject-o1-reason": "ไม่มีผังของฝ่ายการเมือง"})
    item.refresh_from_db()
    assert (item.status, item.review_note) == ("needs_update", "ไม่มีผังของฝ่ายการเมือง")


def test_a_departments_change_to_a_published_item_needs_acceptance_again(
    department_editor, agency_admin, items
) -> None:
    item = items["o11"]
    disclosure_update(item=item, actor=department_editor, links=["https://a.go.th/1"])
    disclosure_accept(item=item, actor=agency_admin)

    disclosure_update(item=item, actor=department_editor, links=["https://a.go.th/2"])
    assert item.status == "proposed"
    disclosure_update(item=item, actor=department_editor, notes="แค่หมายเหตุ")
    disclosure_accept(item=item, actor=agency_admin)
    disclosure_update(item=item, actor=agency_admin, links=["https://a.go.th/3"])
    assert item.status == "published"


def test_components_are_ticked_one_by_one_against_the_framework(agency_admin, agency) -> None:
    items = {i.code: i for i in disclosure_items_ensure(agency=agency, year=2567)}
    item = items["o2"]  # 2567 o2: three required components
    disclosure_update(item=item, actor=agency_admin, components=[2, 0])
    assert item.components == [0, 2]
    with pytest.raises(ValidationError, match="ไม่มีองค์ประกอบ"):
        disclosure_update(item=item, actor=agency_admin, components=[3])


def test_bad_link_keeps_what_was_typed_and_says_why_next_to_the_field(
    login, agency_admin, items
) -> None:
    response = login(agency_admin).post(
        url(items["o1"]), {"o1-links": "https://ok.go.th/a\nwww.no-scheme.go.th", "o1-notes": "ร่าง"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "www.no-scheme.go.th" in page and "ร่าง" in page
    assert "บรรทัด 2" in page and "http://" in page
    assert 'id="id_o1-links_errors"' in page
    assert not items["o1"].links.exists()


def test_htmx_save_returns_only_the_item_open(login, agency_admin, items) -> None:
    response = login(agency_admin).post(url(items["o1"]), {"o1-links": "https://a.go.th/c"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<details class="item" id="item-o1" open>')
    assert "<html" not in page and "https://a.go.th/c" in page


def test_checklist_groups_items_by_sub_indicator_with_status_and_countdown(
    login, viewer, items
) -> None:
    page = login(viewer).get("/disclosure/2566/").content.decode()
    assert "9.1 ข้อมูลพื้นฐาน" in page and "9.3" in page
    assert page.count('class="item"') == 43
    assert "ยังไม่มีข้อมูล" in page
    assert "ปิดรับข้อมูลแล้ว" in page  # 2566's window closed long ago
    # A viewer reads; no forms, no buttons.
    assert "hx-post" not in page and "ตรวจลิงก์ทั้งหมดตอนนี้" not in page


def test_countdown_runs_to_the_due_date_or_the_nacc_window(
    agency_admin, login, items, agency
) -> None:
    import datetime as dt

    from django.utils import timezone

    from prongsai.publishing.services import disclosure_year_update

    today = timezone.localdate()
    disclosure_year_update(agency=agency, year=2566, window_opens=today,
                           window_closes=today + dt.timedelta(days=30), actor=agency_admin)  # fmt: skip
    disclosure_update(item=items["o11"], actor=agency_admin, due_date=today + dt.timedelta(days=5))
    disclosure_update(item=items["o1"], actor=agency_admin, due_date=today - dt.timedelta(days=2))
    page = login(agency_admin).get("/disclosure/2566/").content.decode()
    assert "เหลือ 30 วัน ถึงวันปิดรับ" in page
    assert "เหลือ 5 วัน" in page and "เลยกำหนด 2 วัน" in page


def test_admin_sees_the_check_import_and_publish_actions(login, agency_admin, items) -> None:
    page = login(agency_admin).get("/disclosure/2566/").content.decode()
    for text in ("ตรวจลิงก์ทั้งหมดตอนนี้", "นำเข้าลิงก์จากไฟล์", "เผยแพร่หน้าความโปร่งใส", "อนุมัติ"):
        assert text in page


def test_disclosure_goes_to_the_latest_year_with_items(login, viewer, items) -> None:
    assert login(viewer).get("/disclosure/")["Location"] == "/disclosure/2566/"


def test_other_agency_sees_none_of_our_items(login, other_admin, items) -> None:
    client = login(other_admin)
    item = items["o11"]
    disclosure_update(item=item, actor=None, links=["https://a.go.th/1"])
    link = item.links.get()
    for path in (url(item), url(item, "propose"), url(item, "accept")):
        response = client.post(path) if path.endswith(("propose/", "accept/")) else client.get(path)
        assert response.status_code == 404
    assert client.get(f"/disclosure/links/{link.pk}/history/").status_code == 404
    assert "https://a.go.th/1" not in client.get("/disclosure/2566/").content.decode()


def test_anonymous_is_sent_to_sign_in(client, items) -> None:
    for path in (
        "/disclosure/",
        "/disclosure/2566/",
        "/disclosure/publish/",
        "/disclosure/2566/import/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_viewer_cannot_start_a_check_or_publish(login, viewer, items) -> None:
    client = login(viewer)
    assert client.post("/disclosure/2566/check/").status_code == 403
    assert client.post("/disclosure/publish/now/").status_code == 403
    assert client.get("/disclosure/publish/").status_code == 403


def test_reject_by_service_needs_the_admin(department_editor, items) -> None:
    with pytest.raises(PermissionDenied):
        disclosure_reject(item=items["o11"], actor=department_editor, reason="x")


def test_year_without_a_framework_answers_404(login, viewer, agency) -> None:
    assert login(viewer).get("/disclosure/2599/").status_code == 404


def test_admin_sets_the_nacc_window_and_a_wrong_order_is_refused(
    login, agency_admin, items
) -> None:
    from prongsai.publishing.models import DisclosureYear

    client = login(agency_admin)
    client.post(
        "/disclosure/2566/window/", {"window_opens": "2023-03-01", "window_closes": "2023-04-15"}
    )
    window = DisclosureYear.objects.get(year=2566)
    assert str(window.window_closes) == "2023-04-15"
    response = client.post(
        "/disclosure/2566/window/",
        {"window_opens": "2023-05-01", "window_closes": "2023-04-15"},
        follow=True,
    )
    assert "วันปิดต้องไม่ก่อนวันเปิด" in response.content.decode()
    window.refresh_from_db()
    assert str(window.window_opens) == "2023-03-01"


def test_checklist_of_43_items_takes_a_bounded_number_of_queries(
    login, department_editor, items, django_assert_max_num_queries
) -> None:
    client = login(department_editor)
    with django_assert_max_num_queries(25):
        assert client.get("/disclosure/2566/").status_code == 200
