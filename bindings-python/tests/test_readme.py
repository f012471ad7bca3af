"""Runs every ```python block of bindings-python/README.md, each in a fresh namespace."""

import contextlib
import io
import pathlib
import re

import pytest

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks():
    text = README.read_text(encoding="utf-8")
    found = BLOCK.findall(text)
    line_of = lambda code: text[: text.index(code)].count("\n") + 1  # noqa: E731
    return [pytest.param(code, id="README.md:%d" % line_of(code)) for code in found]


BLOCKS = blocks()


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("code", BLOCKS)
def test_readme_block(code):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(README), "exec"), {"__name__": "__readme__"})
