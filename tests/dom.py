"""DOM checks a screen reader user would notice, on server-rendered HTML (no browser):
ids are unique, and every aria-describedby / aria-labelledby / label[for] points at an
element that exists. Used by view tests of the pages axe-core flagged."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        if values.get("id"):
            self.ids.append(values["id"])
        for name in ("aria-describedby", "aria-labelledby", "aria-controls"):
            for ref in values.get(name, "").split():
                self.references.append((tag, name, ref))
        if tag == "label" and values.get("for"):
            self.references.append((tag, "for", values["for"]))


def dom_parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def dom_problems(html: str) -> list[str]:
    """Duplicate ids and references to ids that are not on the page."""
    dom = dom_parse(html)
    problems = [f"id «{i}» {n} ganger" for i, n in Counter(dom.ids).items() if n > 1]
    known = set(dom.ids)
    problems += [
        f"<{t} {a}=«{r}»> peker på en id som ikke finnes"
        for t, a, r in dom.references
        if r not in known
    ]
    return problems


def labels_for(html: str, field_id: str) -> int:
    """How many <label for=…> name the field."""
    return sum(
        1 for t, a, r in dom_parse(html).references if t == "label" and a == "for" and r == field_id
    )
