import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from prongsai.agencies.models import Agency


def test_create_agency_accepts_the_thai_type_name(db):
    call_command(
        "create_agency",
        "--slug",
        "ban-mai",
        "--name",
        "องค์การบริหารส่วนตำบลบ้านใหม่",
        "--type",
        "อบต.",
        "--province",
        "นครปฐม",
        "--district",
        "เมือง",
        stdout=io.StringIO(),
    )
    assert Agency.objects.get(slug="ban-mai").type == "sao"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--slug", "Bad Slug"], "ใช้ได้เฉพาะอักษรอังกฤษ"),
        (["--type", "กระทรวง"], "ไม่รู้จักประเภทหน่วยงาน"),
    ],
)
def test_create_agency_refuses_bad_input_clearly(db, args, message):
    base = {"--slug": "x", "--name": "ชื่อ", "--type": "sao", "--province": "ก", "--district": "ข"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError, match=message):
        call_command("create_agency", *[v for kv in base.items() for v in kv])


def test_create_agency_refuses_a_slug_in_use(agency):
    with pytest.raises(CommandError, match="มีหน่วยงาน slug 'tha-talad' อยู่แล้ว"):
        call_command(
            "create_agency",
            "--slug",
            "tha-talad",
            "--name",
            "n",
            "--type",
            "sao",
            "--province",
            "p",
            "--district",
            "d",
        )


def test_load_demo_twice_leaves_the_same_data(demo):
    from prongsai.assessments.models import QuestionScore
    from prongsai.demo import load_demo

    before = QuestionScore.objects.count(), Agency.objects.count()
    load_demo(io.StringIO())
    assert (QuestionScore.objects.count(), Agency.objects.count()) == before


def test_the_admin_changes_the_weakness_threshold(agency_admin, login, agency):
    client = login(agency_admin)
    data = {
        "name": agency.name,
        "province": agency.province,
        "district": agency.district,
        "website": "",
        "weakness_threshold": "90",
        "document_digits": "arabic",
        "staff_count": "",
    }
    assert client.post(reverse("agencies:settings_update"), data).status_code == 302
    agency.refresh_from_db()
    assert agency.weakness_threshold == 90


def test_a_bad_threshold_is_refused_next_to_the_field_keeping_the_rest(agency_admin, login, agency):
    data = {
        "name": "ชื่อใหม่ที่พิมพ์",
        "province": agency.province,
        "district": agency.district,
        "website": "",
        "weakness_threshold": "150",
        "document_digits": "thai",
        "staff_count": "",
    }
    response = login(agency_admin).post(reverse("agencies:settings_update"), data)
    assert response.status_code == 400
    assert "ชื่อใหม่ที่พิมพ์" in response.content.decode()


def test_an_editor_must_be_bound_to_a_department(agency_admin, login):
    response = login(agency_admin).post(
        reverse("agencies:member_save"),
        {"username": "admin", "role": "editor"},
    )
    assert response.status_code == 400
    assert "ต้องเลือกส่วนราชการอย่างน้อยหนึ่งแห่ง" in response.content.decode()


@pytest.mark.parametrize("persona", ["department_editor", "viewer", "other_admin"])
def test_only_the_agencys_admin_sees_its_settings(request, persona, login):
    request.getfixturevalue("agency")
    response = login(request.getfixturevalue(persona)).get(reverse("agencies:settings"))
    if persona == "other_admin":
        assert "ท่าตลาด" not in response.content.decode()
    else:
        assert response.status_code == 403
