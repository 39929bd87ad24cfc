"""The test suite's own conventions, so tests added later keep them."""

from __future__ import annotations

import io
import re
import tokenize

from hypothesis import settings

from _support.fuzzing import examples
from _support.paths import TESTS

#: The suite's Python files; fixture folders hold inputs, not tests.
SUITE = sorted(p for p in TESTS.rglob("*.py") if "fixtures" not in p.relative_to(TESTS).parts)


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
