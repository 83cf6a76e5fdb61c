"""JSON-LD: the objects of ``<script type="application/ld+json">`` and their values.

Decoding only (lenient JSON, HTML comment and CDATA wrappers, ``@graph``, lists,
``mainEntity``); which object is the page's article and which value fills which field is
decided in ``metadata.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .sitename import name_key

__all__ = ["SITE_TYPES", "json_ld_objects", "ld_names", "ld_text", "ld_types"]

SITE_TYPES = frozenset({"website", "organization", "newsmediaorganization", "corporation"})

MAX_JSON_LD_OBJECTS = 200

# JSON-LD blocks longer than this are not data about the page (some sites inline whole feeds).
MAX_JSON_LD_CHARS = 2_000_000


def json_ld_objects(raw: str) -> Iterator[dict[str, Any]]:
    """The objects of one JSON-LD script: ``@graph`` members, list items and ``mainEntity``
    objects too, at most ``MAX_JSON_LD_OBJECTS``; nothing when it is no valid JSON."""
    if len(raw) > MAX_JSON_LD_CHARS:
        return
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw[4:].removesuffix("-->")
    if raw.startswith("//<![CDATA["):
        raw = raw[11:].removesuffix("//]]>")
    try:
        data = json.loads(raw, strict=False)
    except (ValueError, RecursionError):
        return
    stack: list[Any] = [data]
    seen = 0
    while stack and seen < MAX_JSON_LD_OBJECTS:
        item = stack.pop()
        seen += 1
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            graph = item.get("@graph")
            if graph is not None:
                stack.append(graph)
            main = item.get("mainEntity")
            if isinstance(main, (dict, list)):
                stack.append(main)
            yield item


def ld_types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type", "")
    items = raw if isinstance(raw, list) else [raw]
    return {str(t).lower().rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in items}


def ld_names(value: Any, organisations: set[str] | None = None) -> list[str]:
    """Names in an author/publisher value: strings, objects with ``name`` or given and
    family names, lists of either."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, dict):
            name = name.get("name") or name.get("@value")
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        if not isinstance(name, str):
            parts = [value.get(k) for k in ("givenName", "additionalName", "familyName")]
            name = " ".join(p for p in parts if isinstance(p, str))
        if name and organisations is not None and ld_types(value) & SITE_TYPES:
            organisations.add(name_key(name))
        return [name] if name else []
    if isinstance(value, list):
        return [n for item in value for n in ld_names(item, organisations)]
    return []


def ld_text(value: Any) -> str | None:
    """A text value: the string, or an object's URL, id, name or value, or a list's first."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("url", "@id", "contentUrl", "name", "@value"):
            inner = value.get(key)
            if isinstance(inner, str):
                return inner
    if isinstance(value, list) and value:
        return ld_text(value[0])
    return None
