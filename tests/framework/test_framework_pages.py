from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.framework.library import framework_to_yaml, load_shipped_frameworks
from prongsai.framework.models import Framework


def yaml_for_new_year(year: int = 2570) -> bytes:
    spec = {s.year: s for s in load_shipped_frameworks()}[2566]
    return framework_to_yaml(spec.model_copy(update={"year": year})).encode()


def test_members_can_read_every_shipped_year(agency_admin, login):
    page = login(agency_admin).get(reverse("framework:index")).content.decode()
    for year in (2564, 2565, 2566, 2567, 2568, 2569):
        assert str(year) in page


def test_a_year_is_shown_with_its_known_and_unknown_texts(agency_admin, login):
    page = login(agency_admin).get(reverse("framework:detail", args=[2566])).content.decode()
    assert "ท่านทราบข้อมูลเกี่ยวกับงบประมาณ" in page
    assert "ยังไม่ทราบข้อความ" in page


def test_a_year_can_be_downloaded_as_yaml_for_editing(agency_admin, login):
    response = login(agency_admin).get(reverse("framework:download", args=[2566]))
    assert response["Content-Disposition"] == 'attachment; filename="ita-2566.yaml"'
    assert b"year: 2566" in response.content


def _staff(user):  # type: ignore[no-untyped-def]
    user.is_staff = True
    user.save()
    return user


def test_staff_read_a_new_year_as_a_table_with_its_changes_before_anything_is_saved(
    agency_admin, login
):
    client = login(_staff(agency_admin))
    response = client.post(
        reverse("framework:import_preview"),
        {"file": SimpleUploadedFile("ita-2570.yaml", yaml_for_new_year())},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ตรวจกรอบการประเมินปี 2570 ก่อนนำเข้า" in page
    assert "ต่างจากปี 2569 อย่างไร" in page
    # 2569 lacks o2 and o5–o7 that this file (a copy of 2566) has: added items are named.
    assert "เพิ่มใหม่" in page and "ท่านทราบข้อมูลเกี่ยวกับงบประมาณ" in page
    assert not Framework.objects.filter(year=2570).exists()

    confirmed = client.post(
        reverse("framework:import_confirm"),
        {"name": "ita-2570.yaml", "text": yaml_for_new_year().decode()},
    )
    assert confirmed.status_code == 302
    framework = Framework.objects.get(year=2570)
    assert framework.source == "imported"
    assert framework.questions.count() == 88


def test_a_broken_framework_file_is_refused_with_the_place_of_the_error(agency_admin, login):
    bad = yaml_for_new_year().replace(b"answer_type: oit_item", b"answer_type: banana", 1)
    response = login(_staff(agency_admin)).post(
        reverse("framework:import_preview"), {"file": SimpleUploadedFile("ita-2570.yaml", bad)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ข้อ o1" in page and "answer_type" in page
    assert not Framework.objects.filter(year=2570).exists()


def test_a_confirmation_whose_text_was_tampered_with_is_validated_again(agency_admin, login):
    bad = yaml_for_new_year().decode().replace("answer_type: oit_item", "answer_type: banana", 1)
    response = login(_staff(agency_admin)).post(
        reverse("framework:import_confirm"), {"name": "ita-2570.yaml", "text": bad}
    )
    assert response.status_code == 400
    assert not Framework.objects.filter(year=2570).exists()


def test_agency_admins_cannot_change_the_shared_frameworks(agency_admin, login):
    client = login(agency_admin)
    preview = client.post(
        reverse("framework:import_preview"),
        {"file": SimpleUploadedFile("x.yaml", yaml_for_new_year())},
    )
    confirm = client.post(
        reverse("framework:import_confirm"),
        {"name": "x.yaml", "text": yaml_for_new_year().decode()},
    )
    assert (preview.status_code, confirm.status_code) == (404, 404)
    assert not Framework.objects.filter(year=2570).exists()


def test_the_shipped_file_never_replaces_a_framework_a_user_imported(agency_admin, login):
    from prongsai.framework.services import framework_load, frameworks_load_shipped

    spec = {s.year: s for s in load_shipped_frameworks()}[2566]
    framework_load(spec.model_copy(update={"title": "ฉบับแก้โดยผู้ใช้"}), source="imported")
    frameworks_load_shipped()
    assert Framework.objects.get(year=2566).title == "ฉบับแก้โดยผู้ใช้"


def test_staff_are_warned_when_a_new_year_gives_an_old_number_to_another_item(agency_admin, login):
    # 2570 as the NACC might publish it: o4 (news) dropped and its wording moved up
    # to o3, the number 2569 used for contact information. Without a warning the two
    # items' histories would be joined.
    spec = {s.year: s for s in load_shipped_frameworks()}[2569]
    news = spec.question("o4").text
    questions = [
        q.model_copy(update={"text": news}) if q.code == "o3" else q
        for q in spec.questions
        if q.code != "o4"
    ]
    text = framework_to_yaml(spec.model_copy(update={"year": 2570, "questions": tuple(questions)}))
    page = (
        login(_staff(agency_admin))
        .post(
            reverse("framework:import_preview"),
            {"file": SimpleUploadedFile("ita-2570.yaml", text.encode())},
        )
        .content.decode()
    )
    assert "เลขข้อเดิมแต่เป็นข้อใหม่" in page
    assert "ไม่นับเป็นข้อเดียวกัน" in page
    assert "ถ้อยคำเหมือน o4 ปี 2569" in page  # and which item it really continues
