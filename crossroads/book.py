"""The book's own Sphinx extension: chapter markup, and fixes for its toolchain.

* Chapter notebooks store facts, citations, glossary terms and page links as small
  HTML elements that read well in JupyterLab (see :mod:`crossroads.markup`).
  Before Sphinx parses a notebook, :func:`restore_roles` turns them back into the
  MyST roles ({glue:}, {cite:p}, {term}, {doc}), so the book renders exactly as
  the roles do: glued values, linked author-year citations, glossary links.

* Offline: the book serves the front-end files it needs from ``_static/vendor/``
  (:mod:`crossroads.vendor`); :func:`use_vendored_files` replaces the Leaflet and
  jQuery that notebooks store inline in map frames (so that maps draw in JupyterLab
  offline) with links to those copies. Course CSS and JS (``crossroads.css``, ``crossroads.js``)
  set readable widget text and mark explorer controls that need a kernel.
* sphinx-exercise gives every exercise and solution the same ids
  (``exercise-content``, ``solution-content``); :func:`unique_exercise_ids` numbers them.
* sphinx-thebe 0.3.1 registers its inline configuration script once per read of
  the environment; under Jupyter Book 1.0.4 that happens twice, and the second
  ``const THEBE_JS_URL`` declaration throws a SyntaxError on every page. We drop
  exact duplicate scripts from each page's context before it is rendered.
* docutils 0.21 wraps citations in ``role="list"`` but gives each entry the
  deprecated DPUB role ``doc-biblioentry``, which assistive technology (and
  axe-core's rule aria-required-children, "critical") does not accept as a list
  item. We give the entries ``role="listitem"``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes

from .markup import to_roles
from .vendor import CDN_URLS, WIDGET_MANAGER, integrity, restore_addresses

STATIC = Path(__file__).with_name("static")


def restore_roles(app, docname, source) -> None:
    """Notebook markdown cells: stored elements back to MyST roles (source-read)."""
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    nb = json.loads(source[0])
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = to_roles(text)
    source[0] = json.dumps(nb)


def add_static_path(app, config) -> None:
    """Serve crossroads/static under _static/; crossroads/templates overrides theme templates."""
    config.html_static_path.append(str(STATIC))
    config.templates_path.insert(0, str(STATIC.with_name("templates")))


def add_course_script(app) -> None:
    """crossroads.js, told where the widget manager is (it loads it when explorers are near)."""
    app.add_js_file("crossroads.js", defer="defer", **{
        "data-widget-manager": f"vendor/{WIDGET_MANAGER}",
        "data-widget-manager-integrity": integrity(WIDGET_MANAGER)})


def use_vendored_files(app, pagename, templatename, context, doctree) -> None:
    """CDN addresses in the page (map frames included) -> the book's own copies."""
    body = context.get("body")
    if not body:
        return
    body = restore_addresses(body)  # the notebook's inline Leaflet -> one cached copy
    for url, local in CDN_URLS.items():
        if url in body:
            body = body.replace(url, context["pathto"](f"_static/vendor/{local}", 1))
    context["body"] = body


# href="../01_x.ipynb", also inside widget state, where quotes are escaped as \"
_NOTEBOOK_HREF = re.compile(r'(href=\\?")((?![a-z][a-z0-9+.-]*:)[^"\\#]+)\.ipynb(#[^"\\]*)?(\\?")')


def _page_links(text: str) -> str:
    return _NOTEBOOK_HREF.sub(lambda m: f"{m[1]}{m[2]}.html{m[3] or ''}{m[4]}", text)


def link_pages_not_notebooks(app, pagename, templatename, context, doctree) -> None:
    """Links an output makes to a chapter notebook (which JupyterLab opens) -> its book page.

    Explorer panes are in the page's widget state, a script myst-nb adds to the page's
    scripts (hence this runs after myst-nb's own handler).
    """
    if context.get("body"):
        context["body"] = _page_links(context["body"])
    for script in context.get("script_files") or []:
        attributes = getattr(script, "attributes", None) or {}
        if attributes.get("type") == "application/vnd.jupyter.widget-state+json" and "body" in attributes:
            attributes["body"] = _page_links(attributes["body"])


def unique_exercise_ids(app, doctree, docname) -> None:
    """exercise-content, exercise-content-2, ...: ids must be unique on a page (WCAG 4.1.1)."""
    counts: dict[str, int] = {}
    for section in doctree.findall(nodes.section):
        for index, node_id in enumerate(section["ids"]):
            if node_id in ("exercise-content", "solution-content"):
                counts[node_id] = counts.get(node_id, 0) + 1
                if counts[node_id] > 1:
                    section["ids"][index] = f"{node_id}-{counts[node_id]}"


def _script_key(script) -> tuple:
    """Address and attributes; an inline script's address is None or '' (the same)."""
    attributes = getattr(script, "attributes", {}) or {}
    address = str(getattr(script, "filename", script) or "")
    return address, tuple(sorted((k, str(v)) for k, v in attributes.items()))


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """Keep the first of any scripts with the same address and attributes (and body)."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    """Bibliography entries inside role="list" become role="listitem"."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("source-read", restore_roles)
    app.connect("config-inited", add_static_path)
    app.connect("doctree-resolved", unique_exercise_ids)
    app.connect("html-page-context", use_vendored_files)
    app.connect("html-page-context", link_pages_not_notebooks, priority=900)
    app.add_css_file("crossroads.css")
    app.connect("builder-inited", add_course_script)
    # Early: html-page-context stops at the first handler that returns a template name.
    app.connect("html-page-context", drop_duplicate_scripts, priority=100)
    app.connect("html-page-context", fix_citation_roles, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
