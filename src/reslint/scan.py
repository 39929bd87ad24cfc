"""One run: select files, build the model with each input format, assign tiers, run the rules,
then apply suppressions and the baseline."""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reslint import __version__, suppress
from reslint.autofix.spec import settings_for
from reslint.baseline import BASELINE_VERSION, Baseline, Entry
from reslint.changed import affected
from reslint.checks.replicas import scaled_to_zero
from reslint.config import Config
from reslint.discovery import display_path, excluded, project_file, select
from reslint.errors import Problem
from reslint.fixes import render as render_fix
from reslint.formats import BuildOptions
from reslint.graph import annotate, assign_services
from reslint.model import ServiceSetting
from reslint.modelcache import build as build_model
from reslint.reporting import Finding, Report, unique_findings
from reslint.rule import Level
from reslint.selectors import choose, rule_named, vocabulary
from reslint.selectors import resolve as selectors_resolve
from reslint.suggest import hint
from reslint.tiers import TierSettings, assign_tiers

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from reslint.formats import SourceFile
    from reslint.kubernetes.rendering import Prepared
    from reslint.model import Resource
    from reslint.plugins import Registry
    from reslint.rule import Rule
    from reslint.tiers import TierPolicy


@dataclass(frozen=True)
class ScanOptions:
    """What the user asked for; command-line values already override the configuration's."""

    paths: tuple[str, ...] = (".",)
    excludes: tuple[str, ...] = ()
    default_tier: int = 1
    fail_tier: int = 1
    #: ``--changed``: the changed files (display paths). The paths are then the repository or
    #: configuration root, linted whole; the report keeps what the change touches (``changed.py``).
    changed: frozenset[str] | None = None
    build: BuildOptions = field(default_factory=BuildOptions)
    config: Config = field(default_factory=Config)
    #: ``--select``: replaces the configuration's ``rules.enable``; ``--ignore``: adds to ``rules.disable``.
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: The paths were named by the user (not the default ``.``): a folder among them holding no
    #: infrastructure file is then an error, since a CI job pointed at it would pass forever.
    named_paths: bool = False
    #: Accepted findings (``--baseline``); they are counted, not reported.
    baseline: Baseline | None = None
    #: The date suppressions expire against; a parameter so runs can be reproduced.
    today: date = field(default_factory=date.today)
    #: The name standard input is reported under (``--stdin-filename``); it also tells which chart
    #: or kustomization rendered output on standard input comes from.
    stdin_filename: str | None = None
    #: Values files for ``helm template`` (``--helm-values``).
    helm_values: tuple[str, ...] = ()
    #: Display path -> text read instead of the file's own (``reslint fix`` re-checks its edits
    #: before it writes them).
    texts: Mapping[str, str] = field(default_factory=dict)


