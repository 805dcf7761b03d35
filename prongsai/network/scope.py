"""A supervisor's scope: which agencies they may read.

Written as ``national``, ``province:<name>`` or ``district:<province>/<district>``,
optionally limited to agency types. Pure apart from building a ``Q``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

NATIONAL, PROVINCE, DISTRICT = "national", "province", "district"


@dataclass(frozen=True)
class Scope:
    kind: str
    province: str = ""
    district: str = ""
    types: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        if self.kind == PROVINCE:
            return f"province:{self.province}"
        if self.kind == DISTRICT:
            return f"district:{self.province}/{self.district}"
        return NATIONAL

    @property
    def label(self) -> str:
        if self.kind == PROVINCE:
            where = _("จังหวัด%(p)s") % {"p": self.province}
        elif self.kind == DISTRICT:
            where = _("อำเภอ%(d)s จังหวัด%(p)s") % {"d": self.district, "p": self.province}
        else:
            where = _("ทั้งประเทศ")
        return where

    def agencies_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.kind in (PROVINCE, DISTRICT):
            q &= Q(**{f"{prefix}province": self.province})
        if self.kind == DISTRICT:
            q &= Q(**{f"{prefix}district": self.district})
        if self.types:
            q &= Q(**{f"{prefix}type__in": list(self.types)})
        return q


def parse_scope(text: str, types: list[str] | tuple[str, ...] = ()) -> Scope:
    """``"province:นครปฐม"`` → Scope; a Thai ValidationError says what is accepted."""
    from prongsai.agencies.services import agency_type_from_text

    raw = (text or "").strip()
    kinds = [agency_type_from_text(t) for t in types if t.strip()]
    if raw == NATIONAL:
        return Scope(NATIONAL, types=tuple(kinds))
    kind, sep, rest = raw.partition(":")
    rest = rest.strip()
    if sep and kind == PROVINCE and rest and "/" not in rest:
        return Scope(PROVINCE, province=rest, types=tuple(kinds))
    if sep and kind == DISTRICT:
        province, slash, district = rest.partition("/")
        if slash and province.strip() and district.strip():
            return Scope(
                DISTRICT, province=province.strip(), district=district.strip(), types=tuple(kinds)
            )
    raise ValidationError(
        _(
            "ขอบเขต '%(text)s' ไม่ถูกต้อง: ใช้ national, province:<จังหวัด> "
            "หรือ district:<จังหวัด>/<อำเภอ> เช่น province:นครปฐม"
        )
        % {"text": text}
    )
