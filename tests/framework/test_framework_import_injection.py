"""A framework file is text from outside (a staff member's download of the
NACC's tables, edited by hand): its item texts, title, requirements and source
addresses are shown on the import preview and then to every agency. Markup in
them must come out as text."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.framework.library import framework_to_yaml, load_shipped_frameworks

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '</textarea></td><img src=x onerror="alert(2)">'


def _hostile_yaml() -> str:
    spec = {s.year: s for s in load_shipped_frameworks()}[2569]
    news = spec.question("o4").text
    questions = []
    for q in spec.questions:
        if q.code == "o3":  # worded like 2569's o4, so the diff quotes both texts
            q = q.model_copy(update={"text": f"{news} {SCRIPT}", "requirements": (BREAKOUT,)})
        elif q.code == "o5":
            source = {"url": 'https://x.go.th/"><script>alert(3)</script>', "seen": "2026-01-01"}
            q = q.model_copy(update={"text": SCRIPT + BREAKOUT})
            q = type(q).model_validate({**q.model_dump(mode="json"), "source": source})
        questions.append(q)
    hostile = spec.model_copy(
        update={"year": 2570, "title": SCRIPT + BREAKOUT, "questions": tuple(questions)}
    )
    return framework_to_yaml(hostile)


def _assert_inert(page: str) -> None:
    for raw in (SCRIPT, BREAKOUT, "<img src=x", '"><script>', "<script>alert"):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_markup_in_a_framework_file_is_text_on_the_preview_and_the_year_page(
    agency_admin, login
) -> None:
    agency_admin.is_staff = True
    agency_admin.save()
    client = login(agency_admin)
    text = _hostile_yaml()
    preview = client.post(
        reverse("framework:import_preview"),
        {"file": SimpleUploadedFile("ita-2570.yaml", text.encode())},
    )
    assert preview.status_code == 200, preview.content.decode()[:2000]
    _assert_inert(preview.content.decode())
    confirmed = client.post(
        reverse("framework:import_confirm"), {"name": "ita-2570.yaml", "text": text}
    )
    assert confirmed.status_code == 302
    _assert_inert(client.get(reverse("framework:detail", args=[2570])).content.decode())


def test_markup_in_a_refused_framework_file_is_text_in_the_errors(agency_admin, login) -> None:
    agency_admin.is_staff = True
    agency_admin.save()
    bad = _hostile_yaml().replace("answer_type: oit_item", f"answer_type: '{SCRIPT}'", 1)
    response = login(agency_admin).post(
        reverse("framework:import_preview"),
        {"file": SimpleUploadedFile(f"{SCRIPT}.yaml", bad.encode())},
    )
    assert response.status_code == 400
    _assert_inert(response.content.decode())
