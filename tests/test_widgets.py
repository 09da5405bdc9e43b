"""Explorers answer their main controls without a kernel: panes precomputed, linked in the browser."""
from __future__ import annotations

import ipywidgets
from ipywidgets.widgets.widget import _instances
from ipywidgets.widgets.widget_link import Link

from crossroads import widgets


def links(control) -> list:
    """The browser-side links (jslink) whose source is ``control``."""
    return [w for w in list(_instances.values()) if isinstance(w, Link) and w.source[0] is control]


def test_each_linked_control_drives_a_stack_in_the_browser():
    picker = ipywidgets.Dropdown(options=["a", "b", "c"], value="b", description="Letter")
    panes = widgets.LinkedPanes([picker], lambda letter: f"<p>{letter}</p>")
    assert isinstance(panes.root, ipywidgets.Stack) and len(panes.root.children) == 3
    assert [c.value for c in panes.root.children] == ["<p>a</p>", "<p>b</p>", "<p>c</p>"]
    [link] = links(picker)
    assert link.source == (picker, "index") and link.target == (panes.root, "selected_index")
    assert panes.root.selected_index == 1 and panes.shown() == "<p>b</p>"
    picker.value = "c"  # the kernel side follows as the browser would
    assert panes.root.selected_index == 2 and panes.shown() == "<p>c</p>"
    assert "crossroads-static" in picker._dom_classes


def test_two_controls_nest_stacks_and_link_every_inner_one():
    outer = ipywidgets.Dropdown(options=[1, 2], description="Outer")
    inner = ipywidgets.Dropdown(options=["x", "y", "z"], description="Inner")
    panes = widgets.LinkedPanes([outer, inner], lambda o, i: f"{o}{i}")
    assert len(panes.leaves) == 6 and len(links(inner)) == 2 and len(links(outer)) == 1
    outer.value, inner.value = 2, "z"
    assert panes.shown() == "2z"


def test_kernel_controls_redraw_every_pane_and_are_marked():
    extra = ipywidgets.Dropdown(options=["!", "?"], description="Mark")
    picker = ipywidgets.Dropdown(options=["a", "b"], description="Letter")
    panes = widgets.LinkedPanes([picker], lambda letter: letter + extra.value)
    box = widgets.explorer_box([picker, extra], panes, kernel_controls=[extra])
    extra.value = "?"
    assert [leaf.value for leaf in panes.leaves.values()] == ["a?", "b?"]
    assert "crossroads-needs-kernel" in extra._dom_classes and "crossroads-explorer" in box._dom_classes
    assert "<strong>Letter</strong> answers at once" in box.children[0].value
