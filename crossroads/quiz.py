"""Self-check quizzes that work in the static book (no kernel needed).

Questions live in ``chapters/quizzes/<name>.json`` in the format of the
``jupyterquiz`` package; :func:`show_quiz` embeds them with the quiz's own
JavaScript, so the built HTML page answers clicks by itself.
"""
from __future__ import annotations

import random
from pathlib import Path

from IPython.display import display
from IPython.utils.capture import capture_output
from jupyterquiz import display_quiz

from .data import DATA_DIR, read_json

QUIZ_DIR = DATA_DIR.parent / "chapters" / "quizzes"
KINDS = {"multiple_choice", "many_choice"}  # numeric inputs come without a label (axe: critical)
# Colours with at least 4.5:1 contrast for their text (WCAG AA); feedback also
# says "Right"/"No" in words, so colour is never the only signal.
COLOURS = {"--jq-multiple-choice-bg": "#1f4e79", "--jq-many-choice-bg": "#7a2e0e",
           "--jq-mc-button-bg": "#ffffff", "--jq-mc-button-border": "#595959",
           "--jq-text-color": "#ffffff", "--jq-correct-color": "#1a6b2f",
           "--jq-incorrect-color": "#a11d1d", "--jq-link-color": "#cfe3ff"}
# jupyterquiz force-loads MathJax from a CDN where a page has a MathJax object without
# `typeset` (JupyterLab, the book). The course's quizzes hold no mathematics, and nothing
# may need the network: the stored script stops before that request.
MATHJAX_FROM_CDN = "script.src = 'https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js';"
NO_MATHJAX = "return;  // the course loads no MathJax (crossroads.quiz)"


def load_quiz(name: str, quiz_dir: Path = QUIZ_DIR) -> list[dict]:
    """Read and check a quiz file; raise ValueError naming the file and question."""
    path = Path(quiz_dir) / f"{name}.json"
    questions = read_json(path)  # DataError (a ValueError) if missing or invalid
    for number, q in enumerate(questions, start=1):
        where = f"{path}, question {number}"
        if q.get("type") not in KINDS or not q.get("question"):
            raise ValueError(f"{where}: expected a 'question' and a 'type' in {sorted(KINDS)}")
        correct = [a for a in q.get("answers", []) if a.get("correct")]
        if not correct:
            raise ValueError(f"{where}: no answer is marked correct")
        if any(not a.get("feedback") for a in q["answers"]):
            raise ValueError(f"{where}: every answer needs feedback that explains it")
    return questions


def show_quiz(name: str) -> None:
    """Display quiz ``name`` (answers in a fixed order; ids seeded so output is stable)."""
    questions = load_quiz(name)
    state = random.getstate()
    random.seed(name)  # jupyterquiz draws its container id from `random`
    try:
        with capture_output(stdout=False, stderr=False) as shown:
            display_quiz(questions, shuffle_answers=False, colors=COLOURS)
    finally:
        random.setstate(state)
    for output in shown.outputs:
        display(without_mathjax(output.data), raw=True, metadata=output.metadata)


def without_mathjax(data: dict) -> dict:
    """A quiz output's mime bundle with its MathJax CDN request removed."""
    script = data.get("application/javascript")
    if script is not None and MATHJAX_FROM_CDN not in script:
        raise RuntimeError("jupyterquiz's MathJax loader changed: check crossroads.quiz.MATHJAX_FROM_CDN")
    return {**data, "application/javascript": script.replace(MATHJAX_FROM_CDN, NO_MATHJAX)} if script else data
