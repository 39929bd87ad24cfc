"""The built-in plugin: reslint's own rules, input formats and report formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.hookspecs import hookimpl

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from reslint.formats import InputFormat
    from reslint.reporting import Reporter
    from reslint.rule import Rule


@hookimpl
def reslint_rules() -> Sequence[Rule]:
    """The built-in catalog (``rules/`` in the source tree) paired with the built-in checks."""
    from reslint.checks import all_checks
    from reslint.rule import builtin_catalog_dir, load_catalog, rules_from

    return rules_from(load_catalog(builtin_catalog_dir()), all_checks())


@hookimpl
def reslint_input_formats() -> Sequence[InputFormat]:
    """Kubernetes manifests, Terraform configurations and plans, CloudFormation templates."""
    from reslint.cloudformation.format import CloudFormationFormat
    from reslint.kubernetes import KubernetesFormat
    from reslint.terraform.format import TerraformFormat

    return [CloudFormationFormat(), KubernetesFormat(), TerraformFormat()]


@hookimpl
def reslint_reporters() -> Sequence[Reporter]:
    """Text for people, JSON for scripts, and the formats CI systems and code review read."""
    from reslint.reporters.github import GithubReporter
    from reslint.reporters.gitlab import GitlabReporter
    from reslint.reporters.json import JsonReporter
    from reslint.reporters.junit import JunitReporter
    from reslint.reporters.markdown import MarkdownReporter
    from reslint.reporters.sarif import SarifReporter
    from reslint.reporters.text import ConciseReporter, TextReporter

    return [
        TextReporter(),
        ConciseReporter(),
        JsonReporter(),
        SarifReporter(),
        JunitReporter(),
        GithubReporter(),
        GitlabReporter(),
        MarkdownReporter(),
    ]


@hookimpl
def reslint_categories() -> Mapping[str, str]:
    """reslint's own rule families."""
    from reslint.rule import FAMILIES

    return FAMILIES