def scan(options: ScanOptions, registry: Registry, stdin_text: str | None = None) -> Report:
    """Lint the selected files and return the sorted report."""
    config = options.config
    rules = _chosen_rules(options, registry)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    claimed, prepared, errors, notices = _read(options, registry, stdin_text)
    timings["read"] = time.perf_counter() - started
    resources: list[Resource] = []
    for fmt in registry.input_formats:
        if claimed[fmt.name]:
            started = time.perf_counter()
            built = build_model(fmt, claimed[fmt.name], options.build)
            timings[f"build:{fmt.name}"] = time.perf_counter() - started
            resources.extend(built.resources)
            errors.extend(built.errors)
            notices.extend(built.notices)
    started = time.perf_counter()
    _assign_tiers(resources, options, errors, notices)
    _assign_services(resources, config)
    annotate(resources)  # the service map's facts, which need the tiers, for the dependency rules
    errors.extend(suppress.attach(resources, [s for sources in claimed.values() for s in sources]))
    errors.extend(_check_suppressed_rules(resources, registry.rules))
    timings["tiers"] = time.perf_counter() - started
    started = time.perf_counter()
    findings, rule_errors = run_rules(resources, registry, options.fail_tier, config, rules)
    errors.extend(rule_errors)
    timings["rules"] = time.perf_counter() - started
    outcome = suppress.apply(findings, resources, options.today)
    # Rendered output: every location moves to the file a person edits.
    errors, notices = prepared.relocate(outcome, [*errors, *outcome.errors], notices)
    # Fingerprints spell the file relative to the repository root, once locations are final.
    kept = [dataclasses.replace(f, project_file=project_file(f.file)) for f in outcome.kept]
    findings, stale = _apply_baseline(kept, options.baseline)
    baselined = len(outcome.kept) - len(findings)
    suppressed, unused = outcome.suppressed, outcome.unused
    if options.changed is not None:
        touched = affected(resources, options.changed, config.source)
        changed = options.changed
        findings = [f for f in findings if f.file in changed or (f.file, f.address) in touched]
        errors = [e for e in errors if e.file in changed]
        notices = [n for n in notices if n.file in changed]
        suppressed = [s for s in suppressed if (s[0].file, s[0].address) in touched]
        unused = [u for u in unused if u.file in changed]
    if options.baseline is not None:
        unused += _stale_entries(options.baseline, stale, options.changed)
        if options.baseline.version < BASELINE_VERSION:
            notices.append(
                Problem(
                    display_path(Path(options.baseline.source)),
                    None,
                    f"baseline format version {options.baseline.version}: entries match by rule, "
                    "file and resource; rewrite it with --write-baseline",
                )
            )
    texts = {source.path: source.text for sources in claimed.values() for source in sources} | prepared.texts()
    return Report(
        version=__version__,
        fail_tier=options.fail_tier,
        files=sum(len(sources) for sources in claimed.values()),
        resources=len(resources),
        resources_by_format=dict(sorted(Counter(r.format.value for r in resources).items())),
        untiered_resources=sum(1 for r in resources if r.tier_source.startswith("default")),
        findings=findings,
        errors=_sorted(errors),
        skipped=_sorted(notices),
        rules=registry.rules,
        rules_run=len(rules),
        config_file=config.source if config.folder is not None else None,
        suppressed=sorted(suppressed, key=lambda pair: pair[0].sort_key()),
        unused_suppressions=_sorted(unused),
        baselined=baselined,
        timings=timings,
        snippets=_snippets(findings, texts),
        bytes_by_format={
            name: sum(len(s.text.encode()) for s in sources) for name, sources in claimed.items() if sources
        },
        inventory=resources,
    )


def _read(
    options: ScanOptions, registry: Registry, stdin_text: str | None
) -> tuple[dict[str, list[SourceFile]], Prepared, list[Problem], list[Problem]]:
    """The selected files (rendered where needed) by the input format that claims each, with errors and notices."""
    suffixes = tuple(sorted({suffix for fmt in registry.input_formats for suffix in fmt.suffixes}))
    config = options.config
    # A glob with a folder in it is relative to the configuration file, like tiers.paths; a bare
    # name ("vendor") matches at any depth wherever reslint runs.
    excludes = options.excludes + tuple(
        relative
        for glob in config.exclude
        for relative in (_relative_to(config.folder, (glob,)) if "/" in glob else (glob,))
    )
    selection = select(options.paths, excludes, stdin_text, suffixes=suffixes)
    if options.texts:
        selection.sources = [dataclasses.replace(s, text=options.texts.get(s.path, s.text)) for s in selection.sources]
    prepared = _render(selection.sources, options)
    errors, notices = [*selection.errors, *prepared.errors], list(prepared.notices)
    claimed: dict[str, list[SourceFile]] = {fmt.name: [] for fmt in registry.input_formats}
    for source in prepared.sources:
        owner = next((fmt for fmt in registry.input_formats if fmt.claims(source.path, source.text)), None)
        if owner is not None:
            claimed[owner.name].append(source)
    # A Kustomize folder that could not be rendered holds IaC too: its notice says what to do.
    found = [s.path for sources in claimed.values() for s in sources] + [p.file for p in prepared.notices]
    for path in _empty_paths(options, found):
        if options.named_paths and options.changed is None:
            errors.append(Problem(path, None, _NOTHING_FOUND + " (a CI job pointed here would always pass)"))
        else:
            notices.append(Problem(path, None, _NOTHING_FOUND))
    if options.changed is None:  # pre-commit hands over every YAML file: no notice for each
        named = {
            shown
            for p in options.paths
            if p != "-" and Path(p).is_file() and not excluded(shown := display_path(Path(p)), excludes)
        }
        notices += [
            Problem(path, None, "not a Terraform, CloudFormation or Kubernetes file: not linted")
            for path in sorted(named - set(found) - {e.file for e in errors})
        ]
    return claimed, prepared, errors, notices


