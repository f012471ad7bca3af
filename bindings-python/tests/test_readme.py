"""Runs every ```python block of bindings-python/README.md and of the repository's README.md,
each in a fresh namespace."""

import contextlib
import io
import pathlib
import re

import pytest

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
ROOT_README = pathlib.Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(readme=README, name="README.md"):
    text = readme.read_text(encoding="utf-8")
    found = BLOCK.findall(text)
    line_of = lambda code: text[: text.index(code)].count("\n") + 1  # noqa: E731
    return [pytest.param(code, id="%s:%d" % (name, line_of(code))) for code in found]


BLOCKS = blocks()
ROOT_BLOCKS = blocks(ROOT_README, "../README.md")


def test_root_readme_has_a_python_example():
    assert len(ROOT_BLOCKS) >= 1


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("code", BLOCKS + ROOT_BLOCKS)
def test_readme_block(code):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(README), "exec"), {"__name__": "__readme__"})
