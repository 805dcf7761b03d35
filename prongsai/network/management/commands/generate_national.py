import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.agencies.models import Agency
from prongsai.network.synthetic import generate_country


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic country (77 provinces, real agency-type mix, "
        "scores, weaknesses and measures) for benchmarks; refused when PRODUCTION=true."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agencies", type=int, required=True)
        parser.add_argument("--years", default="2566,2567,2568", help="ITA years, comma-separated")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--measure-share", type=float, default=0.45)

    def handle(self, *args: Any, **o: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("generate-national ใช้ไม่ได้เมื่อ PRODUCTION=true (ข้อมูลสมมติ)")
        if o["agencies"] < 1:
            raise CommandError("--agencies ต้องมากกว่า 0")
        if Agency.objects.filter(slug__startswith="syn-").exists():
            raise CommandError("ฐานข้อมูลนี้มีหน่วยงานสมมติ (syn-…) อยู่แล้ว ใช้ฐานข้อมูลใหม่")
        try:
            years = [int(y) for y in o["years"].split(",") if y.strip()]
        except ValueError:
            raise CommandError(f"--years '{o['years']}' ต้องเป็นปี พ.ศ. คั่นด้วยจุลภาค") from None
        started = time.perf_counter()
        try:
            country = generate_country(
                agencies=o["agencies"],
                years=years,
                seed=o["seed"],
                measure_share=o["measure_share"],
                progress=self.stdout.write,
            )
        except ValueError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"สร้างประเทศสมมติแล้ว: {country.agencies} หน่วยงาน {country.assessments} ผลการประเมิน "
            f"{country.scores} คะแนนรายข้อ {country.measures} มาตรการ "
            f"ใน {time.perf_counter() - started:.1f} วินาที"
        )
