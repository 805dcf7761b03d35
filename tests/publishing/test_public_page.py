"""The public transparency page: only what was published, only this agency, frozen
until the next publish; its open data, its per-item answer links and its embed."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from prongsai.assessments.imports import ScoreRow
from prongsai.assessments.services import assessment_get_or_create, scores_write
from prongsai.framework.services import framework_spec
from prongsai.improvement.models import Evidence, EvidenceRevision, Measure, Result
from prongsai.publishing.models import Publication
from prongsai.publishing.services import (
    disclosure_accept,
    disclosure_items_ensure,
    disclosure_propose,
    disclosure_reject,
    disclosure_update,
    publication_publish,
)

PUBLIC_FILE = b"%PDF-1.4 public evidence of the budget meeting"
PRIVATE_FILE = b"%PDF-1.4 internal memo, not for the public"


def _file_evidence(result: Result, caption: str, data: bytes, *, public: bool) -> Evidence:
    evidence = Evidence.objects.create(result=result, kind="file", caption=caption, public=public)
    revision = EvidenceRevision(evidence=evidence, version=1, original_name=f"{caption}.pdf",
                                content_type="application/pdf", size=len(data),
                                sha256=hashlib.sha256(data).hexdigest())  # fmt: skip
    revision.file.save(f"{caption}.pdf", ContentFile(data), save=False)
    revision.save()
    return evidence


def fill_agency(agency, *, prefix: str = "") -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Scores, measures, results, evidence and OIT items, some public and some not.
    `prefix` makes another agency's texts distinct."""
    assessment = assessment_get_or_create(agency=agency, year=2566)
    spec = framework_spec(assessment.framework)
    rows = [ScoreRow(n, q.code, 100 if q.answer_type == "oit_item" else 90, "")
            for n, q in enumerate(spec.questions, start=2)]  # fmt: skip
    scores_write(assessment=assessment, rows=rows, source="import", actor=None)

    overdue = Measure.objects.create(agency=agency, plan_year=2567, assessment=assessment, name=f"{prefix}มาตรการเปิดเผยงบประมาณ",
                                     status="in_progress", progress=40,
                                     due_date=dt.date(2024, 3, 31))  # fmt: skip
    done = Measure.objects.create(agency=agency, plan_year=2567, name=f"{prefix}มาตรการช่องทางร้องเรียน",
                                  status="done", progress=100, due_date=dt.date(2024, 9, 30))  # fmt: skip
    shown = Result.objects.create(measure=overdue, text=f"{prefix}ประชุมชี้แจงงบประมาณแล้ว",
                                  date=dt.date(2024, 1, 15), public=True)  # fmt: skip
    _file_evidence(shown, f"{prefix}รายงานการประชุม", PUBLIC_FILE + prefix.encode(), public=True)
    _file_evidence(shown, f"{prefix}บันทึกภายใน", PRIVATE_FILE + prefix.encode(), public=False)
    Evidence.objects.create(result=shown, kind="link", caption=f"{prefix}ลิงก์ภายใน", public=False)
    hidden = Result.objects.create(measure=done, text=f"{prefix}ผลที่ยังไม่เผยแพร่",
                                   date=dt.date(2024, 2, 1), public=False)  # fmt: skip
    _file_evidence(
        hidden, f"{prefix}หลักฐานของผลที่ไม่เผยแพร่", b"hidden" + prefix.encode(), public=True
    )

    site = f"https://www.{prefix or 'thatalad'}.go.th"
    items = {i.code: i for i in disclosure_items_ensure(agency=agency, year=2566)}
    disclosure_update(item=items["o1"], actor=None, links=[f"{site}/ita/2566/o1"])
    disclosure_accept(item=items["o1"], actor=None)
    disclosure_update(item=items["o2"], actor=None, links=[f"{site}/draft-o2"])
    disclosure_propose(item=items["o2"], actor=None)
    return {"overdue": overdue, "done": done, "items": items, "site": site}


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://prongsai.example.org"
    return settings.MEDIA_ROOT


@pytest.fixture
def published(media, agency):  # type: ignore[no-untyped-def]
    data = fill_agency(agency)
    data["publication"] = publication_publish(agency=agency, actor=None)
    return data


def page(client, path: str = "/public/tha-talad/") -> str:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_public_page_needs_no_sign_in_and_shows_what_was_published(client, published) -> None:
    html = page(client)
    for text in ("องค์การบริหารส่วนตำบลท่าตลาด", "ผลการประเมิน ITA", "2566", "มาตรการเปิดเผยงบประมาณ",
                 "ประชุมชี้แจงงบประมาณแล้ว", "รายงานการประชุม", "https://www.thatalad.go.th/ita/2566/o1"):  # fmt: skip
        assert text in html
    assert "/public/tha-talad/2566/o1/" in html


