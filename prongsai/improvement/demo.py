"""The seed report's improvement cycle for the demo agency (อบต.ท่าตลาด, ITA 2566
results, measures of fiscal year 2567), through the same services the pages use.

Texts are the seed's, verbatim except for line breaks and runs of spaces left by
the PDF text extraction. The seed gives no dates for its results: the dates here
are illustrative, inside fiscal year 2567 (1 Oct 2023 – 30 Sep 2024). Idempotent:
a measure that exists already (same name and first weakness) is left as it is.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import TextIO

import fontpkg
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.improvement.models import Measure, Weakness
from prongsai.improvement.services import (
    departments_for_keys,
    evidence_add_link,
    evidence_add_screenshot,
    measure_create,
    measure_set_status,
    result_add,
    weaknesses_analyze,
)
from prongsai.lib.thai import fiscal_year_be, fiscal_year_bounds

PLAN_YEAR = 2567
ALL = ["all"]
SCREENSHOT_CAPTION = "มีการปรับปรุงข้อมูลพื้นฐานในเว็บไซต์ของหน่วยงานให้มีความครบถ้วน เป็นปัจจุบัน"


@dataclass
class SeedResult:
    text: str
    date: dt.date
    doc_number: str = ""
    doc_date: dt.date | None = None
    # Annex ("เอกสารประกอบการดำเนินการ") items proving this result: captions of links.
    links: list[str] = field(default_factory=list)
    screenshot: bool = False


@dataclass
class SeedMeasure:
    name: str
    codes: list[str]
    departments: list[str]
    steps: list[str]
    results: list[SeedResult]


_PUBLISH_BUDGET = (
    "เพิ่มช่องทางการเผยแพร่ข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงาน "
    "ขององค์การบริหารส่วนตำบลท่าตลาดให้บุคลากรภายในหน่วยงานทราบ โดยผ่านช่องทาง ดังนี้"
)
_PUBLISH_BUDGET_ONLINE = (
    "เผยแพร่ข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงานประจำปี ขององค์การบริหารส่วนตำบลท่าตลาด "
    "ผ่านสื่อสังคมออนไลน์ หรือเวปไซต์ขององค์การบริหารส่วนตำบลท่าตลาด"
)
_BUDGET_RESULT = (
    "ดำเนินการเผยแพร่ข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงาน ขององค์การบริหารส่วนตำบลท่าตลาด "
    "ประจำปีผ่านสื่อสังคมออนไลน์ (เวปไซต์)ขององค์การบริหารส่วนตำบลท่าตลาด"
)
# The four steps the seed repeats for E2, E7 and E13.
_SERVICE_STEPS = [
    "จัดให้มีช่องทางการสื่อสารเพื่ออำนวยความสะดวกให้แก่ประชาชนผู้รับบริการ ที่จะติดต่อสอบถาม "
    "หรือขอข้อมูล หรือรับฟังคำติชม/แสดงความคิดเห็นเกี่ยวกับการดำเนินงาน/การให้บริการ",
    "จัดให้มีแบบสอบถามความพึงพอใจในการบริการ การปฏิบัติราชการของเจ้าหน้าที่ทุกส่วนราชการ"
    "เพื่อให้ผู้รับบริการ /ผู้มาติดต่อราชการ/ผู้มีส่วนได้เสีย สามารถกรอกข้อมูลความคิดเห็น"
    "ในการรับบริการเพื่อนำไปปรับปรุงพัฒนาการดำเนินงาน/การให้บริการของหน่วยงานเพิ่มเติม",
    "เผยแพร่ผลการดำเนินงาน และข้อมูลที่เป็นประโยชน์กับสาธารณชนที่เป็นปัจจุบันทางสื่อต่าง ๆ",
    "มอบหมายเจ้าหน้าที่ดูแลการสำรวจความพึงพอใจในการให้บริการประชาชนแต่ละส่วนราชการเพื่อจัดเก็บข้อมูล "
    "ประมวลผลและนำไปใช้ในการพัฒนาระบบการทำงานขององค์กรต่อไป",
]
_SURVEY_RESULT = (
    "ดำเนินการสำรวจความพึงพอใจในการให้บริการประชาชนแต่ละส่วนราชการเพื่อจัดเก็บข้อมูล "
    "ประมวลผลและสามารถนำไปใช้ในการพัฒนาระบบการทำงานขององค์กรต่อไป"
)
_HR_NAME = "มาตรการการบริหารทรัพยากรบุคคลขององค์การบริหารส่วนตำบลท่าตลาด"

SEED_MEASURES = [
    SeedMeasure(
        "เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี",
        ["I7"],
        ["office", "finance"],
        [_PUBLISH_BUDGET, _PUBLISH_BUDGET_ONLINE],
        [
            SeedResult(
                _BUDGET_RESULT,
                dt.date(2023, 10, 16),
                links=["ได้เผยแพร่ข้อบัญญัติงบประมาณประจำปีผ่านเวปไซต์องค์การบริหารส่วนตำบล"],
            )
        ],
    ),
    SeedMeasure(
        "การมีส่วนร่วมในกระบวนการงบประมาณ",
        ["I8", "I9"],  # one measure answers both, as in the seed
        # "ข้าราชการ พนักงานจ้าง ทุกส่วนราชการ" → every department.
        ["office", "finance", *ALL],
        [
            _PUBLISH_BUDGET,
            _PUBLISH_BUDGET_ONLINE,
            "ให้พนักงานเข้าไปมีส่วนร่วมในกระบวนการงบประมาณ เช่น ให้พนักงานเข้าร่วมการประชุมประชาคม "
            "เพื่อรับฟังปัญหาความต้องการจากประชาชน "
            "เพื่อนำข้อมูลปัญหาความต้องการมาดำเนินการตามกระบวนการงบประมาณให้เป็นไปตามวัตถุประสงค์ "
            "มีความคุ้มค่า และเกิดผลประโยชน์สูงสุดต่อประชาชนต่อไป",
        ],
        [
            SeedResult(
                _BUDGET_RESULT,
                dt.date(2023, 10, 16),
                links=[
                    "ได้เผยแพร่ข้อบัญญัติงบประมาณประจำปีผ่านเวปไซต์องค์การบริหารส่วนตำบล"
                    "เพื่อให้บุคลากรภายในหน่วยงานได้ทราบ"
                ],
            ),
            SeedResult(
                "ให้ข้าราชการ พนักงานจ้าง ทุกส่วนราชการ เข้าไปมีส่วนร่วมในกระบวนการงบประมาณ เช่น "
                "ให้เข้าร่วมการประชุมประชาคม เพื่อรับฟังปัญหาความต้องการจากประชาชน "
                "เพื่อนำข้อมูลปัญหาความต้องการมาดำเนินการตามกระบวนการงบประมาณให้เป็นไปตามวัตถุประสงค์ "
                "มีความคุ้มค่า และเกิดผลประโยชน์สูงสุดต่อประชาชนต่อไป",
                dt.date(2024, 3, 20),
            ),
        ],
    ),
    SeedMeasure(
        _HR_NAME,
        ["I14"],
        ["office"],
        [
            "ผู้บังคับบัญชากำหนดให้มีนโยบายหรือแผนการบริหาร ทรัพยากรและพัฒนาทรัพยากรบุคคล"
            "ที่มุ่งเน้นการแก้ไขปัญหาข้างต้น และกำกับติดตามการขับเคลื่อนนโยบายหรือแผนดังกล่าวอย่างต่อเนื่อง "
            "นอกจากนี้ควรเปิดเผยหลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคลที่ สอดคล้องตามประเด็นข้างต้นโดยละเอียด "
            "และเผยแพร่แนวทางปฏิบัติให้บุคลากรในหน่วยงานทราบโดยทั่วกัน"
        ],
        [
            SeedResult(
                "มีแบบการประเมินผลการปฏิบัติงาน และการคัดเลือกเพื่อการพัฒนาทรัพยากรบุคคลที่เป็นธรรม",
                dt.date(2024, 4, 1),
            )
        ],
    ),
    # The seed files I27's measure under the same name as I14's, with other
    # steps: two measures. The annex lists its evidence under indicator 3.
    SeedMeasure(
        _HR_NAME,
        ["I27"],
        ["office"],
        [
            "ประชาสัมพันธ์เผยแพร่เกี่ยวกับมาตรฐานทางจริยธรรมหรือประมวลจริยธรรมสำหรับเจ้าหน้าที่"
            "ผ่านทางเวปไซต์หรือประชุมเพื่อสร้างความรู้ความเข้าใจให้บุคลากรในหน่วยงานทราบโดยทั่วกัน"
        ],
        [
            SeedResult(
                "ข้าราชการ พนักงาน ทราบเกี่ยวกับมาตรฐานทางจริยธรรมหรือประมวลจริยธรรมสำหรับเจ้าหน้าที่"
                "ขององค์การบริหารส่วนตำบลท่าตลาด และมีการปฏิบัติงานตามมาตรฐานฯ",
                dt.date(2024, 2, 15),
                links=[
                    "จัดให้มีการเผยแพร่ประชาสัมพันธ์เกี่ยวกับมาตรฐานทางจริยธรรมหรือประมวลจริยธรรม"
                    "สำหรับเจ้าหน้าที่ผ่านทางเวปไซต์อบต.ท่าตลาด"
                ],
            )
        ],
    ),
    SeedMeasure(
        "ปรับปรุงการทำงาน",
        ["E2"],
        ["office", "finance", "works", "health", "education"],
        [*_SERVICE_STEPS, "จัดให้มีช่องทางการให้บริการในรูปแบบออนไลน์ หรือ E-Service"],
        [
            SeedResult(
                _SURVEY_RESULT,
                dt.date(2024, 4, 30),
                links=["จัดให้มีช่องทางการให้บริการในรูปแบบออนไลน์ หรือ E-Service"],
            )
        ],
    ),
    SeedMeasure(
        "ปรับปรุงประสิทธิภาพการสื่อสาร",
        ["E7"],
        ["office", "finance", "works", "health", "education"],
        [
            *_SERVICE_STEPS,
            "ควรมอบหมายให้มีเจ้าหน้าที่รับผิดชอบในการปรับปรุงข้อมูลพื้นฐานในเว็บไซต์ของหน่วยงาน"
            "ให้มีความครบถ้วน เป็นปัจจุบัน",
        ],
        [
            SeedResult(_SURVEY_RESULT, dt.date(2024, 4, 30)),
            SeedResult(
                "มีเจ้าหน้าที่รับผิดชอบในการปรับปรุงข้อมูลพื้นฐานในเว็บไซต์ของหน่วยงานให้มีความครบถ้วน เป็นปัจจุบัน",
                dt.date(2024, 5, 15),
                screenshot=True,
            ),
        ],
    ),
    SeedMeasure(
        "การปรับปรุงการทำงาน",
        ["E13"],
        ["office", "finance", "works", "health", "education"],
        [
            *_SERVICE_STEPS[:3],
            "ส่งเสริมเผยแพร่ ประชาสัมพันธ์ให้ประชาชนทราบว่ามีระบบการให้บริการออนไลน์มาใช้ในการดำเนินการ/"
            "การให้บริการให้เกิดความสะดวกรวดเร็วมากขึ้น ดังนั้น หน่วยงานควรจัดทำ E-Service (อ้างอิงจาก o18) "
            "ที่บุคคลภายนอก หรือผู้ขอรับบริการไม่จำเป็นต้องเดินทางมายังหน่วยงาน "
            "เพื่อสร้างความเท่าเทียมในการดำเนินงานและเกิดความสะดวกรวดเร็ว "
            "และควรเผยแพร่ประชาสัมพันธ์การให้บริการผ่านระบบ E-Service ให้บุคคลภายนอกได้รับทราบโดยทั่วถึง",
        ],
        [
            SeedResult(
                "ประชาชนทราบว่ามีระบบการให้บริการออนไลน์มาใช้ในการดำเนินการ/การให้บริการให้เกิดความสะดวกรวดเร็วมากขึ้น",
                dt.date(2024, 5, 20),
                links=[
                    "มีการเผยแพร่ประชาสัมพันธ์การให้บริการผ่านระบบ E-Service ให้บุคคลภายนอกได้รับทราบโดยทั่วถึง"
                ],
            ),
            SeedResult("หน่วยงานมีการจัดทำ E-Service ไว้สำหรับบริการประชาชน", dt.date(2024, 5, 20)),
        ],
    ),
    SeedMeasure(
        "ปรับปรุงระบบการทำงาน",
        ["E14"],
        ALL,  # "ทุกส่วนราชการขององค์การบริหารส่วนตำบลท่าตลาด"
        [
            "เปิดโอกาสให้บุคคลภายนอก เข้ามามีส่วนร่วมในการดำเนินงานตามภารกิจของหน่วยงาน ผ่านการดำเนินการ "
            "โครงการ หรือกิจกรรมต่าง ๆ และเผยแพร่ผลการเปิดโอกาสให้บุคคลภายนอกเข้ามามีส่วนร่วมกับหน่วยงาน"
            "ให้สาธารณชนรับทราบด้วย"
        ],
        [
            SeedResult(
                "บุคคลภายนอก สามารถเข้ามามีส่วนร่วมในการดำเนินงานตามภารกิจของหน่วยงาน ผ่านการดำเนินการ "
                "โครงการ หรือกิจกรรมต่าง ๆ และเผยแพร่ผลการเปิดโอกาสให้บุคคลภายนอกเข้ามามีส่วนร่วมกับหน่วยงาน"
                "เพิ่มมากขึ้น",
                dt.date(2024, 3, 15),
                # The seed prints "ที่ ๑๔๙/2566 ลงวันที่ ๓ มีนาคม 2563": a document
                # numbered in 2566 cannot be dated 2563, so 2563 is a typo for 2566.
                doc_number="๑๔๙/2566",
                doc_date=dt.date(2023, 3, 3),
                # The annex files this under indicator 8's "การปรับปรุงการทำงาน";
                # it is about outside participation, E14's subject.
                links=[
                    "เปิดโอกาสให้บุคคลภายนอกได้เข้าไปมีส่วนร่วมปรับปรุงพัฒนาการดำเนินงาน "
                    "ทำให้การดำเนินงานมีความโปร่งใสมากขึ้น"
                ],
            )
        ],
    ),
    SeedMeasure(
        "ปรับปรุงระบบการทำงาน",
        ["E15"],
        ALL,
        [
            "ดำเนินกิจกรรมที่เสริมสร้างความโปร่งใสในการปฏิบัติงานหรือการให้บริการ "
            "และควรมีการรายงานผลการดำเนินงานป้องกันการทุจริตประจำปีที่มีโครงการ/กิจกรรม"
            "เสริมสร้างความโปร่งใสในการปฏิบัติงานหรือการให้บริการให้สาธารณชนทราบ"
        ],
        [
            SeedResult(
                "ผู้รับบริการหรือผู้มาติดต่อราชการกับหน่วยงานเห็นว่าหน่วยงานมีการปรับปรุงองค์กรให้มีความโปร่งใสเพิ่มมากขึ้น",
                dt.date(2024, 3, 15),
                # The seed's line stops after "ลงวันที่": the number only.
                doc_number="๑๔๙/2566",
            )
        ],
    ),
]

EXTRA_NOTE = "ข้อมูลตัวอย่างเพิ่มเติมของระบบ ไม่ได้มาจากรายงานของ อบต.ท่าตลาด"


def placeholder_screenshot() -> bytes:
    """A light-grey 1200×750 PNG standing in for the seed's website screenshot."""
    image = Image.new("RGB", (1200, 750), (229, 231, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1199, 56), fill=(209, 213, 219))
    draw.rectangle((24, 14, 760, 42), fill=(249, 250, 251))
    font_path = fontpkg.path("Sarabun")
    small = ImageFont.truetype(font_path, 20)
    draw.text((36, 16), "https://www.thatalad.go.th", font=small, fill=(75, 85, 99))
    font = ImageFont.truetype(font_path, 44)
    text = "ภาพหน้าจอเว็บไซต์ อบต.ท่าตลาด (ภาพตัวอย่าง)"
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(
        ((1200 - (right - left)) / 2, (750 - (bottom - top)) / 2),
        text,
        font=font,
        fill=(55, 65, 81),
    )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _weaknesses(assessment: Assessment, codes: list[str]) -> list[Weakness]:
    found = {
        w.question.code: w
        for w in assessment.weaknesses.filter(question__code__in=codes).select_related("question")
    }
    return [found[c] for c in codes if c in found]


