"""Kinds of measure, recognised from the words of the measure's name, so that
"what worked" can say which kinds of measure moved scores. Agencies name their
measures freely; these are the families the NACC's recommendations and real o42
documents use. A measure may be of several kinds; one with none of these words
is "อื่น ๆ". Pure."""

from __future__ import annotations

KINDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("disclosure", "เผยแพร่ข้อมูล/ประชาสัมพันธ์", ("เผยแพร่", "ประชาสัมพันธ์", "เว็บไซต์", "อินโฟกราฟิก", "ข่าวสาร", "เปิดเผย")),
    ("meeting", "ประชุม/ชี้แจง", ("ประชุม", "ชี้แจง", "สื่อสาร")),
    ("training", "อบรม/พัฒนาบุคลากร", ("อบรม", "ฝึก", "พัฒนาบุคลากร", "สัมมนา", "ศึกษาดูงาน", "ปลูกฝัง")),
    ("rules", "ประกาศ/แนวปฏิบัติ/คู่มือ", ("ประกาศ", "คำสั่ง", "แนวปฏิบัติ", "แนวทาง", "คู่มือ", "ระเบียบ", "ประมวลจริยธรรม")),
    ("participation", "การมีส่วนร่วม/รับฟัง", ("มีส่วนร่วม", "รับฟัง", "ความคิดเห็น", "ประชาคม")),
    ("complaints", "ช่องทางร้องเรียน", ("ร้องเรียน", "แจ้งเบาะแส", "ทุจริต")),
    ("service", "ปรับปรุงการให้บริการ", ("บริการ", "ลดขั้นตอน", "อำนวยความสะดวก", "ออนไลน์", "e-service")),
    ("monitoring", "กำกับ ติดตาม ตรวจสอบ", ("กำกับ", "ติดตาม", "ตรวจสอบ", "ควบคุม", "ประเมินผล")),
)  # fmt: skip
OTHER = ("other", "อื่น ๆ")
LABELS = {key: label for key, label, _words in KINDS} | {OTHER[0]: OTHER[1]}


def kinds_of(name: str) -> tuple[str, ...]:
    """The kinds a measure's name speaks of, in KINDS order; ("other",) if none."""
    text = name.casefold()
    found = tuple(key for key, _label, words in KINDS if any(w in text for w in words))
    return found or (OTHER[0],)
