"""The English interface: Thai stays the default, the English button turns the
pages' navigation and labels English, and every catalog is fully translated."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path
from typing import Any

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "prongsai"
CATALOGS = sorted(PACKAGE.glob("**/locale/en/LC_MESSAGES/django.po"))

# Page, English words it must show, Thai interface labels it must not show.
PAGES = [
    ("/", ["Overview", "Results", "Measures", "Sign out"], ["ภาพรวม", "ออกจากระบบ"]),
    ("/results/", ["ITA results", "Rating", "Total"], ["ผลการประเมิน ITA", "ระดับ"]),
    (
        "/improvement/analysis/2566/official/",
        ["Analysis of the results", "Add a weakness"],
        ["เพิ่มข้อบกพร่องเอง"],
    ),
    ("/improvement/measures/", ["Measures", "Responsible", "Due date"], ["ผู้รับผิดชอบ"]),
    ("/disclosure/", ["Disclosure (OIT)", "Website link check"], ["ตรวจลิงก์บนเว็บไซต์"]),
    ("/surveys/", ["Surveys", "Respondents"], ["ผู้ตอบ<", "แบบสอบถาม</"]),
    ("/documents/", ["Measures and report of results", "View"], ["เปิดดู"]),
    ("/public/tha-talad/", ["Transparency of", "ITA results", "Open data"], ["ข้อมูลเปิด"]),
]


def _choose(client: Any, language: str) -> None:
    client.post("/i18n/setlang/", {"language": language, "next": "/"})


@pytest.fixture
def admin_client(demo: dict[str, Any], client: Any) -> Any:
    client.force_login(demo["admin"])
    return client


def test_the_sign_in_page_is_thai_until_english_is_chosen(client: Any, db: None) -> None:
    thai = client.get("/accounts/login/").content.decode()
    assert '<html lang="th">' in thai and "เข้าสู่ระบบ" in thai
    _choose(client, "en")
    english = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in english
    assert "Sign in" in english and "Password" in english
    assert "เข้าสู่ระบบ" not in english and "รหัสผ่าน" not in english


@pytest.mark.parametrize(("url", "english", "thai"), PAGES)
def test_the_demo_agencys_pages_speak_english_once_chosen(
    admin_client: Any, url: str, english: list[str], thai: list[str]
) -> None:
    _choose(admin_client, "en")
    response = admin_client.get(url, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    for word in english:
        assert word in page, f"{url}: '{word}' missing"
    for label in thai:
        assert label not in page, f"{url}: Thai label '{label}' still shown"


@pytest.mark.parametrize(("url", "english", "thai"), PAGES)
def test_the_same_pages_are_thai_by_default(
    admin_client: Any, url: str, english: list[str], thai: list[str]
) -> None:
    page = admin_client.get(url, follow=True).content.decode()
    assert '<html lang="th">' in page
    assert thai[0] in page


def test_dates_name_the_month_in_english_and_keep_the_buddhist_era_year(
    admin_client: Any,
) -> None:
    _choose(admin_client, "en")
    page = admin_client.get("/improvement/measures/").content.decode()
    assert re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* 25[6-9]\d\b", page)
    assert not re.search(r"(ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.)", page)


def test_choosing_thai_again_brings_thai_back(admin_client: Any) -> None:
    _choose(admin_client, "en")
    _choose(admin_client, "th")
    page = admin_client.get("/").content.decode()
    assert '<html lang="th">' in page and "ออกจากระบบ" in page


def test_an_english_page_leaves_later_work_in_the_thread_in_thai(admin_client: Any) -> None:
    from django.utils.translation import get_language, gettext

    _choose(admin_client, "en")
    admin_client.get("/")
    assert get_language() == "th"
    assert gettext("ออกจากระบบ") == "ออกจากระบบ"


# A .po entry: flags, msgctxt, msgid, msgid_plural and msgstr / msgstr[n].
def _entries(path: Path) -> list[dict[str, Any]]:
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry: dict[str, Any] = {"flags": set(), "msgstr": []}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif m := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
                field = m.group(1)
                value = ast.literal_eval(m.group(2))
                if field.startswith("msgstr"):
                    entry["msgstr"].append(value)
                else:
                    entry[field] = value
            elif line.startswith('"') and field:
                value = ast.literal_eval(line)
                if field.startswith("msgstr"):
                    entry["msgstr"][-1] += value
                else:
                    entry[field] += value
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def test_there_is_a_catalog_for_the_project_and_every_app_with_strings() -> None:
    names = {p.parents[3].name for p in CATALOGS}
    expected = {"prongsai", "accounts", "agencies", "assessments", "documents"}
    expected |= {"framework", "improvement", "publishing", "surveys"}
    assert expected <= names


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parents[3].name)
def test_every_string_of_the_catalog_is_translated_and_none_is_fuzzy(path: Path) -> None:
    entries = _entries(path)
    assert entries
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"untranslated in {path}: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:5]}"
    plural = [e["msgid"] for e in entries if "msgid_plural" in e and len(e["msgstr"]) != 2]
    assert not plural


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parents[3].name)
def test_translations_keep_the_named_placeholders(path: Path) -> None:
    named = re.compile(r"%\((\w+)\)[sd]")
    for e in _entries(path):
        for text in e["msgstr"]:
            assert set(named.findall(text)) <= set(named.findall(e["msgid"])), e["msgid"]
            if "msgid_plural" not in e:
                assert set(named.findall(text)) == set(named.findall(e["msgid"])), e["msgid"]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parents[3].name)
def test_the_compiled_catalog_matches_its_po_file(path: Path) -> None:
    # The install path has no gettext tools: the committed .mo is what runs.
    with path.with_suffix(".mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for e in _entries(path):
        key = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            assert compiled.ngettext(key, e["msgid_plural"], 1) == e["msgstr"][0], key
        else:
            assert compiled.gettext(key) == e["msgstr"][0], key


def test_no_msgid_is_translated_in_two_catalogs() -> None:
    seen: dict[str, Path] = {}
    for path in CATALOGS:
        for e in _entries(path):
            key = f"{e.get('msgctxt', '')}\x04{e['msgid']}"
            assert key not in seen, f"{e['msgid']!r} in {seen.get(key)} and {path}"
            seen[key] = path
