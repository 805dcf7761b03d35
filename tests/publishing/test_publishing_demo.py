"""`prongsai load-demo`: tha-talad is published, demo-other is not."""

from __future__ import annotations

import io

import pytest

from prongsai.publishing.models import DisclosureItem, Publication


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def test_demo_publishes_tha_talad_and_leaves_demo_other_unpublished(media, demo, client) -> None:
    assert client.get("/public/tha-talad/").status_code == 200
    assert client.get("/public/demo-other/").status_code == 404
    assert client.get("/public/demo-other/data.json").status_code == 404
    html = client.get("/public/tha-talad/2566/o11/").content.decode()
    assert "https://www.thatalad.go.th/ita/2566/o11" in html


def test_demo_has_a_mix_of_statuses_for_the_checklist(media, demo) -> None:
    statuses = set(
        DisclosureItem.objects.filter(agency=demo["agency"]).values_list("status", flat=True)
    )
    assert statuses == {"missing", "proposed", "published", "needs_update"}
    missing = DisclosureItem.objects.filter(agency=demo["agency"], year=2566, status="missing")
    assert set(missing.values_list("code", flat=True)) == {"o33", "o41"}


def test_demo_is_idempotent(media, demo) -> None:
    from prongsai.demo import load_demo

    before = list(DisclosureItem.objects.order_by("id").values_list("id", "status", "updated_at"))
    load_demo(io.StringIO())
    after = list(DisclosureItem.objects.order_by("id").values_list("id", "status", "updated_at"))
    assert before == after
    assert Publication.objects.filter(agency=demo["agency"]).count() == 1
    assert not Publication.objects.filter(agency=demo["other"]).exists()


def test_demo_editor_proposes_for_finance_and_the_checklist_renders(media, demo, login) -> None:
    page = login(demo["editor"]).get("/disclosure/2566/").content.decode()
    assert page.count('class="item"') == 43
    assert "hx-post" in page  # finance's items are editable for the finance editor
    assert login(demo["admin"]).get("/").status_code == 200  # dashboard with the panel
