"""Paths, golden cases and builders shared by the reporter tests."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.reporters.github import GithubReporter
from reslint.reporters.gitlab import GitlabReporter
from reslint.reporters.junit import JunitReporter
from reslint.reporters.markdown import MarkdownReporter
from reslint.reporters.sarif import SarifReporter
from reslint.reporting import Finding

if TYPE_CHECKING:
    from reslint.reporting import Reporter

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
SCHEMAS = ROOT / "tests" / "fixtures" / "schemas"

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


def reporters() -> dict[str, Reporter]:
    """The reporters under test; the GitHub one gets an empty environment so it never writes a summary."""
    return {
        "sarif": SarifReporter(),
        "junit": JunitReporter(),
        "github": GithubReporter(environ={}),
        "gitlab": GitlabReporter(),
        "markdown": MarkdownReporter(),
    }


def finding(**changes: object) -> Finding:
    """A blocking tier-1 finding; *changes* override fields."""
    base = Finding(
        rule="RSL201",
        category="replicas",
        level="error",
        tier=1,
        tier_source="tag",
        blocking=True,
        message="runs 1 replica; tier 1 requires at least 2",
        evidence="replicas: 1",
        remediation="Set the replica count to at least 2.\n\nOr use an autoscaler.",
        file="k8s/app.yaml",
        line=7,
        address="shop/Deployment/web",
        type="Deployment",
        format="kubernetes",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]