def _apply_baseline(findings: list[Finding], baseline: Baseline | None) -> tuple[list[Finding], list[Entry]]:
    """The findings the baseline does not accept, and its entries that accept none."""
    if baseline is None:
        return findings, []
    kept, used = [], set()
    for finding in findings:
        entry = baseline.entry_for(finding)
        if entry is None:
            kept.append(finding)
        else:
            used.add(entry)
    return kept, [entry for entry in baseline.entries if entry not in used]


def _stale_entries(baseline: Baseline, stale: list[Entry], changed: frozenset[str] | None) -> list[Problem]:
    """Baseline entries that accept no finding, reported like unused suppressions (at the baseline file)."""
    if changed is not None:  # the hook speaks only of the changed files
        ours = changed | {project_file(path) for path in changed}
        stale = [entry for entry in stale if entry.file in ours]
    shown = display_path(Path(baseline.source))
    return [
        Problem(
            shown,
            None,
            f"baseline entry {e.rule} {e.resource} in {e.file} matches no finding "
            "(fixed? rewrite the baseline with --write-baseline)",
        )
        for e in stale
    ]


_NOTHING_FOUND = "no Terraform, CloudFormation or Kubernetes file found here"


def _chosen_rules(options: ScanOptions, registry: Registry) -> tuple[Rule, ...]:
    """The rules this run checks; unknown selectors and an empty choice are UsageErrors."""
    config = options.config
    where = f"{config.source}: " if config.source else ""
    enable, enable_origin = (options.select, "--select") if options.select else (config.enable, f"{where}rules.enable")
    for selectors, origin in (
        (config.enable, f"{where}rules.enable"),
        (config.disable, f"{where}rules.disable"),
        (options.ignore, "--ignore"),
    ):
        selectors_resolve(selectors, registry.rules, origin)
    return choose(
        registry.rules,
        enable,
        config.disable + options.ignore,
        (enable_origin, f"{where}rules.disable and --ignore" if options.ignore else f"{where}rules.disable"),
    )


def _render(sources: list[SourceFile], options: ScanOptions) -> Prepared:
    from reslint.kubernetes.rendering import prepare

    return prepare(sources, options.stdin_filename, options.helm_values)


def _empty_paths(options: ScanOptions, claimed: Sequence[str]) -> list[str]:
    """The folders named on the command line that hold no file an input format claimed."""
    empty = []
    for given in options.paths:
        path = Path(given)
        if given == "-" or not path.is_dir():
            continue
        shown = display_path(path)
        prefix = "" if shown == "." else shown.rstrip("/") + "/"
        if not any(file.startswith(prefix) for file in claimed):
            empty.append(shown)
    return empty


def _relative_to(folder: str | None, globs: tuple[str, ...]) -> tuple[str, ...]:
    """Path globs written relative to the configuration file's folder, as globs on display paths."""
    if folder is None or folder == ".":
        return globs
    return tuple(f"{folder}/{glob}" for glob in globs)


def _check_suppressed_rules(resources: Sequence[Resource], rules: Sequence[Rule]) -> list[Problem]:
    """Suppressions must name rules that exist; ids, names and aliases become the current id.

    An unknown id is an error with a suggestion (it would otherwise suppress nothing and surface
    only as "matches no finding"); it is dropped from the suppression.
    """
    problems = []
    words = vocabulary(rules)
    for resource in resources:
        kept = []
        for suppression in resource.suppressions:
            ids = []
            for name in suppression.rules:
                rule = rule_named(rules, name)
                if rule is None:
                    problems.append(
                        Problem(
                            suppression.file,
                            suppression.line,
                            f"reslint:ignore names unknown rule {name!r}{hint(name, words)}",
                        )
                    )
                elif rule.meta.id not in ids:
                    ids.append(rule.meta.id)
            if ids:
                kept.append(dataclasses.replace(suppression, rules=tuple(ids)))
        resource.suppressions[:] = kept
    return problems


