"""A tiny Sphinx extension with fixes the book needs from its toolchain.

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
    # Early: html-page-context stops at the first handler that returns a template name.
    app.connect("html-page-context", drop_duplicate_scripts, priority=100)
    app.connect("html-page-context", fix_citation_roles, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
