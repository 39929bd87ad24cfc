"""The test suite's own conventions, so tests added later keep them."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import TYPE_CHECKING

from hypothesis import settings

from _support.fuzzing import examples
from _support.paths import ROOT, TESTS

if TYPE_CHECKING:
    from pathlib import Path

#: The suite's Python files; fixture folders hold inputs, not tests.
SUITE = sorted(p for p in TESTS.rglob("*.py") if "fixtures" not in p.relative_to(TESTS).parts)


#: The packages of ``src/reslint``; the test tree has one folder per package it tests.
PACKAGES = frozenset(p.name for p in (ROOT / "src" / "reslint").iterdir() if (p / "__init__.py").is_file())
#: Test folders that hold no tests of their own: shared helpers and input files.
NOT_MIRRORS = frozenset({"_support", "fixtures"})
#: The cloud providers are data filling the shared machinery of ``reslint/clouds/``, and their kind
#: tables are tested through it, so their tests live together in ``tests/clouds/``.
HOME = {"aws": "clouds", "google": "clouds", "azure": "clouds"}
#: Short names test modules use for a package.
SHORT = {"cfn": "cloudformation", "tf": "terraform", "k8s": "kubernetes"}
#: Modules nearly every test imports (the model, its errors, the test helpers): they say nothing
#: about which package a test is about.
FOUNDATION = frozenset({"model", "errors", "testing"})


def _home(package: str) -> str:
    return HOME.get(package, package)


def _packages_used(path: Path) -> set[str]:
    """The reslint packages a test module imports from, by their test folder; a top-level module
    other than the foundation counts as ``""``."""
    used: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            module = node.module.split(".")
            names = (
                [".".join([*module, alias.name]) for alias in node.names] if module == ["reslint"] else [node.module]
            )
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] != "reslint" or len(parts) < 2 or parts[1] in FOUNDATION:
                continue
            used.add(_home(parts[1]) if parts[1] in PACKAGES else "")
    return used


def _named_package(path: Path) -> str | None:
    """The package a test module's name points at (``test_kubernetes_forms.py``: kubernetes)."""
    first = path.stem.removeprefix("test_").split("_")[0]
    first = SHORT.get(first, first)
    return _home(first) if first in PACKAGES else None


def test_the_test_tree_mirrors_the_source_tree() -> None:
    folders = {p.parent.relative_to(TESTS).parts[0] for p in SUITE if p.parent != TESTS}
    assert folders - NOT_MIRRORS <= {_home(p) for p in PACKAGES}, "a test folder names a package of src/reslint"
    misplaced = []
    for path in SUITE:
        if not path.name.startswith("test_"):
            continue
        folder = path.parent.relative_to(TESTS).parts[0] if path.parent != TESTS else None
        named = _named_package(path)
        used = _packages_used(path)
        if named is not None and named != folder:
            misplaced.append(f"{path.relative_to(TESTS)}: its name says reslint/{named}/, so tests/{named}/")
        elif folder is None and len(used) == 1 and "" not in used:
            misplaced.append(f"{path.relative_to(TESTS)}: it imports only reslint/{min(used)}/, so tests/{min(used)}/")
    assert misplaced == [], "a test about reslint/x/ lives in tests/x/, a test of top-level modules in tests/"


def test_tests_find_files_through_support_paths_not_their_own_location() -> None:
    # A test module moves with the source it tests; a path built from its own __file__ breaks then.
    offenders = [
        str(p.relative_to(TESTS))
        for p in SUITE
        if "_support" not in p.parts
        and any(isinstance(n, ast.Name) and n.id == "__file__" for n in ast.walk(ast.parse(p.read_text("utf-8"))))
    ]
    assert offenders == [], "use ROOT, FIXTURES, GOLDEN or SCHEMAS from _support.paths"


def _comments(text: str) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [(tok.start[0], tok.string) for tok in tokens if tok.type == tokenize.COMMENT]


def test_shared_helpers_come_from_support_not_from_a_conftest() -> None:
    imports = re.compile(r"^\s*(from\s+conftest\s+import|import\s+conftest\b)", re.MULTILINE)
    offenders = [str(p.relative_to(TESTS)) for p in SUITE if imports.search(p.read_text(encoding="utf-8"))]
    assert offenders == [], "import helpers from tests/_support (conftest.py holds fixtures only)"


def test_a_type_ignore_names_its_error_code_and_says_why() -> None:
    ignore = re.compile(r"type:\s*ignore(?P<code>\[[a-z-]+(?:,\s*[a-z-]+)*\])?(?P<rest>.*)")
    offenders = []
    for path in SUITE:
        for line, comment in _comments(path.read_text(encoding="utf-8")):
            found = ignore.search(comment)
            if found and not (found["code"] and re.match(r"\s*#\s*\S", found["rest"])):
                offenders.append(f"{path.relative_to(TESTS)}:{line}: {comment}")
    assert offenders == [], "annotate or narrow instead; only an untyped library earns `# type: ignore[code]  # why`"


def test_hypothesis_profiles_scale_each_fuzz_tests_own_budget() -> None:
    loaded = settings.get_current_profile_name()
    try:
        settings.load_profile("ci")
        assert [examples(12), examples(400)] == [12, 400]
        settings.load_profile("long")
        assert [examples(12), examples(400)] == [600, 20_000]
    finally:
        settings.load_profile(loaded)
