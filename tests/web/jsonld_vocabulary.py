"""Reading a page's JSON-LD the way a machine does: pyld expands it with a local document
loader that serves only the pinned schema.org context in tests/data (nothing is fetched),
and every term of the expanded graph is checked against the pinned schema.org vocabulary."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld

DATA = Path(__file__).parent.parent / "data"
SCHEMA = "https://schema.org/"
CONTEXT_URLS = {
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
}
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@cache
def vocabulary() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (DATA / "schemaorg-vocabulary.json").read_text(encoding="utf-8")
    )
    return loaded


def local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader: the pinned context for schema.org, a refusal for anything
    else (a test must never reach the network)."""
    if url not in CONTEXT_URLS:
        raise jsonld.JsonLdError(
            f"no document at {url} here", "jsonld.LoadDocumentError", code="loading document failed"
        )
    document = json.loads((DATA / "schemaorg-context.jsonld").read_text(encoding="utf-8"))
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
    }


def page_jsonld(html: str) -> dict[str, Any]:
    """The page's one JSON-LD block, parsed."""
    blocks = SCRIPT.findall(html)
    assert len(blocks) == 1, f"expected one JSON-LD block, found {len(blocks)}"
    parsed: dict[str, Any] = json.loads(blocks[0])
    return parsed


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": local_loader})
    return expanded


def _name(iri: str, what: str) -> str:
    assert iri.startswith(SCHEMA), f"{what} {iri!r} is not a schema.org term"
    return iri[len(SCHEMA) :]


def ancestors(cls: str) -> set[str]:
    classes = vocabulary()["classes"]
    assert cls in classes, f"{cls} is not a schema.org class in the pinned vocabulary"
    found = {cls}
    for parent in classes[cls]:
        found |= ancestors(parent)
    return found


def _member(value: dict[str, Any], prop: str) -> None:
    """An IRI value of an enumeration-valued property is a member of its enumeration."""
    ranges = vocabulary()["properties"][prop].get("range")
    iri = value["@id"]
    if not ranges:
        assert not iri.startswith(SCHEMA), f"{prop} points at the schema.org term {iri}"
        return
    member = _name(iri, f"the value of {prop}")
    members = vocabulary()["members"]
    assert member in members, f"{member} is not a schema.org enumeration member"
    assert members[member] in ranges, f"{member} is not a value {prop} takes"


def check_node(node: dict[str, Any]) -> list[str]:
    """Check NODE and everything under it; the schema.org terms met, in order."""
    met: list[str] = []
    types = [_name(t, "type") for t in node.get("@type", [])]
    met += types
    on: set[str] = set()
    for cls in types:
        on |= ancestors(cls)
    properties = vocabulary()["properties"]
    for key, values in node.items():
        if key.startswith("@"):
            continue
        prop = _name(key, "property")
        assert prop in properties, f"{prop} is not a schema.org property in the pinned vocabulary"
        domain = set(properties[prop]["domain"])
        assert on & domain, f"{prop} is not used on {types} (schema.org: {sorted(domain)})"
        met.append(prop)
        for value in values:
            if "@value" in value:
                continue
            if set(value) == {"@id"}:
                _member(value, prop)
                met.append(value["@id"][len(SCHEMA) :] if value["@id"].startswith(SCHEMA) else "")
                continue
            met += check_node(value)
    return [m for m in met if m]


def check_schema_org(document: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Expand DOCUMENT and check every term; the expanded form and the terms met."""
    expanded = expand(document)
    assert expanded, "the JSON-LD expands to nothing"
    met: list[str] = []
    for node in expanded:
        met += check_node(node)
    return expanded, met


def values(node: dict[str, Any], prop: str) -> list[Any]:
    """The plain values (or nodes) of the schema.org property PROP of an expanded NODE."""
    return [v.get("@value", v) for v in node.get(SCHEMA + prop, [])]
