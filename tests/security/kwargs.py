"""How a case builds its URL's arguments from the world (tests/security/world.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.security.world import World

Kwargs = Callable[[World], dict[str, Any]]


def none(w: World) -> dict[str, Any]:
    return {}


def pk(name: str, key: str = "pk") -> Kwargs:
    return lambda w: {key: getattr(w, name).pk}


def survey(name: str) -> Kwargs:
    return lambda w: {"slug": getattr(w, name).slug}


def year_kind(w: World) -> dict[str, Any]:
    return {"year": w.assessment.year, "kind": w.assessment.kind}
