"""Builders for test objects: findings with one field changed, the reporters under test."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from reslint.reporters.github import GithubReporter
from reslint.reporters.gitlab import GitlabReporter
from reslint.reporters.junit import JunitReporter
from reslint.reporters.markdown import MarkdownReporter
from reslint.reporters.sarif import SarifReporter
from reslint.reporting import Finding

if TYPE_CHECKING:
    from reslint.reporting import Reporter


def reporters() -> dict[str, Reporter]:
    """The reporters under test; the GitHub one gets an empty environment so it never writes a summary."""
    return {
        "sarif": SarifReporter(),
        "junit": JunitReporter(),
        "github": GithubReporter(environ={}),
        "gitlab": GitlabReporter(),
        "markdown": MarkdownReporter(),
    }


def finding(**changes: Any) -> Finding:
    """A blocking tier-1 finding; *changes* override fields (``dataclasses.replace`` checks the names)."""
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
    return dataclasses.replace(base, **changes)
