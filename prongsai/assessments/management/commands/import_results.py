from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.assessments.imports_many import many_import_command
from prongsai.assessments.itas_text import text_of_file
from prongsai.assessments.services import results_import
from prongsai.assessments.text_import import text_import_preview, text_import_save
from prongsai.lib.commands import agency_by_slug, import_refused, read_command_file
from prongsai.lib.imports import ImportFailed


class Command(BaseCommand):
    help = (
        "Import per-question scores from a CSV or XLSX file with header code,score[,question], "
        "or (--from-text) from the ITAS results page copied as text, DOCX or PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--agency",
            help="agency slug; without it the file has rows agency,code,score for many agencies "
            "(slug or official code)",
        )
        parser.add_argument("--year", required=True, type=int, help="ITA year (BE), e.g. 2566")
        parser.add_argument(
            "--kind", default="official", choices=["official", "pre"], help="official or pre"
        )
        parser.add_argument(
            "--from-text", type=Path, help="the ITAS results page as .txt, .docx or .pdf"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="with --from-text or without --agency: show, write nothing",
        )
        parser.add_argument("--json", action="store_true", help="without --agency: JSON summary")
        parser.add_argument("file", type=Path, nargs="?")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["agency"] is None and o["from_text"] is None:
            many_import_command(self.stdout, o)  # imports_many.py: agency,code,score rows
            return
        if o["agency"] is None:
            raise CommandError("--from-text ต้องระบุ --agency")
        agency = agency_by_slug(o["agency"])
        if o["from_text"] is not None:
            self._from_text(agency, o)
            return
        if o["file"] is None:
            raise CommandError("ต้องระบุไฟล์ CSV/XLSX หรือ --from-text FILE")
        data = read_command_file(o["file"])
        try:
            assessment, summary = results_import(
                agency=agency, year=o["year"], data=data, actor=None, kind=o["kind"]
            )
        except ImportFailed as e:
            raise import_refused(o["file"], e) from e
        unit = "ตัวชี้วัด" if "indicators" in summary else "ข้อ"  # indicator,score file
        self.stdout.write(
            f"นำเข้าคะแนน ITA {assessment.year} ของ {agency.name}: "
            f"ใหม่ {summary['created']} {unit} แก้ไข {summary['updated']} {unit}"
        )
        if summary.get("superseded"):
            self.stdout.write("ปีนี้มีคะแนนรายข้ออยู่แล้ว: คะแนนรวมคำนวณจากคะแนนรายข้อ")
        if summary.get("agency_texts"):
            self.stdout.write("ข้อความคำถามของหน่วยงาน: " + ", ".join(summary["agency_texts"]))  # type: ignore[arg-type]

    def _from_text(self, agency: Any, o: dict[str, Any]) -> None:
        path: Path = o["from_text"]
        try:
            text = text_of_file(read_command_file(path), path.name)
            preview = text_import_preview(year=o["year"], text=text)
        except ValueError as e:
            errors = e.errors if isinstance(e, ImportFailed) else [str(e)]
            raise import_refused(path, ImportFailed(errors)) from e
        for item in preview.items:
            rec = "มีข้อเสนอแนะ" if item.recommendation else "-"
            self.stdout.write(
                f"{item.code:<4} {item.score:>6}  บรรทัด {item.line:<4} {rec}  {item.question[:60]}"
            )
        if o["dry_run"]:
            self.stdout.write(f"พบ {len(preview.items)} ข้อ (--dry-run: ไม่ได้บันทึก)")
            return
        try:
            assessment, summary = text_import_save(
                agency=agency, year=o["year"], text=text, actor=None, kind=o["kind"]
            )
        except ImportFailed as e:
            raise import_refused(path, e) from e
        self.stdout.write(
            f"นำเข้าคะแนน ITA {assessment.year} ของ {agency.name}: "
            f"ใหม่ {summary['created']} ข้อ แก้ไข {summary['updated']} ข้อ; "
            f"ข้อเสนอแนะฉบับหน่วยงาน {len(summary['recommendations'])} ข้อ"  # type: ignore[arg-type]
        )
        if summary["agency_texts"]:
            self.stdout.write("ข้อความคำถามของหน่วยงาน: " + ", ".join(summary["agency_texts"]))  # type: ignore[arg-type]