def _exists(agency: Agency, name: str, first: Weakness) -> bool:
    return Measure.objects.filter(agency=agency, name=name, weaknesses=first).exists()


def _seed_measure(agency: Agency, assessment: Assessment, spec: SeedMeasure, actor: object) -> bool:
    weaknesses = _weaknesses(assessment, spec.codes)
    if not weaknesses or _exists(agency, spec.name, weaknesses[0]):
        return False
    start, end = fiscal_year_bounds(PLAN_YEAR)
    measure = measure_create(
        agency=agency,
        actor=actor,  # type: ignore[arg-type]
        name=spec.name,
        plan_year=PLAN_YEAR,
        assessment=assessment,
        weaknesses=weaknesses,
        departments=departments_for_keys(agency, spec.departments),
        owner=actor,
        start_date=start,
        due_date=end,
        steps=spec.steps,
    )
    website = agency.website or "https://www.thatalad.go.th"
    for seed in spec.results:
        result = result_add(
            measure=measure,
            actor=actor,  # type: ignore[arg-type]
            text=seed.text,
            date=seed.date,
            doc_number=seed.doc_number,
            doc_date=seed.doc_date,
        )
        for caption in seed.links:
            evidence_add_link(result=result, actor=actor, link=website, caption=caption)  # type: ignore[arg-type]
        if seed.screenshot:
            evidence_add_screenshot(
                result=result,
                actor=actor,  # type: ignore[arg-type]
                upload=io.BytesIO(placeholder_screenshot()),
                name="thatalad-website-screenshot.png",
                caption=SCREENSHOT_CAPTION,
            )
    measure_set_status(measure=measure, actor=actor, status="done")  # type: ignore[arg-type]
    return True


