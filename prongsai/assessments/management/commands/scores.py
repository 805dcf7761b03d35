import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prongsai.assessments.selectors import assessment_report
from prongsai.framework.services import framework_spec
from prongsai.lib.commands import assessment_by_options
from prongsai.lib.thai import format_score


class Command(BaseCommand):
    help = "Print tool, indicator and sub-indicator scores, total, grade and rating."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--kind", default="official", choices=["official", "pre"])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        assessment = assessment_by_options(o)
        agency = assessment.agency
        report = assessment_report(assessment)
        if o["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
            return
        spec = framework_spec(assessment.framework)

        def show(value: object) -> str:
            return format_score(value) if value is not None else "—"  # type: ignore[arg-type]

        self.stdout.write(f"{agency.name} — ITA {assessment.year}")
        by_indicator = getattr(report, "indicator_level", False)
        if by_indicator:
            self.stdout.write("ผลรายข้อไม่มี — นำเข้าผลรายตัวชี้วัดเท่านั้น")
        for tool in ("iit", "eit", "oit"):
            self.stdout.write(f"{tool.upper():4} {show(report.tool(tool)):>7}")
            for ind in spec.indicators:
                if ind.tool != tool:
                    continue
                part = report.indicators[ind.number]
                partial = part.partial and not by_indicator
                note = f"  (คำนวณจาก {part.answered}/{part.expected} ข้อ)" if partial else ""
                self.stdout.write(
                    f"  ตัวชี้วัดที่ {ind.number:<2} {show(part.score):>7}  {ind.name}{note}"
                )
                for sub in ind.sub_indicators if not by_indicator else ():
                    sp = report.sub_indicators[sub.code]
                    self.stdout.write(f"    {sub.code:<5} {show(sp.score):>7}  {sub.name}")
        self.stdout.write(
            f"รวม  {show(report.total):>7}  ระดับ {report.grade or '—'}  {report.rating or ''}"
        )
        if report.total is None:
            # Never a bare "—": say which tool lacks what, scores or framework items.
            self.stdout.write("ไม่มีคะแนนรวม เพราะ:")
            for reason in report.reasons():
                self.stdout.write(f"  - {reason['message']}")
        if report.missing and by_indicator:
            self.stdout.write(f"ยังไม่มีคะแนนตัวชี้วัดที่ {', '.join(report.missing)}")
        elif report.missing:
            self.stdout.write(
                f"ยังไม่มีคะแนน {len(report.missing)} ข้อ: {', '.join(report.missing)}"
                " — คะแนนรวมจะคำนวณเมื่อครบทุกข้อ"
            )