def test_public_page_shows_nothing_unpublished(client, published) -> None:
    pages = [page(client), page(client, "/public/tha-talad/2566/"), page(client, "/public/tha-talad/2567/"),
             page(client, "/public/tha-talad/data.json"), page(client, "/public/tha-talad/data.csv"),
             page(client, "/public/tha-talad/embed/")]  # fmt: skip
    for html in pages:
        for secret in ("ผลที่ยังไม่เผยแพร่", "หลักฐานของผลที่ไม่เผยแพร่", "บันทึกภายใน", "ลิงก์ภายใน",
                       "draft-o2"):  # fmt: skip
            assert secret not in html


def test_overdue_and_done_are_shown_honestly(client, published) -> None:
    html = page(client)
    assert "เลยกำหนด" in html and "วัน</span>" in html
    assert "ดำเนินการแล้ว 1" in html and "ตรวจและปิดแล้ว 0" in html
    data = json.loads(page(client, "/public/tha-talad/data.json"))
    by_name = {m["name"]: m for m in data["measures"]}
    assert by_name["มาตรการเปิดเผยงบประมาณ"]["overdue"] is True
    assert by_name["มาตรการเปิดเผยงบประมาณ"]["overdue_days"] > 0
    assert (
        by_name["มาตรการช่องทางร้องเรียน"]["overdue"],
        by_name["มาตรการช่องทางร้องเรียน"]["closed"],
    ) == (
        False,
        False,
    )


def test_edits_after_publishing_show_only_after_the_next_publish(client, published, agency) -> None:
    measure = published["overdue"]
    measure.name = "มาตรการที่แก้ชื่อแล้ว"
    measure.save()
    disclosure_accept(item=published["items"]["o2"], actor=None)
    Result.objects.filter(text="ผลที่ยังไม่เผยแพร่").update(public=True)

    html = page(client)
    assert "มาตรการเปิดเผยงบประมาณ" in html and "มาตรการที่แก้ชื่อแล้ว" not in html
    assert "draft-o2" not in html and "ผลที่ยังไม่เผยแพร่" not in html

    publication_publish(agency=agency, actor=None)
    html = page(client)
    assert "มาตรการที่แก้ชื่อแล้ว" in html and "draft-o2" in html and "ผลที่ยังไม่เผยแพร่" in html
    assert Publication.objects.filter(agency=agency).count() == 2


def test_nothing_of_another_agency_ever_appears(client, published, other_agency) -> None:
    other = fill_agency(other_agency, prefix="other")
    publication_publish(agency=other_agency, actor=None)

    ours = [page(client), page(client, "/public/tha-talad/2566/"), page(client, "/public/tha-talad/2567/"),
            page(client, "/public/tha-talad/2566/o1/"), page(client, "/public/tha-talad/data.json"),
            page(client, "/public/tha-talad/data.csv"), page(client, "/public/tha-talad/embed/")]  # fmt: skip
    for html in ours:
        assert "other" not in html and other["site"] not in html
        assert "เทศบาลตำบลตัวอย่าง" not in html
    # Their file is not served under our name, ours not under theirs.
    theirs = hashlib.sha256(PUBLIC_FILE + b"other").hexdigest()
    mine = hashlib.sha256(PUBLIC_FILE).hexdigest()
    assert client.get(f"/public/tha-talad/files/{theirs}/").status_code == 404
    assert client.get(f"/public/demo-other/files/{mine}/").status_code == 404
    assert client.get(f"/public/demo-other/files/{theirs}/").status_code == 200


def test_unpublished_agency_answers_404_everywhere(client, published, other_agency) -> None:
    fill_agency(other_agency, prefix="other")
    sha = hashlib.sha256(PUBLIC_FILE + b"other").hexdigest()
    for path in ("", "2566/", "2566/o1/", "data.json", "data.csv", "embed/", f"files/{sha}/"):
        assert client.get(f"/public/demo-other/{path}").status_code == 404
    assert client.get("/public/no-such-agency/").status_code == 404


def test_each_item_has_a_stable_answer_link_showing_the_item_and_its_links(
    client, published
) -> None:
    response = client.get("/public/tha-talad/2566/o1/")
    html = response.content.decode()
    assert response.status_code == 200  # a page the assessor sees, not a redirect
    assert "o1 โครงสร้าง" in html and "https://www.thatalad.go.th/ita/2566/o1" in html
    assert "ปี พ.ศ. 2566" in html
    assert client.get("/public/tha-talad/2566/o2/").status_code == 404  # proposed, not accepted
    assert client.get("/public/tha-talad/2566/o99/").status_code == 404
    assert client.get("/public/tha-talad/2567/o1/").status_code == 404


def test_answer_link_keeps_working_after_the_item_is_withdrawn_and_republished(
    client, published, agency
) -> None:
    disclosure_reject(item=published["items"]["o1"], actor=None, reason="ต้องปรับผัง")
    publication_publish(agency=agency, actor=None)

    html = page(client, "/public/tha-talad/2566/o1/")
    assert "https://www.thatalad.go.th/ita/2566/o1" in html
    assert "การเผยแพร่ครั้งที่ 1" in html
    assert "https://www.thatalad.go.th/ita/2566/o1" not in page(client, "/public/tha-talad/")


