"""Golden files: whether this run rewrites them, and the reporter golden cases.

The comparison itself is :func:`reslint.testing.assert_golden`, the helper the rule fixtures, the
reporters, the examples and ``reslint fix`` diffs all use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

#: Golden cases: name -> paths, relative to the repository root (the scans run there).
#: The example scan is limited to examples/kubernetes so that examples other formats add later
#: (Terraform, CloudFormation) do not change these files.
CASES: dict[str, tuple[str, ...]] = {
    "examples": ("examples/kubernetes",),
    "rsl201-fail": ("tests/fixtures/rules/RSL201/fail.yaml",),
    "clean": ("tests/fixtures/rules/RSL201/pass.yaml",),
    "problems": ("tests/fixtures/golden/inputs/problems",),
}

#: Format name -> golden file suffix.
SUFFIXES = {
    "sarif": "sarif",
    "junit": "junit.xml",
    "github": "github.txt",
    "gitlab": "gitlab.json",
    "markdown": "md",
}


def updating(config: pytest.Config) -> bool:
    """Whether ``--update-goldens`` was given: rewrite golden files, then review the diff."""
    return bool(config.getoption("--update-goldens", default=False))
