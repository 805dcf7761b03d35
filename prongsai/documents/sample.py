"""The seed report (อบต.ท่าตลาด, FY 2567) as plain data.

Texts are copied from /work/shared/reference/seed-report-tha-talad-2567.txt
verbatim, with only what the PDF-to-text copy broke put back: runs of spaces
collapsed, lines that were cut mid-sentence joined, and the list markers
("-", "1.", "1)") dropped because the renderers number lists themselves.
Obvious slips are kept ("ผลการดำเนินตาม", "เวปไซต์", the 2563 date of letter
๑๔๙/2566, the mixed digits) because they are the agency's own text.

Two things are not in the seed's text and are marked as such: the indicator
scores of the chart (its chart is a picture; the figures below are
illustrative, chosen consistent with the question scores) and the website
screenshot of the annex (a mock drawn for this sample, samples/).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from .data import (
    ChartBar,
    DocEvidence,
    DocIndicator,
    DocMeasure,
    DocQuestion,
    DocResult,
    DocToolSection,
    DocWeaknessBlock,
    ReportDocument,
    default_preamble,
)
from .sample_texts import ANALYSES

AGENCY = "องค์การบริหารส่วนตำบลท่าตลาด"
SCREENSHOT = Path(__file__).parent / "samples" / "website-screenshot.png"

INDICATOR_NAMES = (
    "การปฏิบัติหน้าที่",
    "การใช้งบประมาณ",
    "การใช้อำนาจ",
    "การใช้ทรัพย์สินของราชการ",
    "การแก้ไขปัญหาการทุจริต",
    "คุณภาพการดำเนินงาน",
    "ประสิทธิภาพการสื่อสาร",
    "การปรับปรุงการทำงาน",
    "การเปิดเผยข้อมูล",
    "การป้องกันการทุจริต",
)
# Illustrative (see the module docstring): not in the seed's text.
CHART_SCORES = (
    "90.12",
    "73.55",
    "84.10",
    "91.35",
    "80.40",
    "86.20",
    "85.90",
    "83.25",
    "95.00",
    "87.50",
)

IIT_HEADING = "ด้านการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal Integrity & Transparency Assessment : IIT)"
EIT_HEADING = "ด้านการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (External Integrity & Transparency Assessment : EIT)"
EIT_PART = "ส่วนที่ 1 ผู้รับบริการหรือติดต่อราชการเข้าตอบด้วยตนเอง (EIT Public)"

OFFICE = "สำนักปลัดองค์การบริหารส่วนตำบลท่าตลาด"
ALL_UNITS = (
    "สำนักงานปลัด",
    "กองคลัง",
    "กองช่าง",
    "กองสาธารณสุขและสิ่งแวดล้อม",
    "กองการศึกษา ศาสนาและวัฒนธรรม",
)
EVERY_UNIT = "ทุกส่วนราชการขององค์การบริหารส่วนตำบลท่าตลาด"

BUDGET_CHANNELS = (
    "เพิ่มช่องทางการเผยแพร่ข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงาน "
    "ขององค์การบริหารส่วนตำบลท่าตลาดให้บุคลากรภายในหน่วยงานทราบ โดยผ่านช่องทาง ดังนี้"
)
BUDGET_PUBLISH = (
    "เผยแพร่ข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงานประจำปี "
    "ขององค์การบริหารส่วนตำบลท่าตลาด ผ่านสื่อสังคมออนไลน์ "
    "หรือเวปไซต์ขององค์การบริหารส่วนตำบลท่าตลาด"
)
BUDGET_DONE = (
    "ดำเนินการเผยแพร่ข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงาน "
    "ขององค์การบริหารส่วนตำบลท่าตลาด ประจำปีผ่านสื่อสังคมออนไลน์ "
    "(เวปไซต์)ขององค์การบริหารส่วนตำบลท่าตลาด"
)
SERVICE_STEPS = (
    "จัดให้มีช่องทางการสื่อสารเพื่ออำนวยความสะดวกให้แก่ประชาชนผู้รับบริการ "
    "ที่จะติดต่อสอบถาม หรือขอข้อมูล หรือรับฟังคำติชม/แสดงความคิดเห็นเกี่ยวกับการดำเนินงาน/"
    "การให้บริการ",
    "จัดให้มีแบบสอบถามความพึงพอใจในการบริการ การปฏิบัติราชการของเจ้าหน้าที่ทุกส่วนราชการ"
    "เพื่อให้ผู้รับบริการ /ผู้มาติดต่อราชการ/ผู้มีส่วนได้เสีย สามารถกรอกข้อมูลความคิดเห็น"
    "ในการรับบริการเพื่อนำไปปรับปรุงพัฒนาการดำเนินงาน/การให้บริการของหน่วยงานเพิ่มเติม",
    "เผยแพร่ผลการดำเนินงาน และข้อมูลที่เป็นประโยชน์กับสาธารณชนที่เป็นปัจจุบันทางสื่อต่าง ๆ",
)
SURVEY = (
    "มอบหมายเจ้าหน้าที่ดูแลการสำรวจความพึงพอใจในการให้บริการประชาชนแต่ละส่วนราชการ"
    "เพื่อจัดเก็บข้อมูล ประมวลผลและนำไปใช้ในการพัฒนาระบบการทำงานขององค์กรต่อไป"
)
SURVEY_DONE = (
    "ดำเนินการสำรวจความพึงพอใจในการให้บริการประชาชนแต่ละส่วนราชการเพื่อจัดเก็บข้อมูล "
    "ประมวลผลและสามารถนำไปใช้ในการพัฒนาระบบการทำงานขององค์กรต่อไป"
)
ESERVICE_TEXT = (
    "ดังนั้น หน่วยงานควรจัดทำ E-Service (อ้างอิงจาก o18) ที่บุคคลภายนอก "
    "หรือผู้ขอรับบริการไม่จำเป็นต้องเดินทางมายังหน่วยงาน เพื่อสร้างความเท่าเทียมในการดำเนินงาน"
    "และเกิดความสะดวกรวดเร็ว และควรเผยแพร่ประชาสัมพันธ์การให้บริการผ่านระบบ E-Service "
    "ให้บุคคลภายนอกได้รับทราบโดยทั่วถึง"
)
ONLINE = "ระบบการให้บริการออนไลน์มาใช้ในการดำเนินการ/การให้บริการให้เกิดความสะดวกรวดเร็วมากขึ้น"
OUTSIDE = (
    "เข้ามามีส่วนร่วมในการดำเนินงานตามภารกิจของหน่วยงาน ผ่านการดำเนินการ โครงการ "
    "หรือกิจกรรมต่าง ๆ และเผยแพร่ผลการเปิดโอกาสให้บุคคลภายนอกเข้ามามีส่วนร่วมกับหน่วยงาน"
)
HR_NAME = "มาตรการการบริหารทรัพยากรบุคคลขององค์การบริหารส่วนตำบลท่าตลาด"
LETTER = "๑๔๙/2566"


def _measures() -> dict[str, DocMeasure]:
    measures = (
        DocMeasure(
            key="budget-info",
            name="เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี",
            steps=(BUDGET_CHANNELS, BUDGET_PUBLISH),
            responsible=(OFFICE, "กองคลัง"),
            results=(DocResult(BUDGET_DONE),),
        ),
        DocMeasure(
            key="budget-participation",
            name="การมีส่วนร่วมในกระบวนการงบประมาณ",
            steps=(
                BUDGET_CHANNELS,
                BUDGET_PUBLISH,
                "ให้พนักงานเข้าไปมีส่วนร่วมในกระบวนการงบประมาณ เช่น "
                "ให้พนักงานเข้าร่วมการประชุมประชาคม เพื่อรับฟังปัญหาความต้องการจากประชาชน "
                "เพื่อนำข้อมูลปัญหาความต้องการมาดำเนินการตามกระบวนการงบประมาณให้เป็นไปตาม"
                "วัตถุประสงค์ มีความคุ้มค่า และเกิดผลประโยชน์สูงสุดต่อประชาชนต่อไป",
            ),
            responsible=(OFFICE, "กองคลัง", "ข้าราชการ พนักงานจ้าง ทุกส่วนราชการ"),
            results=(
                DocResult(BUDGET_DONE),
                DocResult(
                    "ให้ข้าราชการ พนักงานจ้าง ทุกส่วนราชการ เข้าไปมีส่วนร่วมในกระบวนการงบประมาณ "
                    "เช่น ให้เข้าร่วมการประชุมประชาคม เพื่อรับฟังปัญหาความต้องการจากประชาชน "
                    "เพื่อนำข้อมูลปัญหาความต้องการมาดำเนินการตามกระบวนการงบประมาณให้เป็นไปตาม"
                    "วัตถุประสงค์ มีความคุ้มค่า และเกิดผลประโยชน์สูงสุดต่อประชาชนต่อไป"
                ),
            ),
        ),
        DocMeasure(
            key="hr-fairness",
            name=HR_NAME,
            steps=(
                "ผู้บังคับบัญชากำหนดให้มีนโยบายหรือแผนการบริหาร ทรัพยากรและพัฒนาทรัพยากรบุคคล"
                "ที่มุ่งเน้นการแก้ไขปัญหาข้างต้น และกำกับติดตามการขับเคลื่อนนโยบายหรือแผนดังกล่าว"
                "อย่างต่อเนื่อง นอกจากนี้ควรเปิดเผยหลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคลที่ "
                "สอดคล้องตามประเด็นข้างต้นโดยละเอียด และเผยแพร่แนวทางปฏิบัติให้บุคลากรในหน่วยงาน"
                "ทราบโดยทั่วกัน",
            ),
            responsible=(OFFICE,),
            results=(
                DocResult("มีแบบการประเมินผลการปฏิบัติงาน และการคัดเลือกเพื่อการพัฒนาทรัพยากรบุคคลที่เป็นธรรม"),
            ),
        ),
        DocMeasure(
            key="hr-ethics",
            name=HR_NAME,
            steps=(
                "ประชาสัมพันธ์เผยแพร่เกี่ยวกับมาตรฐานทางจริยธรรมหรือประมวลจริยธรรมสำหรับเจ้าหน้าที่"
                "ผ่านทางเวปไซต์หรือประชุมเพื่อสร้างความรู้ความเข้าใจให้บุคลากรในหน่วยงานทราบ"
                "โดยทั่วกัน",
            ),
            responsible=(OFFICE,),
            results=(
                DocResult(
                    "ข้าราชการ พนักงาน ทราบเกี่ยวกับมาตรฐานทางจริยธรรมหรือประมวลจริยธรรม"
                    "สำหรับเจ้าหน้าที่ขององค์การบริหารส่วนตำบลท่าตลาด และมีการปฏิบัติงานตามมาตรฐานฯ"
                ),
            ),
        ),
        DocMeasure(
            key="service",
            name="ปรับปรุงการทำงาน",
            steps=(*SERVICE_STEPS, SURVEY, "จัดให้มีช่องทางการให้บริการในรูปแบบออนไลน์ หรือ E-Service"),
            responsible=ALL_UNITS,
            results=(DocResult(SURVEY_DONE),),
        ),
        DocMeasure(
            key="communication",
            name="ปรับปรุงประสิทธิภาพการสื่อสาร",
            steps=(
                *SERVICE_STEPS,
                SURVEY,
                "ควรมอบหมายให้มีเจ้าหน้าที่รับผิดชอบในการปรับปรุงข้อมูลพื้นฐานในเว็บไซต์ของหน่วยงาน"
                "ให้มีความครบถ้วน เป็นปัจจุบัน",
            ),
            responsible=ALL_UNITS,
            results=(
                DocResult(SURVEY_DONE),
                DocResult(
                    "มีเจ้าหน้าที่รับผิดชอบในการปรับปรุงข้อมูลพื้นฐานในเว็บไซต์ของหน่วยงานให้มีความครบถ้วน เป็นปัจจุบัน"
                ),
            ),
        ),
        DocMeasure(
            key="eservice",
            name="การปรับปรุงการทำงาน",
            steps=(
                *SERVICE_STEPS,
                f"ส่งเสริมเผยแพร่ ประชาสัมพันธ์ให้ประชาชนทราบว่ามี{ONLINE} {ESERVICE_TEXT}",
            ),
            responsible=ALL_UNITS,
            results=(
                DocResult(f"ประชาชนทราบว่ามี{ONLINE}"),
                DocResult("หน่วยงานมีการจัดทำ E-Service ไว้สำหรับบริการประชาชน"),
            ),
        ),
        DocMeasure(
            key="outside-participation",
            name="ปรับปรุงระบบการทำงาน",
            steps=(f"เปิดโอกาสให้บุคคลภายนอก {OUTSIDE}ให้สาธารณชนรับทราบด้วย",),
            responsible=(EVERY_UNIT,),
            results=(
                DocResult(
                    f"บุคคลภายนอก สามารถ{OUTSIDE}เพิ่มมากขึ้น",
                    doc_number=LETTER,
                    doc_date=date(2020, 3, 3),  # "๓ มีนาคม 2563" as printed in the seed
                ),
            ),
        ),
        DocMeasure(
            key="transparency",
            name="ปรับปรุงระบบการทำงาน",
            steps=(
                "ดำเนินกิจกรรมที่เสริมสร้างความโปร่งใสในการปฏิบัติงานหรือการให้บริการ "
                "และควรมีการรายงานผลการดำเนินงานป้องกันการทุจริตประจำปีที่มีโครงการ/กิจกรรม"
                "เสริมสร้างความโปร่งใสในการปฏิบัติงานหรือการให้บริการให้สาธารณชนทราบ",
            ),
            responsible=(EVERY_UNIT,),
            results=(
                DocResult(
                    "ผู้รับบริการหรือผู้มาติดต่อราชการกับหน่วยงานเห็นว่าหน่วยงานมีการปรับปรุงองค์กร"
                    "ให้มีความโปร่งใสเพิ่มมากขึ้น",
                    doc_number=LETTER,  # the seed leaves the date blank
                ),
            ),
        ),
    )
    return {m.key: m for m in measures}


def _q(code: str, text: str, score: str) -> DocQuestion:
    return DocQuestion(code, text, Decimal(score))


def _block(questions: tuple[DocQuestion, ...], analysis: str, *keys: str) -> DocWeaknessBlock:
    return DocWeaknessBlock(questions, analysis, keys)


def _sections() -> tuple[DocToolSection, ...]:
    a = ANALYSES
    iit = DocToolSection(
        tool="iit",
        heading=IIT_HEADING,
        part_heading=None,
        indicators=(
            DocIndicator(
                2,
                INDICATOR_NAMES[1],
                (
                    _block(
                        (
                            _q(
                                "I7",
                                "ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงานที่ท่าน"
                                "ปฏิบัติหน้าที่ มากน้อยเพียงใด",
                                "79.27",
                            ),
                        ),
                        a["I7"],
                        "budget-info",
                    ),
                    _block(
                        (
                            _q("I8", "ท่านเคยเข้าไปมีส่วนร่วมในกระบวนการงบประมาณ มากน้อยเพียงใด", "53.56"),
                            _q(
                                "I9",
                                "หน่วยงานของท่าน ใช้จ่ายงบประมาณเป็นไปตามวัตถุประสงค์และคุ้มค่า มากน้อยเพียงใด",
                                "77.27",
                            ),
                        ),
                        a["I8"],
                        "budget-participation",
                    ),
                ),
            ),
            DocIndicator(
                3,
                INDICATOR_NAMES[2],
                (
                    _block(
                        (
                            _q(
                                "I14",
                                "ท่านได้รับการประเมินผลการปฏิบัติงานจากผู้บังคับบัญชาของท่าน "
                                "อย่างเป็นธรรม มากน้อยเพียงใด",
                                "78.00",
                            ),
                        ),
                        a["I14"],
                        "hr-fairness",
                    ),
                ),
            ),
            DocIndicator(
                5,
                INDICATOR_NAMES[4],
                (
                    _block(
                        (
                            _q(
                                "I27",
                                "ท่านทราบเกี่ยวกับมาตรฐานทางจริยธรรมหรือประมวลจริยธรรมสำหรับ"
                                "เจ้าหน้าที่ของหน่วยงานท่าน มากน้อยเพียงใด",
                                "72.50",
                            ),
                        ),
                        a["I27"],
                        "hr-ethics",
                    ),
                ),
            ),
        ),
    )
    eit = DocToolSection(
        tool="eit",
        heading=EIT_HEADING,
        part_heading=EIT_PART,
        indicators=(
            DocIndicator(
                6,
                INDICATOR_NAMES[5],
                (
                    _block(
                        (
                            _q(
                                "E2",
                                "หน่วยงานปฏิบัติหรือให้บริการแก่ท่าน อย่างเป็นธรรมและไม่เลือกปฏิบัติ มากน้อยเพียงใด",
                                "82.50",
                            ),
                        ),
                        a["E2"],
                        "service",
                    ),
                ),
            ),
            DocIndicator(
                7,
                INDICATOR_NAMES[6],
                (
                    _block(
                        (
                            _q(
                                "E7",
                                "หน่วยงานมีการเผยแพร่ข้อมูลข่าวสารที่ประชาชน หรือผู้รับบริการ"
                                "ควรได้รับทราบอย่างชัดเจน มากน้อยเพียงใด",
                                "84.59",
                            ),
                        ),
                        a["E7"],
                        "communication",
                    ),
                ),
            ),
            DocIndicator(
                8,
                INDICATOR_NAMES[7],
                (
                    _block(
                        (_q("E13", "หน่วยงานมีระบบการให้บริการออนไลน์หรือไม่", "81.31"),),
                        a["E13"],
                        "eservice",
                    ),
                    _block(
                        (
                            _q(
                                "E14",
                                "หน่วยงานเปิดโอกาสให้บุคคลภายนอกได้เข้าไปมีส่วนร่วมปรับปรุงพัฒนา"
                                "การดำเนินงานให้ดีขึ้น มากน้อยเพียงใด",
                                "84.59",
                            ),
                        ),
                        a["E14"],
                        "outside-participation",
                    ),
                    _block(
                        (
                            _q(
                                "E15",
                                "หน่วยงานมีการปรับปรุงองค์กรให้มีความโปร่งใสมากขึ้น มากน้อยเพียงใด",
                                "84.59",
                            ),
                        ),
                        a["E15"],
                        "transparency",
                    ),
                ),
            ),
        ),
    )
    return (iit, eit)


def _evidence() -> tuple[DocEvidence, ...]:
    return (
        DocEvidence("budget-info", "ได้เผยแพร่ข้อบัญญัติงบประมาณประจำปีผ่านเวปไซต์องค์การบริหารส่วนตำบล"),
        DocEvidence(
            "budget-participation",
            "ได้เผยแพร่ข้อบัญญัติงบประมาณประจำปีผ่านเวปไซต์องค์การบริหารส่วนตำบลเพื่อให้บุคลากรภายในหน่วยงานได้ทราบ",
        ),
        DocEvidence(
            "hr-fairness",
            "จัดให้มีการเผยแพร่ประชาสัมพันธ์เกี่ยวกับมาตรฐานทางจริยธรรมหรือประมวลจริยธรรม"
            "สำหรับเจ้าหน้าที่ผ่านทางเวปไซต์อบต.ท่าตลาด",
        ),
        DocEvidence("service", "จัดให้มีช่องทางการให้บริการในรูปแบบออนไลน์ หรือ E-Service"),
        DocEvidence(
            "communication",
            "มีการปรับปรุงข้อมูลพื้นฐานในเว็บไซต์ของหน่วยงานให้มีความครบถ้วน เป็นปัจจุบัน",
            image_path=SCREENSHOT,
        ),
        DocEvidence(
            "eservice",
            "มีการเผยแพร่ประชาสัมพันธ์การให้บริการผ่านระบบ E-Service ให้บุคคลภายนอกได้รับทราบโดยทั่วถึง",
        ),
        DocEvidence(
            "eservice",
            "เปิดโอกาสให้บุคคลภายนอกได้เข้าไปมีส่วนร่วมปรับปรุงพัฒนาการดำเนินงาน "
            "ทำให้การดำเนินงานมีความโปร่งใสมากขึ้น",
        ),
    )


def seed_report() -> ReportDocument:
    """The seed report of results, complete, as a `ReportDocument`."""
    chart = tuple(
        ChartBar(f"ตัวชี้วัดที่ {i} {name}", Decimal(score))
        for i, (name, score) in enumerate(zip(INDICATOR_NAMES, CHART_SCORES, strict=True), 1)
    )
    return ReportDocument(
        kind="results",
        agency_name=AGENCY,
        district="สามพราน",
        province="นครปฐม",
        plan_year=2567,
        assessment_year=2566,
        preamble=default_preamble(AGENCY, 2566, "results"),
        sections=_sections(),
        measures=_measures(),
        evidence=_evidence(),
        chart=chart,
        # The seed's chart is a picture: these figures are ours.
        chart_source="ตัวเลขประกอบการสาธิต ไม่ได้มาจากผลการประเมินจริง",
    )
