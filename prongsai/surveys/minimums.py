"""The NACC's minimum EIT samples by agency group, read from `data/eit-minimums.yaml`.

The table is data because it changes with the year's guide; the schema is strict
(unknown fields, unknown agency types and duplicate groups are errors) because the
file is edited by hand. A group the file does not know has no minimum: the admin
then sets the target, and the page says the NACC's figure is unknown.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from prongsai.agencies.models import AgencyType

DATA_FILE = Path(__file__).resolve().parent / "data" / "eit-minimums.yaml"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class MinimumGroup(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    agency_type: str | None
    size: Literal["S", "M", "L"] | None
    agencies_in_group: int | None = Field(default=None, ge=1)
    minimum: int = Field(ge=1, le=100_000)

    @field_validator("agency_type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is not None and value not in AgencyType.values:
            raise ValueError(
                f"ไม่รู้จักประเภทหน่วยงาน {value!r} (ใช้ได้: {', '.join(AgencyType.values)} หรือ null)"
            )
        return value


class MinimumTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    year: int = Field(ge=2560, le=2600)
    year_status: Literal["confirmed", "uncertain"]
    sources: tuple[Text, ...] = Field(min_length=1)
    groups: tuple[MinimumGroup, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_duplicates(self) -> MinimumTable:
        seen: set[tuple[str | None, str | None]] = set()
        for group in self.groups:
            if group.agency_type is None:
                continue
            key = (group.agency_type, group.size)
            if key in seen:
                raise ValueError(f"กลุ่ม {group.agency_type} ขนาด {group.size} ซ้ำ ({group.name})")
            seen.add(key)
        return self

    def lookup(self, agency_type: str, size: str | None) -> MinimumGroup | None:
        for group in self.groups:
            if group.agency_type == agency_type and group.size == (size or None):
                return group
        return None


def parse_table(text: str) -> MinimumTable:
    return MinimumTable.model_validate(yaml.safe_load(text))


@cache
def eit_minimums() -> MinimumTable:
    return parse_table(DATA_FILE.read_text(encoding="utf-8"))


def eit_minimum(agency_type: str, size: str | None) -> MinimumGroup | None:
    """The NACC's minimum EIT sample of an agency type and size, or None if unknown."""
    if not size:
        return None
    return eit_minimums().lookup(agency_type, size)
