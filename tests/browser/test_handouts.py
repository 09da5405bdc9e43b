"""The printed handouts: the student PDF has no solution text, the instructor PDF has it."""
from __future__ import annotations

import re

import pytest

from crossroads import handouts

pytestmark = pytest.mark.integration

CHAPTER = "06_reading_the_sources"
SOLUTION = "names two sources that do not copy each other"  # from the solution of ch6-ex-unchecked
EXERCISE = "A claim no chapter checked"  # the exercise's title, in both copies


def text_of(path) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.fixture(scope="module")
def pdfs(built_book, tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    handouts.print_chapters([CHAPTER], site=built_book, out=out)
    return {version: text_of(out / version / f"{CHAPTER}.pdf") for version in handouts.VERSIONS}


def test_the_student_copy_has_the_exercises_but_no_solution(pdfs):
    assert EXERCISE in pdfs["student"] and SOLUTION not in pdfs["student"]
    assert "Solution to" not in pdfs["student"]


def test_the_instructor_copy_has_the_solutions_open(pdfs):
    assert EXERCISE in pdfs["instructor"] and SOLUTION in pdfs["instructor"]


def test_both_copies_show_the_explorer_in_its_default_state(pdfs):
    for text in pdfs.values():
        assert "every answer is in the page" in text  # the explorer rendered, not an empty frame
