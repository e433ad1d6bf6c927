"""A failing test's report survives pytest's own formatting failing (root conftest.py)."""

from __future__ import annotations

import pytest

from conftest import _native_traceback_on_system_error


def test_a_system_error_in_pytests_formatting_gives_a_native_traceback():
    def formatting_that_breaks(excinfo):
        raise SystemError("AST constructor recursion depth mismatch (before=144, after=55)")

    with pytest.raises(AssertionError, match="the story was not found") as excinfo:
        raise AssertionError("the story was not found")
    report = _native_traceback_on_system_error(formatting_that_breaks)(excinfo)
    text = str(report)
    assert "AssertionError: the story was not found" in text
    assert "Traceback (most recent call last)" in text


def test_other_formatting_errors_are_not_hidden():
    def formatting_that_breaks(excinfo):
        raise ValueError("a bug of ours")

    with pytest.raises(AssertionError) as excinfo:
        raise AssertionError("x")
    with pytest.raises(ValueError, match="a bug of ours"):
        _native_traceback_on_system_error(formatting_that_breaks)(excinfo)
