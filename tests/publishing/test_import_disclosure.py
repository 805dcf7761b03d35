"""`prongsai import-disclosure` and the import page: code,url files, all or nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from prongsai.publishing.models import DisclosureItem, DisclosureLink


def write(tmp_path, text: str, name: str = "links.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path, year: int = 2566) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("import_disclosure", "--agency", "tha-talad", "--year", str(year), str(path),
                 stdout=out)  # fmt: skip
    return out.getvalue()


def links_of(code: str, year: int = 2566) -> list[str]:
    return list(
        DisclosureLink.objects.filter(item__code=code, item__year=year).values_list(
            "url", flat=True
        )
    )


def test_good_csv_loads_several_links_per_code(agency, tmp_path) -> None:
    path = write(
        tmp_path,
        "code,url\n"
        "o1,https://www.thatalad.go.th/structure\n"
        "O 11,https://www.thatalad.go.th/plan-2566.pdf\n"
        "o11,https://www.thatalad.go.th/plan-2566-annex.pdf\n"
        "o๑๒,http://www.thatalad.go.th/report6m\n",
    )
    out = run(path)

    assert "4 ลิงก์ใน 3 ข้อ" in out
    assert links_of("o11") == [
        "https://www.thatalad.go.th/plan-2566.pdf",
        "https://www.thatalad.go.th/plan-2566-annex.pdf",
    ]
    assert links_of("o12") == ["http://www.thatalad.go.th/report6m"]
    # Every OIT item of the year exists now, with or without links.
    assert DisclosureItem.objects.filter(agency=agency, year=2566).count() == 43


def test_importing_again_replaces_the_links_of_the_codes_in_the_file_only(agency, tmp_path) -> None:
    run(write(tmp_path, "code,url\no1,https://a.go.th/1\no2,https://a.go.th/2\n"))
    run(write(tmp_path, "code,url\no1,https://a.go.th/new\n", "second.csv"))

    assert links_of("o1") == ["https://a.go.th/new"]
    assert links_of("o2") == ["https://a.go.th/2"]


def test_xlsx_with_the_same_header_is_read(agency, tmp_path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Code", "URL"])
    sheet.append(["o5", "https://www.thatalad.go.th/contact"])
    path = tmp_path / "links.xlsx"
    book.save(path)

    run(path)
    assert links_of("o5") == ["https://www.thatalad.go.th/contact"]


def test_bad_file_writes_nothing_and_names_row_column_and_why(agency, tmp_path) -> None:
    run(write(tmp_path, "code,url\no1,https://keep.go.th/\n"))
    path = write(
        tmp_path,
        "code,url\n"
        "o1,https://www.thatalad.go.th/ok\n"  # valid, but must not be written
        "o99,https://www.thatalad.go.th/x\n"
        "I7,https://www.thatalad.go.th/x\n"
        "o2,ftp://www.thatalad.go.th/file\n"
        "o3,\n"
        "o4,not a link\n"
        ",https://www.thatalad.go.th/y\n"
        "o1,https://www.thatalad.go.th/ok\n",
        "bad.csv",
    )
    with pytest.raises(CommandError) as excinfo:
        run(path)
    message = str(excinfo.value)

    assert "ไม่มีการเปลี่ยนแปลงข้อมูล" in message
    assert "แถว 3 คอลัมน์ code: ไม่มีข้อ OIT o99 ในกรอบการประเมินปี 2566" in message
    assert "แถว 4 คอลัมน์ code: ไม่มีข้อ OIT I7" in message
    assert "แถว 5 คอลัมน์ url:" in message and "http://" in message
    assert "แถว 6 คอลัมน์ url: ไม่มีลิงก์" in message
    assert "แถว 7 คอลัมน์ url:" in message
    assert "แถว 8 คอลัมน์ code: ว่าง" in message
    assert "แถว 9 คอลัมน์ url: ลิงก์ของข้อ o1 ซ้ำกับแถว 2" in message
    assert links_of("o1") == ["https://keep.go.th/"]


def test_code_of_another_year_is_refused(agency, tmp_path) -> None:
    # 2567's framework has only o1-o4 so far.
    with pytest.raises(CommandError, match="แถว 2 คอลัมน์ code: ไม่มีข้อ OIT o11 ในกรอบการประเมินปี 2567"):
        run(write(tmp_path, "code,url\no11,https://a.go.th/\n"), year=2567)


def test_file_without_the_header_is_refused_with_one_clear_message(agency, tmp_path) -> None:
    with pytest.raises(CommandError, match="หัวตาราง code,url"):
        run(write(tmp_path, "o1,https://a.go.th/\n"))


def test_year_without_a_framework_is_refused(agency, tmp_path) -> None:
    with pytest.raises(CommandError, match="ยังไม่มีกรอบการประเมินปี 2590"):
        run(write(tmp_path, "code,url\no1,https://a.go.th/\n"), year=2590)


def test_import_page_shows_every_error_and_keeps_the_year(login, agency_admin) -> None:
    client = login(agency_admin)
    upload = SimpleUploadedFile("links.csv", b"code,url\no1,javascript:alert(1)\n")
    response = client.post("/disclosure/2566/import/", {"file": upload})

    assert response.status_code == 400
    assert "แถว 2 คอลัมน์ url" in response.content.decode()
    assert not DisclosureLink.objects.exists()


def test_import_page_loads_a_good_file_and_returns_to_the_checklist(login, agency_admin) -> None:
    client = login(agency_admin)
    upload = SimpleUploadedFile("links.csv", b"code,url\no1,https://www.thatalad.go.th/s\n")
    response = client.post("/disclosure/2566/import/", {"file": upload})

    assert response.status_code == 302 and response["Location"] == "/disclosure/2566/"
    assert links_of("o1") == ["https://www.thatalad.go.th/s"]


def test_only_the_admin_may_import(login, department_editor, viewer) -> None:
    for user in (department_editor, viewer):
        response = login(user).get("/disclosure/2566/import/")
        assert response.status_code == 403
