"""Chapter text that reads the same in JupyterLab and in the book.

Authors write the usual MyST roles in a chapter's markdown cells:

* ``{glue:}`key``` for a number computed from the data (``facts.glue_facts``),
* ``{cite:p}`id``` / ``{cite:t}`id``` for a source of ``data/sources.csv``,
* ``{term}`text <Term>``` for a glossary entry, ``{doc}`text <path>``` for a page.

JupyterLab (even with jupyterlab-myst) cannot resolve those roles: it would show
glue keys, citation keys and dead links. So ``python -m crossroads.execute``,
after running a notebook, *stores* each role as a small HTML element that any
Markdown renderer shows as readable text, and that still names what it stands for:

* a fact: ``<span class="fact" data-fact="target">20</span>`` (the value the
  notebook's own glue output holds);
* a citation: ``(<a class="cite" data-cite="id" href="url" title="…">Publisher, 2023</a>)``;
* a term: ``<a class="term" data-term="bcm" href="appendix/glossary.md" title="definition">bcm</a>``;
* a page: ``<a class="doc" href="appendix/data_and_sources.ipynb">…</a>``.

The book's Sphinx extension (:mod:`crossroads.book`) turns every element back
into its role with :func:`to_roles` before the page is parsed, so the built book
renders exactly as the roles always did. A test re-renders every cell with
:func:`render` and fails if anything differs: a value that no longer matches the
notebook's glue output (which strict nbval ties to the data), a citation label that
no longer matches ``sources.csv``, a role left unconverted.
"""
from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .data import DATA_DIR, load

CHAPTERS = DATA_DIR.parent / "chapters"
GLOSSARY = CHAPTERS / "appendix" / "glossary.md"
GLUE_MIME = "application/papermill.record/text/plain"

# Not inside inline code: `{cite:p}` in prose that explains the roles stays as written.
ROLE = re.compile(r"(?<!`)\{(?P<role>glue:|glue|cite:p|cite:t|cite|term|doc)\}`(?P<body>[^`]*)`")
FACT = re.compile(r'<span class="fact" data-fact="(?P<key>[^"]+)">.*?</span>', re.S)
# One element per source, no wrapper: jupyterlab-myst re-serialises nested inline HTML
# with line breaks, which would show as stray spaces inside the parentheses.
_ITEM = r'<(?:a|span) class="cite" data-cite="[^"]+"{t}[^>]*>[^<]*</(?:a|span)>'
CITE_P = re.compile(r"\((?:{i})(?:; (?:{i}))*\)".format(i=_ITEM.format(t="")))
CITE_T = re.compile(r"(?:{i}) \([^)]*\)(?:; (?:{i}) \([^)]*\))*".format(i=_ITEM.format(t=' data-textual=""')))
CITE_KEY = re.compile(r'class="cite" data-cite="([^"]+)"')
TERM = re.compile(r'<a class="term" data-term="(?P<term>[^"]+)"[^>]*>(?P<text>.*?)</a>', re.S)
DOC = re.compile(r'<a class="doc" href="(?P<path>[^"]+?)(?:\.ipynb|\.md)">(?P<text>.*?)</a>', re.S)
# What no stored element may leave behind once turned back into roles.
LEFTOVER = re.compile(r'data-fact=|data-cite=|class="(?:term|doc|cite)"|<cite\b')
TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


class MarkupError(ValueError):
    """A role that cannot be stored: names the notebook, the role and what is missing."""


@dataclass(frozen=True)
class Context:
    """What rendering needs: the notebook's folder, its facts, the sources and the glossary."""

    folder: Path
    facts: dict[str, str]
    sources: pd.DataFrame
    glossary: dict[str, str]
    name: str = "notebook"


def to_roles(text: str) -> str:
    """Stored elements back to MyST roles (what the book parses). Idempotent."""
    text = FACT.sub(lambda m: f"{{glue:}}`{m['key']}`", text)
    text = CITE_P.sub(lambda m: f"{{cite:p}}`{','.join(CITE_KEY.findall(m.group(0)))}`", text)
    text = CITE_T.sub(lambda m: f"{{cite:t}}`{','.join(CITE_KEY.findall(m.group(0)))}`", text)
    text = TERM.sub(lambda m: _role("term", html.unescape(m["text"]), m["term"]), text)
    return DOC.sub(lambda m: _role("doc", html.unescape(m["text"]), m["path"]), text)


def _role(name: str, text: str, target: str) -> str:
    return f"{{{name}}}`{text}`" if text == target else f"{{{name}}}`{text} <{target}>`"


def render(text: str, context: Context) -> str:
    """MyST roles (or stale stored elements) to fresh stored elements."""
    return ROLE.sub(lambda m: _element(m["role"], m["body"], context), to_roles(text))


