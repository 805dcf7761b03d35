from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyType(models.TextChoices):
    SAO = "sao", _("องค์การบริหารส่วนตำบล (อบต.)")
    SUBDISTRICT_MUNICIPALITY = "tambon_municipality", _("เทศบาลตำบล")
    TOWN_MUNICIPALITY = "town_municipality", _("เทศบาลเมือง")
    CITY_MUNICIPALITY = "city_municipality", _("เทศบาลนคร")
    PAO = "pao", _("องค์การบริหารส่วนจังหวัด (อบจ.)")
    OTHER = "other", _("หน่วยงานอื่น")


# What people type on the command line: the key, the Thai abbreviation or the name.
AGENCY_TYPE_ALIASES = {
    "อบต.": AgencyType.SAO,
    "อบต": AgencyType.SAO,
    "องค์การบริหารส่วนตำบล": AgencyType.SAO,
    "เทศบาลตำบล": AgencyType.SUBDISTRICT_MUNICIPALITY,
    "ทต.": AgencyType.SUBDISTRICT_MUNICIPALITY,
    "เทศบาลเมือง": AgencyType.TOWN_MUNICIPALITY,
    "ทม.": AgencyType.TOWN_MUNICIPALITY,
    "เทศบาลนคร": AgencyType.CITY_MUNICIPALITY,
    "ทน.": AgencyType.CITY_MUNICIPALITY,
    "อบจ.": AgencyType.PAO,
    "อบจ": AgencyType.PAO,
    "องค์การบริหารส่วนจังหวัด": AgencyType.PAO,
    "อื่น ๆ": AgencyType.OTHER,
    "อื่นๆ": AgencyType.OTHER,
}


class DocumentDigits(models.TextChoices):
    THAI = "thai", _("เลขไทย (๑๒๓)")
    ARABIC = "arabic", _("เลขอารบิก (123)")


class Agency(models.Model):
    slug = models.SlugField(unique=True, max_length=60)
    # The official code where one exists (the DLA's 7-digit code of a local
    # government, or the code the NACC's ITAS uses), so files from supervisors
    # can name agencies the way their own lists do. Unique when given.
    code = models.CharField(_("รหัสหน่วยงาน"), max_length=20, blank=True, default="")
    name = models.CharField(_("ชื่อหน่วยงาน"), max_length=200)
    type = models.CharField(_("ประเภท"), max_length=30, choices=AgencyType.choices)
    province = models.CharField(_("จังหวัด"), max_length=100)
    district = models.CharField(_("อำเภอ"), max_length=100)
    website = models.URLField(_("เว็บไซต์"), blank=True)
    weakness_threshold = models.DecimalField(
        _("เกณฑ์ข้อบกพร่อง (คะแนน)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(85),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("ข้อคำถามที่ได้คะแนนต่ำกว่าเกณฑ์นี้ถือเป็นข้อบกพร่อง"),
    )
    document_digits = models.CharField(
        _("ตัวเลขในเอกสาร"), max_length=10, choices=DocumentDigits.choices, default="thai"
    )
    staff_count = models.PositiveIntegerField(_("จำนวนบุคลากร"), null=True, blank=True)
    # The executive who approves the o42/o43 (the signature block).
    executive_name = models.CharField(_("ชื่อผู้บริหาร"), max_length=200, blank=True)
    executive_title = models.CharField(_("ตำแหน่งผู้บริหาร"), max_length=200, blank=True)
    # A storage name (checked PNG/JPEG, generated name), never the user's file name.
    signature_image = models.CharField(_("ภาพลายมือชื่อ"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="agency_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DepartmentKind(models.TextChoices):
    """The usual units of a local government, so shipped suggestions can name
    a typical responsible department without knowing each agency's wording."""

    OFFICE = "office", _("สำนักปลัด")
    FINANCE = "finance", _("กองคลัง")
    WORKS = "works", _("กองช่าง")
    HEALTH = "health", _("กองสาธารณสุขและสิ่งแวดล้อม")
    EDUCATION = "education", _("กองการศึกษา ศาสนาและวัฒนธรรม")
    OTHER = "other", _("อื่น ๆ")


class Department(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("ชื่อส่วนราชการ"), max_length=200)
    kind = models.CharField(
        _("ประเภทส่วนราชการ"), max_length=20, choices=DepartmentKind.choices, default="other"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
