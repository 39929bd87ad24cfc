"""The report: findings, errors and summary every output format renders."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from reslint.errors import Problem
    from reslint.model import Resource, Suppression
    from reslint.rule import Rule
    from reslint.tiers import Tiers


@dataclass(frozen=True)
class Finding:
    """One rule violated by one resource."""

    rule: str
    category: str
    level: str
    tier: int
    tier_source: str
    blocking: bool
    message: str
    evidence: str | None
    remediation: str
    file: str
    line: int
    address: str
    type: str
    format: str
    #: How to fix it on this resource, in its format's spelling (``set `MultiAZ: true```); None when
    #: its kind has no specific fix, and then ``remediation`` (the rule's general text) is all there is.
    fix: str | None = None

    #: The member of the resource it is about ("container 'api'"), or "" for the whole resource.
    subject: str = ""
    #: The file as the fingerprint spells it: relative to the repository root, so runs started
    #: from any folder agree ("" means ``file``).
    project_file: str = ""
    #: The rule as the fingerprint spells it: its first id, which renames keep as an alias ("" means ``rule``).
    rule_key: str = ""
    #: ``reslint fix`` has a mechanical edit for it: the kind's fix sets settings to values
    #: (``autofix/spec.py``); the edit may still be refused where the value comes from a variable.
    fixable: bool = False
    #: Where the value the evidence quotes is set, when the evaluator followed it from a variable or
    #: parameter (``terraform.tfvars:4 via module.db``); None when it is written where it is quoted.
    evidence_origin: str | None = None
    #: The Terraform root modules whose instance of the resource has the finding, when a module
    #: file is used by several (``Resource.context[0]``): the service map puts the finding on those
    #: instances only. Not part of the report's contract.
    roots: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        """Identifies the finding across runs: the rule, the file, the resource and the member it
        is about. Line numbers and the message (with its numbers) are left out, so the finding
        keeps its identity through edits above it and through improvements that do not fix it."""
        import hashlib

        key = "\x1f".join((self.rule_key or self.rule, self.project_file or self.file, self.address, self.subject))
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """Findings are ordered by file, line, rule, then resource and message."""
        return (self.file, self.line, self.rule, self.address, self.message)


@dataclass
class Report:
    """Everything one run found, already sorted: data only. Reporters render it, with the reader's
    ``RenderOptions``."""

    version: str
    fail_tier: int
    files: int
    resources: int
    resources_by_format: dict[str, int]
    untiered_resources: int
    findings: list[Finding]
    errors: list[Problem]
    skipped: list[Problem]
    rules: Sequence[Rule] = field(default_factory=tuple)
    #: How many of ``rules`` ran (``rules.enable``/``disable``, ``--select``/``--ignore``).
    rules_run: int = 0
    #: The configuration file used, as a display path; None when none was.
    config_file: str | None = None
    #: Findings a suppression accepted, with it (listed by ``--show-suppressed``).
    suppressed: list[tuple[Finding, Suppression]] = field(default_factory=list)
    #: Suppressions that matched nothing or have expired.
    unused_suppressions: list[Problem] = field(default_factory=list)
    #: Findings left out because the baseline records them.
    baselined: int = 0
    #: Seconds spent per phase ("read", "build:<format>", "tiers", "rules", ...); never rendered,
    #: since output must not change from run to run. The benchmark reads it.
    timings: dict[str, float] = field(default_factory=dict)
    #: Bytes read per input format.
    bytes_by_format: dict[str, int] = field(default_factory=dict)
    #: The source line each finding points at, keyed by (file, line), for reports that quote it.
    snippets: dict[tuple[str, int], str] = field(default_factory=dict)
    #: Per finding fingerprint, the edits ``reslint fix`` would make for it, checked like ``fix``
    #: checks them: ``(file, start line, start column, end line, end column, new text)``, lines and
    #: columns from 1, the end exclusive. Filled only for reports that carry fixes (SARIF).
    fix_edits: dict[str, tuple[tuple[str, int, int, int, int, str], ...]] = field(default_factory=dict)
    #: Every resource of the run with its facts, and its tier, for the service map (``reslint graph``).
    inventory: Sequence[Resource] = ()
    tiers: Tiers = field(default_factory=dict)

    @property
    def blocking(self) -> list[Finding]:
        """The findings that fail the run."""
        return [f for f in self.findings if f.blocking]

    def blocking_by_tier(self) -> dict[int, int]:
        """How many blocking findings each tier has."""
        counts: dict[int, int] = {}
        for finding in self.blocking:
            counts[finding.tier] = counts.get(finding.tier, 0) + 1
        return dict(sorted(counts.items()))

    def exit_code(self) -> int:
        """2 when a selected file could not be parsed, 1 on a blocking finding, else 0."""
        if self.errors:
            return 2
        return 1 if self.blocking else 0


@dataclass(frozen=True)
class RenderOptions:
    """How the reader wants a report shown: command-line choices the report itself does not hold
    (it is data only, the same whichever way it is shown). A reporter uses those it has a use for."""

    #: ANSI colours (a terminal that wants them; never in a file).
    color: bool = False
    #: Show only what blocks, without detail lines (``--quiet``).
    quiet: bool = False
    #: List the suppressed findings, which are always counted (``--show-suppressed``).
    show_suppressed: bool = False
    #: Text reports: every finding's fix, not only the first per rule and resource kind (``--show-fixes``).
    show_fixes: bool = False
    #: Text reports: counts per rule instead of the findings (``--statistics``).
    statistics: bool = False
    #: Where locations link to in the Markdown report (``--link-base``), e.g.
    #: ``https://github.com/org/repo/blob/<sha>/``; None leaves them unlinked.
    link_base: str | None = None


class Reporter(Protocol):
    """Renders a report; ``name`` is the ``--format`` value that selects it."""

    name: str
    description: str

    def render(self, report: Report, options: RenderOptions) -> str:
        """The whole output as text."""
        ...


def merge_reports(reports: Sequence[Report]) -> Report:
    """One report from scans of disjoint groups of files (``--changed`` under several configurations).

    Counts add up; lists are joined and re-sorted; a finding two scans both report (a resource
    linted under two roots) is kept once, from the first scan.
    """
    if len(reports) == 1:
        return reports[0]
    first = reports[0]
    findings: dict[tuple[str, int], Finding] = {}
    for report in reports:
        for finding in report.findings:
            findings.setdefault((finding.fingerprint, finding.line), finding)

    def add(name: str) -> dict[str, int]:
        total: dict[str, int] = {}
        for report in reports:
            for key, count in getattr(report, name).items():
                total[key] = total.get(key, 0) + count
        return dict(sorted(total.items()))

    def problems(name: str) -> list[Problem]:
        joined = {(p.file, p.line or 0, p.message): p for report in reports for p in getattr(report, name)}
        return [joined[key] for key in sorted(joined)]

    configs = sorted({report.config_file for report in reports if report.config_file})
    return Report(
        inventory=[resource for report in reports for resource in report.inventory],
        tiers={resource: tier for report in reports for resource, tier in report.tiers.items()},
        version=first.version,
        fail_tier=max(report.fail_tier for report in reports),
        files=sum(report.files for report in reports),
        resources=sum(report.resources for report in reports),
        resources_by_format=add("resources_by_format"),
        untiered_resources=sum(report.untiered_resources for report in reports),
        findings=sorted(findings.values(), key=Finding.sort_key),
        errors=problems("errors"),
        skipped=problems("skipped"),
        rules=first.rules,
        rules_run=max(report.rules_run for report in reports),
        config_file=", ".join(configs) or None,
        suppressed=sorted(
            (pair for report in reports for pair in report.suppressed), key=lambda pair: pair[0].sort_key()
        ),
        unused_suppressions=problems("unused_suppressions"),
        baselined=sum(report.baselined for report in reports),
        bytes_by_format=add("bytes_by_format"),
        snippets={key: text for report in reports for key, text in report.snippets.items()},
    )


def unique_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sorted, each finding once: several root modules instantiating one module, or two rendered
    objects from one template, give the same finding at the same place."""
    unique: dict[tuple[object, ...], Finding] = {}
    for finding in findings:
        key = (finding.sort_key(), finding.evidence, finding.level, finding.tier)
        seen = unique.get(key)
        # The same finding from several roots is one finding that each of their instances has.
        roots = tuple(sorted({*seen.roots, *finding.roots})) if seen is not None else finding.roots
        unique[key] = replace(finding, roots=roots) if roots != finding.roots else finding
    return sorted(unique.values(), key=Finding.sort_key)


@dataclass
class SuppressionOutcome:
    """Findings split into kept and suppressed, plus the problems the suppressions themselves have."""

    kept: list[Finding] = field(default_factory=list)
    suppressed: list[tuple[Finding, Suppression]] = field(default_factory=list)
    unused: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
