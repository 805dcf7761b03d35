from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.framework.library import framework_to_yaml, load_shipped_frameworks
from prongsai.framework.models import Framework


def yaml_for_new_year(year: int = 2569) -> bytes:
    spec = {s.year: s for s in load_shipped_frameworks()}[2566]
    return framework_to_yaml(spec.model_copy(update={"year": year})).encode()


def test_members_can_read_every_shipped_year(agency_admin, login):
    page = login(agency_admin).get(reverse("framework:index")).content.decode()
    for year in (2564, 2565, 2566, 2567, 2568):
        assert str(year) in page


def test_a_year_is_shown_with_its_known_and_unknown_texts(agency_admin, login):
    page = login(agency_admin).get(reverse("framework:detail", args=[2566])).content.decode()
    assert "ท่านทราบข้อมูลเกี่ยวกับงบประมาณ" in page
    assert "ยังไม่ทราบข้อความ" in page


def test_a_year_can_be_downloaded_as_yaml_for_editing(agency_admin, login):
    response = login(agency_admin).get(reverse("framework:download", args=[2566]))
    assert response["Content-Disposition"] == 'attachment; filename="ita-2566.yaml"'
    assert b"year: 2566" in response.content


def test_staff_import_the_framework_of_a_new_year(agency_admin, login):
    agency_admin.is_staff = True
    agency_admin.save()
    response = login(agency_admin).post(
        reverse("framework:upload"),
        {"file": SimpleUploadedFile("ita-2569.yaml", yaml_for_new_year())},
    )
    assert response.status_code == 302
    framework = Framework.objects.get(year=2569)
    assert framework.source == "imported"
    assert framework.questions.count() == 88


def test_a_broken_framework_file_is_refused_with_the_place_of_the_error(agency_admin, login):
    agency_admin.is_staff = True
    agency_admin.save()
    bad = yaml_for_new_year().replace(b"answer_type: oit_item", b"answer_type: banana", 1)
    response = login(agency_admin).post(
        reverse("framework:upload"), {"file": SimpleUploadedFile("ita-2569.yaml", bad)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ข้อ o1" in page and "answer_type" in page
    assert not Framework.objects.filter(year=2569).exists()


def test_agency_admins_cannot_change_the_shared_frameworks(agency_admin, login):
    response = login(agency_admin).post(
        reverse("framework:upload"), {"file": SimpleUploadedFile("x.yaml", yaml_for_new_year())}
    )
    assert response.status_code == 403
    assert not Framework.objects.filter(year=2569).exists()


def test_the_shipped_file_never_replaces_a_framework_a_user_imported(agency_admin, login):
    from prongsai.framework.services import framework_load, frameworks_load_shipped

    spec = {s.year: s for s in load_shipped_frameworks()}[2566]
    framework_load(spec.model_copy(update={"title": "ฉบับแก้โดยผู้ใช้"}), source="imported")
    frameworks_load_shipped()
    assert Framework.objects.get(year=2566).title == "ฉบับแก้โดยผู้ใช้"
