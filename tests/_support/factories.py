"""Builders for test objects: findings with one field changed, the reporters under test, and inputs
(a Kubernetes Deployment, a CloudFormation template, the resources of a Terraform snippet)."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

import yaml

from reslint.formats import BuildOptions, SourceFile
from reslint.reporters.github import GithubReporter
from reslint.reporters.gitlab import GitlabReporter
from reslint.reporters.junit import JunitReporter
from reslint.reporters.markdown import MarkdownReporter
from reslint.reporters.sarif import SarifReporter
from reslint.reporting import Finding
from reslint.terraform.format import TerraformFormat

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from reslint.model import Resource
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


def deployment(
    name: str = "web",
    *,
    namespace: str | None = "shop",
    replicas: int | str | None = 1,
    tier: int | str | None = None,
    labels: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] | None = None,
    probes: bool = True,
) -> str:
    """A Kubernetes Deployment manifest, one line per setting; ``None`` leaves a setting out
    (``replicas=None``: Kubernetes' default of 1; ``namespace=None``: the ``default`` namespace)."""
    labels = {**(labels or {}), **({"reslint.io/tier": str(tier)} if tier is not None else {})}
    lines = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: {name}"]
    lines += [f"  namespace: {namespace}"] if namespace else []
    lines += [f"  annotations: {_flow(annotations)}"] if annotations else []
    lines += [f"  labels: {_flow(labels)}"] if labels else []
    lines += ["spec:", *([f"  replicas: {replicas}"] if replicas is not None else [])]
    lines += [
        f"  selector: {{matchLabels: {{app: {name}}}}}",
        "  template:",
        f"    metadata: {{labels: {{app: {name}}}}}",
        "    spec:",
        "      containers:",
        "        - name: app",
        "          image: example/app:1",
    ]
    if probes:
        lines += [
            "          readinessProbe: {httpGet: {path: /, port: 80}}",
            "          livenessProbe: {httpGet: {path: /, port: 80}}",
        ]
    return "\n".join(lines) + "\n"


def _flow(mapping: Mapping[str, str]) -> str:
    """A YAML flow mapping of strings, every value quoted (``{reslint.io/tier: "1"}``)."""
    return "{" + ", ".join(f"{key}: {json.dumps(value)}" for key, value in mapping.items()) + "}"


def cfn_template(**resources: Mapping[str, object]) -> str:
    """A CloudFormation template (YAML) of *resources* by logical id, in the JSON spelling of
    intrinsic functions (``{"Ref": "Cluster"}``): ``cfn_template(Db={"Type": ..., "Properties": ...})``."""
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {k: dict(v) for k, v in resources.items()}}
    return str(yaml.safe_dump(template, sort_keys=False))


def terraform_resources(folder: Path, text: str, name: str = "main.tf") -> dict[str, Resource]:
    """Write the Terraform snippet *text* as *folder*/*name* and build it: its resources by address.

    A snippet that does not build cleanly fails the test.
    """
    path = folder / name
    path.write_text(text, encoding="utf-8")
    built = TerraformFormat().build([SourceFile(str(path), text, str(folder))], BuildOptions())
    assert not built.errors, built.errors
    return {r.address: r for r in built.resources}