def _assign_tiers(
    resources: Sequence[Resource], options: ScanOptions, errors: list[Problem], notices: list[Problem]
) -> None:
    """Set every resource's tier; add errors for tier tags that name no tier, notices for unknown
    ones and for workloads scaled to zero (they serve nothing, whatever their tier)."""
    config = options.config
    settings = TierSettings(
        keys=config.tier_keys,
        values=config.tier_values,
        patterns=tuple((p.tier, _relative_to(config.folder, p.paths), p.resources) for p in config.tier_patterns),
        default=options.default_tier,
    )
    for problem in assign_tiers(resources, settings):
        # An unknown value is no mistake of the user's: the tier comes from the next source.
        (notices if problem.unknown else errors).append(
            Problem(problem.resource.file, problem.resource.line, problem.message(bool(config.tier_values)))
        )
    notices.extend(scaled_to_zero(resources))


def _assign_services(resources: Sequence[Resource], config: Config) -> None:
    """The configuration's ``services:`` entries, path globs relative to its folder."""
    assign_services(
        resources,
        [
            (ServiceSetting(p.name, p.rto_minutes, p.rpo_minutes), _relative_to(config.folder, p.paths), p.resources)
            for p in config.service_patterns
        ],
    )


def _snippets(findings: Sequence[Finding], texts: dict[str, str]) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = {}
    for finding in findings:
        wanted.setdefault(finding.file, set()).add(finding.line)
    snippets = {}
    for file, lines in wanted.items():
        source = texts.get(file, "").splitlines()
        snippets.update({(file, n): source[n - 1].rstrip() for n in lines if 0 < n <= len(source)})
    return snippets


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))


def blocks(tier: int, level: Level, fail_tier: int) -> bool:
    """Whether a finding fails the run: ``error``/``warning`` at a tier up to *fail_tier*;
    ``--fail-tier 3`` is the zero-gap gate where every finding blocks, notes included (without
    that, 3 would mean the same as 2, since tier-3 findings are notes)."""
    if fail_tier >= TIER_EVERYTHING_BLOCKS:
        return True
    return tier <= fail_tier and level is not Level.NOTE


#: The ``--fail-tier`` at which notes block too.
TIER_EVERYTHING_BLOCKS = 3


def run_rules(
    resources: Sequence[Resource],
    registry: Registry,
    fail_tier: int,
    config: Config | None = None,
    rules: Sequence[Rule] | None = None,
) -> tuple[list[Finding], list[Problem]]:
    """Every selected rule on every resource of a role it inspects, as sorted findings.

    A rule that raises is reported as an error naming it and the resource (the run then exits 2,
    since its results are incomplete); the other rules still run.
    """
    config = config or Config()
    rules = registry.rules if rules is None else rules
    findings: list[Finding] = []
    errors: list[Problem] = []
    for resource in resources:
        tier = resource.tier if resource.tier is not None else 1
        policy: TierPolicy = config.policies[tier]
        for rule in rules:
            if resource.role not in rule.roles:
                continue
            level = rule.meta.level_for(tier)
            try:
                violations = list(rule.check(resource, policy))
            except Exception as exc:  # a plugin's bug must not hide every other finding
                errors.append(
                    Problem(
                        resource.file,
                        resource.line,
                        f"rule {rule.meta.id} failed on {resource.address}: {type(exc).__name__}: {exc}",
                    )
                )
                continue
            for violation in violations:
                fix = (
                    render_fix(template, policy)
                    if (template := violation.fix or resource.facts.fixes.get(rule.meta.id))
                    else None
                )
                findings.append(
                    Finding(
                        rule=rule.meta.id,
                        category=rule.meta.category,
                        level=level.value,
                        tier=tier,
                        tier_source=resource.tier_source,
                        blocking=blocks(tier, level, fail_tier),
                        message=violation.message,
                        evidence=violation.evidence,
                        evidence_origin=violation.evidence_origin,
                        remediation=rule.meta.remediation,
                        file=resource.file,
                        line=violation.line or resource.line,
                        address=resource.address,
                        type=resource.type,
                        format=resource.format.value,
                        fix=fix,
                        subject=violation.subject or "",
                        rule_key=rule.meta.first_id,
                        fixable=settings_for(resource, rule.meta.id, fix, policy) is not None,
                    )
                )
    return unique_findings(findings), errors
