"""`prongsai load-demo`: the seed's agency (อบต.ท่าตลาด) and a second agency.

Idempotent: running it again leaves the same data. Demo users exist only
because this command made them; it refuses to run when DEBUG is off unless
told otherwise, so a production database never gets known passwords by
accident.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import TextIO

from django.contrib.auth.models import User
from django.db import transaction

from prongsai.accounts.models import Role
from prongsai.agencies.models import Agency, Department
from prongsai.agencies.services import member_set
from prongsai.assessments.imports import ScoreRow
from prongsai.assessments.services import assessment_get_or_create, scores_write
from prongsai.framework.services import framework_spec, frameworks_load_shipped
from prongsai.improvement.demo import load_improvement_demo
from prongsai.publishing.demo import load_publishing_demo
from prongsai.surveys.demo import load_survey_demo

PASSWORD = "prongsai-demo"
DEMO_YEAR = 2566

# The ten scores the seed report gives (ITA 2566 results of อบต.ท่าตลาด).
SEED_SCORES = {
    "I7": Decimal("79.27"),
    "I8": Decimal("53.56"),
    "I9": Decimal("77.27"),
    "I14": Decimal("78.00"),
    "I27": Decimal("72.50"),
    "E2": Decimal("82.50"),
    "E7": Decimal("84.59"),
    "E13": Decimal("81.31"),
    "E14": Decimal("84.59"),
    "E15": Decimal("84.59"),
}
# OIT items the sample marks as not published, so the disclosure side of the
# demo has something to show.
SAMPLE_OIT_MISSING = {"o33", "o41"}

THA_TALAD_DEPARTMENTS = [
    ("สำนักปลัด", "office"),
    ("กองคลัง", "finance"),
    ("กองช่าง", "works"),
    ("กองสาธารณสุขและสิ่งแวดล้อม", "health"),
    ("กองการศึกษา ศาสนาและวัฒนธรรม", "education"),
]

USERS = [
    # username, full name, agency slug, role, department kinds
    ("thatalad-admin", "เจ้าหน้าที่ ITA อบต.ท่าตลาด", "tha-talad", Role.ADMIN, []),
    ("thatalad-finance", "ผู้อำนวยการกองคลัง", "tha-talad", Role.EDITOR, ["finance"]),
    ("thatalad-viewer", "นายก อบต.ท่าตลาด", "tha-talad", Role.VIEWER, []),
    ("other-admin", "เจ้าหน้าที่ ITA ทต.ตัวอย่าง", "demo-other", Role.ADMIN, []),
]


# A province supervisor, to see the network view (/network/) over the demo.
SUPERVISOR = ("nakhonpathom-sup", "ท้องถิ่นจังหวัดนครปฐม", "province:นครปฐม")


def _demo_supervisor() -> None:
    from prongsai.network.scope import parse_scope
    from prongsai.network.services import supervision_create

    user = _demo_user(SUPERVISOR[0], SUPERVISOR[1])
    supervision_create(user=user, scope=parse_scope(SUPERVISOR[2]))


def sample_score(code: str) -> Decimal:
    """A stable made-up score of 85.00–98.99 for a question the seed does
    not give; marked as sample data (ScoreSource.SAMPLE) wherever it shows."""
    n = int(hashlib.sha256(code.encode()).hexdigest(), 16) % 1400
    return Decimal(8500 + n) / 100


def _agency(slug: str, **fields: str) -> Agency:
    agency, _ = Agency.objects.update_or_create(slug=slug, defaults=fields)
    return agency


def _departments(agency: Agency, names: list[tuple[str, str]]) -> None:
    for order, (name, kind) in enumerate(names, start=1):
        Department.objects.update_or_create(
            agency=agency, name=name, defaults={"kind": kind, "order": order}
        )


def _assessment(agency: Agency, seed: dict[str, Decimal]) -> None:
    assessment = assessment_get_or_create(agency=agency, year=DEMO_YEAR)
    spec = framework_spec(assessment.framework)
    seed_rows, sample_rows = [], []
    for n, q in enumerate(spec.questions, start=2):
        if q.code in seed:
            seed_rows.append(ScoreRow(n, q.code, seed[q.code], ""))
        elif q.answer_type == "oit_item":
            value = Decimal(0) if q.code in SAMPLE_OIT_MISSING else Decimal(100)
            sample_rows.append(ScoreRow(n, q.code, value, ""))
        else:
            sample_rows.append(ScoreRow(n, q.code, sample_score(q.code), ""))
    scores_write(assessment=assessment, rows=seed_rows, source="import", actor=None)
    scores_write(assessment=assessment, rows=sample_rows, source="sample", actor=None)


@transaction.atomic
def _demo_user(username: str, full_name: str) -> User:
    """The demo's own accounts, password `prongsai-demo` (load-demo refuses to
    run in production). Only these names are ever touched."""
    user, _created = User.objects.get_or_create(username=username)
    user.set_password(PASSWORD)
    user.first_name = full_name[:150]
    user.email = f"{username}@demo.example.com"
    user.save()
    return user


def load_demo(out: TextIO) -> None:
    frameworks_load_shipped()
    tha_talad = _agency(
        "tha-talad",
        name="องค์การบริหารส่วนตำบลท่าตลาด",
        type="sao",
        province="นครปฐม",
        district="สามพราน",
        website="https://www.thatalad.go.th",
    )
    _departments(tha_talad, THA_TALAD_DEPARTMENTS)
    other = _agency(
        "demo-other",
        name="เทศบาลตำบลตัวอย่าง",
        type="tambon_municipality",
        province="ราชบุรี",
        district="โพธาราม",
    )
    _departments(other, [("สำนักปลัด", "office"), ("กองคลัง", "finance")])

    for username, full_name, slug, role, kinds in USERS:
        user = _demo_user(username, full_name)
        agency = tha_talad if slug == "tha-talad" else other
        departments = list(agency.departments.filter(kind__in=kinds))
        member_set(agency=agency, user=user, role=role, departments=departments)

    _assessment(tha_talad, SEED_SCORES)
    _assessment(other, {})
    load_improvement_demo(tha_talad, out)
    load_publishing_demo(tha_talad, out)
    load_survey_demo(tha_talad, out)
    _demo_supervisor()

    out.write("ข้อมูลสาธิตพร้อมแล้ว — demo data ready. Sign in at http://127.0.0.1:8000/\n")
    for username, full_name, slug, role, _kinds in USERS:
        out.write(f"  {username:18} / {PASSWORD}  {role.label} ({slug}) {full_name}\n")
    out.write(f"  {SUPERVISOR[0]:18} / {PASSWORD}  ผู้กำกับดูแล ({SUPERVISOR[2]}) {SUPERVISOR[1]}\n")
