"""The URLconf as a list of route names, and whether a view reads POST."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            if p.name:
                yield f"{namespace}{p.name}", p.callback
            else:
                yield f"{namespace}<unnamed {p.pattern}>", p.callback


def routes() -> dict[str, Callable[..., Any]]:
    """Every named route of prongsai.urls with its view."""
    return dict(_walk(get_resolver().url_patterns))


def _layers(view: Callable[..., Any]) -> Iterator[Callable[..., Any]]:
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        yield view
        view = getattr(view, "__wrapped__", None)  # type: ignore[assignment]


def accepts_post(view: Callable[..., Any]) -> bool:
    """Does the view act on POST? Class views with a post method; function
    views whose decorators allow POST (require_POST, require_http_methods) or
    whose own code reads request.POST, request.FILES or request.method."""
    cls = getattr(view, "view_class", None)
    if cls is not None:
        return hasattr(cls, "post")
    for layer in _layers(view):
        for cell in getattr(layer, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, (list, tuple)) and "POST" in value:
                return True
    inner = inspect.unwrap(view)
    try:
        source = inspect.getsource(inner)
    except (OSError, TypeError):
        return True  # cannot tell: declare it
    return any(s in source for s in ("request.POST", "request.FILES", "request.method"))