def test_past_years_stay_as_archives(client, published, agency) -> None:
    html = page(client, "/public/tha-talad/2566/")
    assert "ฉบับเก็บถาวร" in html and "https://www.thatalad.go.th/ita/2566/o1" in html
    # Measures answering the 2566 results are planned for 2567: the archive points there.
    assert "อยู่ในปีงบประมาณ 2567" in html and 'href="/public/tha-talad/2567/#measures"' in html
    assert client.get("/public/tha-talad/2540/").status_code == 404


def test_open_data_json_and_csv_hold_the_same_content_as_the_page(client, published) -> None:
    html = page(client)
    data = json.loads(page(client, "/public/tha-talad/data.json"))
    text = page(client, "/public/tha-talad/data.csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))

    assert data["agency"]["slug"] == "tha-talad" and data["publication"]["version"] == 1
    names = [m["name"] for m in data["measures"]]
    assert sorted(names) == sorted(r["title"] for r in rows if r["section"] == "measure")
    for name in names:
        assert name in html
    results = [r["text"] for m in data["measures"] for r in m["results"]]
    assert results == ["ประชุมชี้แจงงบประมาณแล้ว"]
    assert results == [r["title"] for r in rows if r["section"] == "result"]
    links = [
        url for block in data["disclosure"] for item in block["items"] for url in item["links"]
    ]
    assert links == [r["url"] for r in rows if r["section"] == "disclosure"]
    for url in links:
        assert url in html
    item = data["disclosure"][0]["items"][0]
    assert item["page_url"] == "https://prongsai.example.org/public/tha-talad/2566/o1/"
    evidence = [e for m in data["measures"] for r in m["results"] for e in r["evidence"]]
    assert [e["caption"] for e in evidence] == ["รายงานการประชุม"]
    assert evidence[0]["file"]["url"] in [r["url"] for r in rows if r["section"] == "evidence"]
    total = next(r for r in rows if r["section"] == "assessment" and r["code"] == "total")
    assert float(total["value"]) == data["assessments"][0]["total"]
    assert f"{data['assessments'][0]['total']:.2f}" in html


def test_published_evidence_is_a_frozen_copy_served_by_its_hash(client, published) -> None:
    sha = hashlib.sha256(PUBLIC_FILE).hexdigest()
    response = client.get(f"/public/tha-talad/files/{sha}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PUBLIC_FILE
    # Replacing the original upload does not change what was published.
    revision = EvidenceRevision.objects.get(sha256=sha)
    revision.file.delete()
    assert b"".join(client.get(f"/public/tha-talad/files/{sha}/").streaming_content) == PUBLIC_FILE
    private = hashlib.sha256(PRIVATE_FILE).hexdigest()
    assert client.get(f"/public/tha-talad/files/{private}/").status_code == 404
    assert client.get("/public/tha-talad/files/not-a-hash/").status_code == 404


def test_only_the_embed_page_may_be_framed(client, published) -> None:
    embed = client.get("/public/tha-talad/embed/")
    assert "X-Frame-Options" not in embed
    policy = embed["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "script-src 'self'" in policy  # the rest still holds
    assert 'href="/public/tha-talad/"' in embed.content.decode()
    for path in ("/public/tha-talad/", "/public/tha-talad/2566/o1/", "/disclosure/publish/"):
        assert client.get(path)["X-Frame-Options"] == "DENY"


def test_publish_page_gives_the_admin_the_embed_snippet(login, agency_admin, published) -> None:
    html = login(agency_admin).get("/disclosure/publish/").content.decode()
    assert "https://prongsai.example.org/public/tha-talad/" in html
    assert (
        "&lt;iframe src=&quot;https://prongsai.example.org/public/tha-talad/embed/&quot;" in html
        or ('&lt;iframe src="https://prongsai.example.org/public/tha-talad/embed/"' in html)
    )
    assert "https://prongsai.example.org/public/tha-talad/2566/o1/" in html
    assert "ข้อมูลในระบบตรงกับที่เผยแพร่แล้ว" in html


def test_only_the_admin_publishes(login, department_editor, agency_admin, media, agency) -> None:
    assert login(department_editor).post("/disclosure/publish/now/").status_code == 403
    assert not Publication.objects.exists()
    response = login(agency_admin).post("/disclosure/publish/now/")
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.version, publication.published_by) == (1, agency_admin)


def test_publish_command_publishes_and_prints_the_address(media, agency) -> None:
    out = io.StringIO()
    call_command("publish", "--agency", "tha-talad", stdout=out)
    assert "ครั้งที่ 1" in out.getvalue()
    assert "https://prongsai.example.org/public/tha-talad/" in out.getvalue()
