import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prongsai.improvement.selectors import analysis_rows
from prongsai.lib.commands import assessment_by_options


class Command(BaseCommand):
    help = (
        "Weaknesses of an assessment (questions below the agency's threshold) with NACC-style "
        "diagnosis, recommendation and references. Uses the agency's analysis when it was run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="slug of the agency")
        parser.add_argument("--year", required=True, type=int, help="ITA year (BE), e.g. 2566")
        parser.add_argument("--kind", default="official", choices=["official", "pre"])
        parser.add_argument("--json", action="store_true", help="print a JSON list")

    def handle(self, *args: Any, **o: Any) -> None:
        assessment = assessment_by_options(o)
        agency = assessment.agency
        rows, source, headings = analysis_rows(assessment)
        if o["json"]:
            keys = (
                "code",
                "score",
                "indicator",
                "tool",
                "question",
                "diagnosis",
                "recommendation",
                "references",
            )
            data = [
                {
                    **{k: row[k] for k in keys},
                    "score": float(row["score"]) if row["score"] is not None else None,
                }
                for row in rows
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{agency.name} — วิเคราะห์ผลการประเมิน ITA {assessment.year}")
        note = "ตามที่หน่วยงานบันทึกไว้" if source == "stored" else "คำนวณจากคะแนน (ยังไม่ได้บันทึกการวิเคราะห์)"
        self.stdout.write(
            f"ข้อที่ได้คะแนนต่ำกว่า {agency.weakness_threshold} คะแนน: {len(rows)} ข้อ ({note})"
        )
        tool = indicator = None
        for row in rows:
            if row["tool"] != tool:
                tool, indicator = row["tool"], None
                heading, part = headings.get(tool, (tool.upper(), ""))
                self.stdout.write(f"\n{heading}")
                if part:
                    self.stdout.write(part)
            if row["indicator"] != indicator:
                indicator = row["indicator"]
                self.stdout.write(f"ตัวชี้วัดที่ {indicator} {row['indicator_name']}")
            score = f"{row['score']:.2f}" if row["score"] is not None else "—"
            self.stdout.write(
                f"  ข้อ {row['code']} {row['question'] or ''} ผลการประเมินที่ได้รับ เท่ากับ {score} คะแนน"
            )
            text = " ".join(t for t in (row["diagnosis"], row["recommendation"]) if t)
            if text:
                self.stdout.write(f"    {text}")
            if row["references"]:
                self.stdout.write(f"    อ้างอิง: {', '.join(row['references'])}")
