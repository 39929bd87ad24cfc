"""Fixtures and hooks for the whole suite; shared helpers that are not fixtures live in ``_support``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

import _support.fuzzing  # noqa: F401  (registers the Hypothesis profiles before pytest loads one)
from _support.golden import updating
from _support.paths import GOLDEN
from reslint.plugins import Registry, collect, make_plugin_manager
from reslint.testing import assert_golden
from reslint.testing import lint as lint_paths

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report

# The default profile; `pytest --hypothesis-profile long` replaces it once pytest is configured.
settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's cache: each gets an empty one of its own."""
    monkeypatch.setenv("RESLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite golden files from current output, then review the diff"
    )


@pytest.fixture
def registry() -> Registry:
    """Built-in plugins only, so an installed third-party plugin cannot change results."""
    return collect(make_plugin_manager(load_entry_points=False))


@pytest.fixture
def lint(registry: Registry) -> Callable[..., Report]:
    """Lint paths (or text given as stdin) and return the report."""

    def run(*paths: str | Path, stdin: str | None = None, **options: object) -> Report:
        return lint_paths(*paths, registry=registry, stdin=stdin, **options)

    return run


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text to a file under ``tests/fixtures/golden``, or rewrite it under ``--update-goldens``."""

    def check(name: str, text: str) -> None:
        assert_golden(GOLDEN / name, text, update=updating(request.config))

    return check
