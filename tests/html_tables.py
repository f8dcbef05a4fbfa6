"""Read an HTML table the way a person reads it: body rows, each cell as its text pieces."""

from __future__ import annotations

from html.parser import HTMLParser


class _Table(HTMLParser):
    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid = testid
        self.inside = False
        self.rows: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and dict(attrs).get("data-testid") == self.testid:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = []
            self.rows[-1].append(self.cell)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif tag == "td":
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None and data.strip():
            self.cell.append(" ".join(data.split()))


def table_rows(html: str, testid: str) -> list[list[list[str]]]:
    """Rows of the table with data-testid=`testid` (header rows have no cells)."""
    parser = _Table(testid)
    parser.feed(html)
    return parser.rows
