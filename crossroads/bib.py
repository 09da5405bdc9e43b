"""Write ``references.bib`` from ``data/sources.csv``: one bibliography, one place.

    python -m crossroads.bib

Chapters cite any source with ``{cite}`source_id```. The test suite checks that
the committed ``references.bib`` is what this module writes from today's data.
"""
from __future__ import annotations

import sys

import pandas as pd

from .data import DATA_DIR, load

BIB_PATH = DATA_DIR.parent / "references.bib"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _braced(text: str) -> str:
    """Protect BibTeX special characters in a field value."""
    for char in "&%$#_":
        text = text.replace(char, "\\" + char)
    return text


def entry(row) -> str:
    """One ``@misc`` entry for a row of sources.csv."""
    fields = {"title": "{" + _braced(row["title"]) + "}"}
    # A corporate author in double braces keeps author-year labels stable.
    fields["author"] = _braced(row["author"]) if pd.notna(row["author"]) else "{" + _braced(row["publisher"]) + "}"
    fields["publisher"] = _braced(row["publisher"])
    date = row["date"] if pd.notna(row["date"]) else ""
    fields["year"] = date[:4] if date else "n.d."
    if len(date) >= 7:
        fields["month"] = MONTHS[int(date[5:7]) - 1]
    if pd.notna(row["url"]):
        fields["url"] = row["url"]
    note = f"Accessed {row['accessed']:%Y-%m-%d}"
    if pd.notna(row.get("note")):
        note = _braced(row["note"]) + ". " + note
    fields["note"] = note
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@misc{{{row['source_id']},\n{body}\n}}\n"


def render(sources: pd.DataFrame) -> str:
    """The whole .bib file for a sources table."""
    header = "% Generated from data/sources.csv by `python -m crossroads.bib`. Do not edit.\n\n"
    return header + "\n".join(entry(row) for _, row in sources.iterrows())


def main() -> int:
    BIB_PATH.write_text(render(load("sources")), encoding="utf-8")
    print(f"wrote {BIB_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