def _element(role: str, body: str, context: Context) -> str:
    if role in ("glue:", "glue"):
        if body not in context.facts:
            raise MarkupError(f"{context.name}: {{glue:}}`{body}` has no glue output in the notebook; "
                              f"expected a key that facts.glue_facts glues (run the setup cell)")
        return f'<span class="fact" data-fact="{body}">{html.escape(context.facts[body])}</span>'
    if role.startswith("cite"):
        return cite(body, context, textual=role == "cite:t")
    match = TARGET.match(body)
    shown, target = (match["text"], match["target"]) if match else (body, body)
    if role == "term":
        return term(shown, target, context)
    return doc(shown, target, context)


def cite(keys: str, context: Context, *, textual: bool = False) -> str:
    """A readable author–year citation whose links lead to the sources themselves."""
    sources = context.sources.set_index("source_id")
    parts = []
    for key in [k.strip() for k in keys.split(",")]:
        if key not in sources.index:
            raise MarkupError(f"{context.name}: {{cite}}`{key}` is not a source_id of data/sources.csv")
        row = sources.loc[key]
        author, year = html.escape(author_label(row)), (row["date"][:4] if pd.notna(row["date"]) else "n.d.")
        title = html.escape(f"{row['publisher']}, {row['date'] if pd.notna(row['date']) else 'undated'}: "
                            f"“{row['title']}”. Listed in the bibliography.", quote=True)
        tag, href = ("a", f' href="{html.escape(row["url"], quote=True)}"') if pd.notna(row["url"]) else ("span", "")
        flag = ' data-textual=""' if textual else ""
        opening = f'<{tag} class="cite" data-cite="{key}"{flag}{href} title="{title}">'
        parts.append(f"{opening}{author}</{tag}> ({year})" if textual else f"{opening}{author}, {year}</{tag}>")
    return "; ".join(parts) if textual else "(" + "; ".join(parts) + ")"


def author_label(row) -> str:
    """'Mohammadi', 'Smith and Jones', 'Smith et al.' or the publisher, as the book's style does."""
    if pd.isna(row["author"]):
        return str(row["publisher"])
    names = [n.strip().split()[-1] for n in str(row["author"]).split(" and ")]
    return names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else f"{names[0]} et al."


def term(shown: str, target: str, context: Context) -> str:
    """A link to the glossary whose tooltip is the definition."""
    definition = context.glossary.get(target.lower())
    if definition is None:
        raise MarkupError(f"{context.name}: {{term}}`{target}` is not an entry of {GLOSSARY.name}")
    href = _relative(_chapters_root(context.folder) / GLOSSARY.relative_to(CHAPTERS), context.folder)
    return (f'<a class="term" data-term="{html.escape(target, quote=True)}" href="{href}" '
            f'title="{html.escape(definition, quote=True)}">{html.escape(shown)}</a>')


def doc(shown: str, target: str, context: Context) -> str:
    """A link to another page of the course that JupyterLab opens as a notebook or file."""
    for suffix in (".ipynb", ".md"):
        if (context.folder / f"{target}{suffix}").exists():
            return f'<a class="doc" href="{target}{suffix}">{html.escape(shown)}</a>'
    raise MarkupError(f"{context.name}: {{doc}}`{target}` names no notebook or page "
                      f"(looked for {target}.ipynb and {target}.md beside it)")


def _chapters_root(folder: Path) -> Path:
    """The ``chapters`` folder that holds ``folder`` (a copy of the tree works too)."""
    return next((p for p in [folder, *folder.parents] if p.name == "chapters"), CHAPTERS)


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()


def read_glossary(path: Path = GLOSSARY) -> dict[str, str]:
    """Lower-cased term -> definition, from the ``{glossary}`` block of the glossary page."""
    block = re.search(r"```\{glossary\}\n(.*?)(?:\n```|\Z)", path.read_text(encoding="utf-8"), re.S)
    if block is None:
        raise MarkupError(f"{path}: no ```{{glossary}} block found")
    entries: dict[str, str] = {}
    current = None
    for line in block.group(1).splitlines():
        if not line.strip() or line.startswith(":"):
            continue
        if line[0].isspace() and current:
            entries[current] = f"{entries[current]} {line.strip()}".strip()
        elif not line[0].isspace():
            current = line.strip().lower()
            entries[current] = ""
    return {term: _plain(text) for term, text in entries.items()}


def _plain(text: str) -> str:
    """A definition as tooltip text: citations dropped, other roles reduced to their text."""
    text = re.sub(r"\s*\{cite:[pt]\}`[^`]*`", "", text)
    return re.sub(r"\{\w+\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", text)


def glued_facts(nb) -> dict[str, str]:
    """Key -> the text the book shows for it, from a notebook's stored glue outputs."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and GLUE_MIME in output.get("data", {}):
                found[name] = output["data"][GLUE_MIME]
    return found


def context_for(path: Path, nb, sources: pd.DataFrame | None = None,
                glossary: dict[str, str] | None = None) -> Context:
    """The rendering context of one executed notebook."""
    return Context(folder=Path(path).resolve().parent, facts=glued_facts(nb),
                   sources=load("sources") if sources is None else sources,
                   glossary=read_glossary() if glossary is None else glossary, name=Path(path).name)


def render_notebook(path: Path, nb) -> None:
    """Render every markdown cell of an executed notebook in place."""
    context = context_for(path, nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = render(cell.source, context)
