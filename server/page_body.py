"""A pull page's body: one JSON document, or JSON lines that a desk parses a few
thousand rows at a time.

A bootstrap page holds 20,000 rows. Parsed in one `orjson.loads` it holds Python's
GIL for 30 to 50 ms (over 100 ms while the collector runs), and a desk parses pages
on a thread beside its window: the window stood still that long on every page,
against a budget of 50 ms. A desk that accepts `LINES_MEDIA_TYPE` gets the page as
lines: first the page with each table's `rows` empty, then `{"table": name,
"rows": [...]}` lines of at most `LINE_ROWS` rows, parents' tables first. Between
lines the window gets the GIL. JSON escapes line breaks inside values, so a line
break only ever ends a line. Smaller pages would do the same at the cost of the
bootstrap: 10,000-row pages took it from 15.5 to 17.5 s, 5,000-row pages to 21 s.
"""

from __future__ import annotations

from typing import Any

import orjson

from server.feed import RowTexts
from sync.protocol import LINES_MEDIA_TYPE, PullPage

#: Rows per line: about 3 ms of parsing on the reference machine.
LINE_ROWS = 2000


def accepted(header: str) -> set[str]:
    """The values an `Accept` or `Accept-Encoding` header takes, read as RFC 9110
    says: "zstd;q=0" refuses zstd. Lower-cased, parameters dropped."""
    taken: set[str] = set()
    for item in header.split(","):
        name, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and name:
            taken.add(name.lower())
    return taken


def wants_lines(accept: str) -> bool:
    return LINES_MEDIA_TYPE in accepted(accept)


def _rows(rows: Any, start: int = 0, stop: int | None = None) -> Any:
    return rows.fragment(start, stop) if isinstance(rows, RowTexts) else rows[start:stop]


def page_json(page: PullPage) -> bytes:
    """The page as one JSON document (what every desk can read)."""
    return orjson.dumps(
        {
            **page,
            "tables": {
                name: {"columns": part["columns"], "rows": _rows(part["rows"])}
                for name, part in page["tables"].items()
            },
        }
    )


def page_lines(page: PullPage, line_rows: int = LINE_ROWS) -> bytes:
    """The page as JSON lines (see the module's docstring)."""
    head = {
        **page,
        "tables": {
            name: {"columns": part["columns"], "rows": []} for name, part in page["tables"].items()
        },
    }
    lines = [orjson.dumps(head)]
    for name, part in page["tables"].items():
        rows = part["rows"]
        for start in range(0, len(rows), line_rows):
            lines.append(
                orjson.dumps({"table": name, "rows": _rows(rows, start, start + line_rows)})
            )
    return b"\n".join(lines)
