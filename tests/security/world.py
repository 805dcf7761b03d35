"""The data every security case replays requests against: `prongsai load-demo`
(Tha Talad with its measures, OIT items, surveys and published page; a second
agency with its admin) plus what the demo lacks and a case needs: an evidence
file with a thumbnail, a dated copy from a link check, a dropped weakness.

Objects a case acts on belong to สำนักปลัด only (not กองคลัง), so the
department editor of กองคลัง is outside their department for every one."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.security.snapshot import Snapshot, snapshot

PERSONAS = {
    "admin": "thatalad-admin",
    "editor": "thatalad-finance",
    "viewer": "thatalad-viewer",
    "other_admin": "other-admin",
}


@dataclass
class World:
    agency: Any
    other: Any
    users: dict[str, User]
    objects: dict[str, Any] = field(default_factory=dict)
    baseline: Snapshot | None = None

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def png(size: tuple[int, int] = (8, 6)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


def build_world(out: TextIO) -> World:
    from prongsai.agencies.models import Agency
    from prongsai.assessments.models import Assessment
    from prongsai.demo import load_demo
    from prongsai.improvement.models import Measure, Weakness
    from prongsai.improvement.services import evidence_add_screenshot, weakness_drop
    from prongsai.publishing.blobs import blob_put
    from prongsai.publishing.models import CheckRun, DisclosureItem, LinkCheck, Publication
    from prongsai.surveys.demo import PUBLIC_SLUG, STAFF_SLUG
    from prongsai.surveys.models import Survey
    from prongsai.surveys.services import round_save, survey_create_custom

    load_demo(out)
    agency = Agency.objects.get(slug="tha-talad")
    world = World(
        agency=agency,
        other=Agency.objects.get(slug="demo-other"),
        users={k: User.objects.get(username=v) for k, v in PERSONAS.items()},
    )
    admin = world.users["admin"]
    o = world.objects

    o["assessment"] = Assessment.objects.get(agency=agency, year=2566, kind="official")
    office_only = Measure.objects.filter(agency=agency, closed_at__isnull=True).exclude(
        departments__kind="finance"
    )
    o["measure"] = measure = office_only.filter(steps__isnull=False, results__isnull=False).first()
    o["step"] = measure.steps.first()
    o["result"] = result = measure.results.first()
    evidence = evidence_add_screenshot(
        result=result,
        actor=admin,
        upload=SimpleUploadedFile("shot.png", png()),
        name="shot.png",
        caption="ภาพหน้าจอ",
        public=False,
    )
    o["evidence"] = evidence
    o["revision"] = evidence.revisions.get()

    weaknesses = Weakness.objects.filter(assessment=o["assessment"]).select_related("question")
    active = weaknesses.filter(status="active").order_by("question__code")
    o["weakness"] = active.first()
    dropped = active.last()
    weakness_drop(weakness=dropped, actor=admin, reason="ทดสอบ: ไม่ถือเป็นข้อบกพร่อง")
    o["dropped_weakness"] = dropped

    items = DisclosureItem.objects.filter(agency=agency, department__kind="office")
    o["item"] = items.filter(year=2566).order_by("order").first()
    o["proposed_item"] = items.get(year=2567, code="o2")

    run = CheckRun.objects.create(agency=agency, year=2566, state="done", started_by=admin)
    link = o["item"].links.first()
    sha = blob_put("snapshots", "<html><body>หน้าเว็บ ณ วันตรวจ</body></html>".encode())
    o["run"] = run
    o["link"] = link
    o["link_check"] = LinkCheck.objects.create(
        run=run,
        item=o["item"],
        link=link,
        code=o["item"].code,
        url=link.url,
        ok=True,
        status=200,
        content_type="text/html",
        required_year=2566,
        sha256=sha,
        size=10,
        fetched_at=timezone.now() - dt.timedelta(days=1),
    )

    o["staff_survey"] = Survey.objects.get(slug=STAFF_SLUG)
    o["public_survey"] = Survey.objects.get(slug=PUBLIC_SLUG)
    today = timezone.localdate()
    o["draft_survey"] = survey_create_custom(
        agency=agency,
        title="แบบสอบถามที่ยังไม่มีผู้ตอบ",
        slug="tha-talad-draft",
        kind="public",
        opens_on=today,
        closes_on=today + dt.timedelta(days=30),
        services=[],
        questions=[("ความพึงพอใจโดยรวม", "satisfaction")],
        actor=admin,
    )
    o["round"] = round_save(agency=agency, year=2567, actor=admin, staff_count=40)
    o["publication"] = Publication.objects.filter(agency=agency).order_by("-version").first()
    # The ITAS round of 2567 with its links, so the round's poster and chart
    # downloads answer a file for the admin (tests/security/test_download_isolation).
    from prongsai.surveys.models import OfficialRound

    OfficialRound.objects.update_or_create(
        agency=agency,
        year=2567,
        defaults={
            "iit_url": "https://itas.nacc.go.th/go/iit/demo",
            "eit_url": "https://itas.nacc.go.th/go/eit/demo",
        },
    )
    world.baseline = snapshot(agency)
    return world
