"""Helpers for testing reslint plugins, and reslint itself: a registry holding your plugin, one call
that lints paths, and the rule-fixture runner reslint's own rules are tested with.

A plugin's test suite typically reads::

    from reslint.testing import assert_rule_fixtures, make_registry
    import my_plugin

    def test_rules(rule_dir, request):
        assert_rule_fixtures(rule_dir, make_registry(my_plugin), update=request.config.getoption(...))

Fixture folders are named after the rule (``tests/fixtures/ACME001/``) and hold ``fail*`` files,
which must produce exactly the findings recorded in ``expected.txt`` and no other rule's, and
``pass*`` files, which must produce no finding at all.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.plugins import collect, make_plugin_manager
from reslint.scan import ScanOptions, scan

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.config import Config
    from reslint.plugins import Registry
    from reslint.reporting import Report

__all__ = ["assert_golden", "assert_rule_fixtures", "finding_lines", "lint", "make_registry"]


def make_registry(*plugins: object, entry_points: bool = False) -> Registry:
    """The built-in plugin plus *plugins* (modules or objects with ``@hookimpl`` functions).

    Installed plugins are left out unless *entry_points* is true, so tests do not depend on what
    else happens to be installed.
    """
    manager = make_plugin_manager(load_entry_points=entry_points)
    for plugin in plugins:
        manager.register(plugin)
    return collect(manager)


def lint(*paths: str | Path, registry: Registry | None = None, stdin: str | None = None, **options: object) -> Report:
    """Lint *paths* (or *stdin* as ``-``) in-process; *options* are ``ScanOptions`` fields."""
    given = tuple(str(p) for p in paths) or ("-",)
    return scan(ScanOptions(paths=given, **options), registry or make_registry(), stdin)  # type: ignore[arg-type]


def finding_lines(report: Report) -> str:
    """The findings as golden lines: ``file:line RULE [level] address: message``."""
    return "".join(f"{f.file}:{f.line} {f.rule} [{f.level}] {f.address}: {f.message}\n" for f in report.findings)


def assert_golden(path: Path, text: str, *, update: bool = False) -> None:
    """*text* equals the golden file at *path*; with *update*, the file is rewritten from *text* first.

    Review the diff of rewritten files before committing them.
    """
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path}; record it with pytest --update-goldens"
    assert text == path.read_text(encoding="utf-8"), f"{path} differs; review the change, then pytest --update-goldens"


def assert_rule_fixtures(rule_dir: Path, registry: Registry, *, update: bool = False) -> None:
    """Check one rule's fixture folder: ``fail*`` files give exactly ``expected.txt``, ``pass*`` none.

    Paths in findings are relative to *rule_dir*. With *update*, ``expected.txt`` is rewritten from
    the current output first (review the diff before committing it). A ``.reslint.yaml`` in
    *rule_dir* is the configuration both are linted with: a rule the default policy leaves off is
    tested with the policy that turns it on.
    """
    rule_id = rule_dir.name
    fails = sorted(p.name for p in rule_dir.glob("fail*"))
    passes = sorted(p.name for p in rule_dir.glob("pass*"))
    assert fails, f"{rule_id} has no failing fixture"
    assert passes, f"{rule_id} has no passing fixture"
    config = folder_config(rule_dir)
    with _inside(rule_dir):
        failing = lint(*fails, registry=registry, config=config)
        passing = lint(*passes, registry=registry, config=config)
    assert not failing.errors, f"{rule_id} failing fixture: {failing.errors}"
    assert {f.rule for f in failing.findings} == {rule_id}, "a failing fixture must fail its rule only"
    assert_golden(rule_dir / "expected.txt", finding_lines(failing), update=update)
    assert not passing.errors, f"{rule_id} passing fixture: {passing.errors}"
    assert passing.resources > 0, f"{rule_id} passing fixture has no resources"
    assert passing.findings == [], f"{rule_id} passing fixture: {finding_lines(passing)}"


def folder_config(folder: Path) -> Config:
    """The ``.reslint.yaml`` of a fixture folder, else the defaults."""
    from reslint.config import Config, load_config

    path = folder / ".reslint.yaml"
    return load_config(path) if path.is_file() else Config()


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    # Reports show paths relative to the working folder; goldens must not depend on where tests run.
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)