def _extra_measures(agency: Agency, assessment: Assessment, actor: object) -> int:
    """Two measures that are not the seed's, so the demo shows one in progress
    and one overdue; they belong to the current fiscal year."""
    today = timezone.localdate()
    extras = [
        (
            "ประชุมชี้แจงแผนการใช้จ่ายงบประมาณให้บุคลากร (ตัวอย่างเพิ่มเติม)",
            "I7",
            ["finance"],
            40,
            today - dt.timedelta(days=30),
            today + dt.timedelta(days=90),
        ),
        (
            "ปรับปรุงป้ายขั้นตอนการให้บริการ ณ จุดบริการ (ตัวอย่างเพิ่มเติม)",
            "E2",
            ["office"],
            30,
            today - dt.timedelta(days=120),
            today - dt.timedelta(days=20),
        ),
    ]
    made = 0
    for name, code, departments, progress, start, due in extras:
        if Measure.objects.filter(agency=agency, name=name).exists():
            continue
        measure = measure_create(
            agency=agency,
            actor=actor,  # type: ignore[arg-type]
            name=name,
            plan_year=fiscal_year_be(today),
            assessment=assessment,
            weaknesses=_weaknesses(assessment, [code]),
            departments=departments_for_keys(agency, departments),
            owner=actor,
            start_date=start,
            due_date=due,
            note=EXTRA_NOTE,
            steps=["กำหนดรายละเอียดและผู้รับผิดชอบ", "ดำเนินการ", "รายงานผลให้ผู้บริหารทราบ"],
        )
        measure_set_status(measure=measure, actor=actor, status="in_progress", progress=progress)  # type: ignore[arg-type]
        made += 1
    return made


def load_improvement_demo(agency: Agency, out: TextIO | None = None, *, year: int = 2566) -> None:
    """Analysis, the seed's measures, results and evidence, and two extras."""
    assessment = Assessment.objects.get(agency=agency, year=year, kind="official")
    actor = get_user_model().objects.filter(username="thatalad-admin").first()
    summary = weaknesses_analyze(assessment=assessment, actor=actor)
    made = sum(_seed_measure(agency, assessment, spec, actor) for spec in SEED_MEASURES)
    made += _extra_measures(agency, assessment, actor)
    if out is not None:
        out.write(
            f"  การวิเคราะห์ ITA {year}: ข้อบกพร่องใหม่ {len(summary['created'])} ข้อ, มาตรการใหม่ {made} รายการ\n"
        )
