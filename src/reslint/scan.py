"""One run, as named phases (``PHASES``): select files, claim them per input format, build the
model, assign tiers, link services, attach suppressions, run the rules, apply suppressions, the
baseline and ``--changed``, then build the report. Each phase is a function with its own test
(``tests/test_phases.py``) and its own entry in ``Report.timings``."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reslint import __version__, suppress
from reslint.autofix.spec import fixable
from reslint.baseline import BASELINE_VERSION, Baseline, Entry
from reslint.changed import affected
from reslint.checks.replicas import scaled_to_zero
from reslint.config import Config
from reslint.discovery import display_path, excluded, project_file, select
from reslint.errors import Problem
from reslint.fixes import render as render_fix
from reslint.formats import BuildOptions, ModelBuild
from reslint.graph import annotate, assign_services
from reslint.model import ServiceSetting
from reslint.modelcache import build as cached_build
from reslint.reporting import Finding, Report, unique_findings
from reslint.rule import Level
from reslint.selectors import choose, rule_named, vocabulary
from reslint.selectors import resolve as selectors_resolve
from reslint.suggest import hint
from reslint.tiers import TierSettings, assign_tiers

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from reslint.formats import InputFormat, SourceFile
    from reslint.kubernetes.rendering import Prepared
    from reslint.model import Resource, Suppression
    from reslint.plugins import Registry
    from reslint.rule import Rule
    from reslint.tiers import TierPolicy, Tiers


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


#: The phases of a scan, in order: each is a function below and a key of ``Report.timings`` (the
#: build phase is timed per input format, ``build:<format>``). docs/architecture.md draws them.
PHASES = (
    "select",
    "claim",
    "build",
    "tiers",
    "services",
    "attach",
    "rules",
    "suppress",
    "baseline",
    "changed",
    "report",
)


@dataclass
class Run:
    """One scan's clock: every phase runs inside ``run.phase(name)`` and adds its seconds."""

    timings: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started


@dataclass
class Claimed:
    """The ``claim`` phase's result: the selected sources by the input format that reads each."""

    by_format: dict[str, list[SourceFile]]
    prepared: Prepared
    errors: list[Problem]
    notices: list[Problem]

    @property
    def sources(self) -> list[SourceFile]:
        """Every claimed source, format by format."""
        return [source for sources in self.by_format.values() for source in sources]


@dataclass
class Outcome:
    """The findings on their way to the report, with what the later phases drop or add."""

    findings: list[Finding]
    errors: list[Problem]
    notices: list[Problem]
    suppressed: list[tuple[Finding, Suppression]] = field(default_factory=list)
    unused: list[Problem] = field(default_factory=list)
    #: Findings the baseline accepted (counted, not reported).
    baselined: int = 0
    #: What the baseline itself says: entries that accept no finding (reported with the unused
    #: suppressions) and a notice about an old format. ``--changed`` keeps them as they are.
    stale_entries: list[Problem] = field(default_factory=list)
    baseline_notices: list[Problem] = field(default_factory=list)


def scan(options: ScanOptions, registry: Registry, stdin_text: str | None = None) -> Report:
    """Lint the selected files and return the sorted report: the phases of ``PHASES``, in order."""
    run = Run()
    rules = _chosen_rules(options, registry)
    with run.phase("select"):
        prepared = select_sources(options, registry, stdin_text)
    with run.phase("claim"):
        claimed = claim_sources(prepared, options, registry.input_formats)
    model = build_model(claimed, registry.input_formats, options.build, run)
    resources = model.resources
    errors, notices = [*claimed.errors, *model.errors], [*claimed.notices, *model.notices]
    with run.phase("tiers"):
        tiers, tier_errors, tier_notices = assign_resource_tiers(resources, options)
    with run.phase("services"):
        link_services(resources, tiers, options.config)
    with run.phase("attach"):
        attach_errors = attach_suppressions(resources, claimed.sources, registry.rules)
    with run.phase("rules"):
        findings, rule_errors = run_rules(
            resources, tiers, registry, options.fail_tier, config=options.config, rules=rules
        )
    outcome = Outcome(findings, [*errors, *tier_errors, *attach_errors, *rule_errors], [*notices, *tier_notices])
    with run.phase("suppress"):
        outcome = apply_suppressions(outcome, resources, options.today, prepared)
    with run.phase("baseline"):
        outcome = apply_baseline(outcome, options.baseline, options.changed)
    if options.changed is not None:
        with run.phase("changed"):
            outcome = filter_changed(outcome, resources, tiers, options.changed, options.config.source)
    with run.phase("report"):
        # The report holds the run's own timings dict, so the "report" phase is in it too.
        return make_report(
            outcome,
            claimed,
            resources,
            tiers,
            options=options,
            registry=registry,
            rules=rules,
            timings=run.timings,
        )


def select_sources(options: ScanOptions, registry: Registry, stdin_text: str | None) -> Prepared:
    """Phase ``select``: the files under the paths that some input format may read, minus the
    excludes, read once (``ScanOptions.texts`` instead where given), Kustomize folders and Helm
    charts rendered; unreadable files are the result's errors."""
    suffixes = tuple(sorted({suffix for fmt in registry.input_formats for suffix in fmt.suffixes}))
    selection = select(options.paths, _excludes(options), stdin_text, suffixes=suffixes)
    if options.texts:
        selection.sources = [dataclasses.replace(s, text=options.texts.get(s.path, s.text)) for s in selection.sources]
    prepared = _render(selection.sources, options)
    prepared.errors[:0] = selection.errors
    return prepared


def claim_sources(prepared: Prepared, options: ScanOptions, formats: Sequence[InputFormat]) -> Claimed:
    """Phase ``claim``: each source goes to the first input format (by priority) that claims it;
    a named folder with nothing claimed is an error (a notice for the default ``.``), a named file
    no format reads a notice."""
    errors, notices = list(prepared.errors), list(prepared.notices)
    claimed: dict[str, list[SourceFile]] = {fmt.name: [] for fmt in formats}
    for source in prepared.sources:
        owner = next((fmt for fmt in formats if fmt.claims(source.path, source.text)), None)
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
        excludes = _excludes(options)
        named = {
            shown
            for p in options.paths
            if p != "-" and Path(p).is_file() and not excluded(shown := display_path(Path(p)), excludes)
        }
        notices += [
            Problem(path, None, "not a Terraform, CloudFormation or Kubernetes file: not linted")
            for path in sorted(named - set(found) - {e.file for e in errors})
        ]
    return Claimed(claimed, prepared, errors, notices)


def build_model(claimed: Claimed, formats: Sequence[InputFormat], options: BuildOptions, run: Run) -> ModelBuild:
    """Phase ``build`` (timed per format, ``build:<format>``): every format builds the resources of
    the files it claimed, through the cache of whole builds (``modelcache``). Its result is the
    normalized model before tiers; workloads scaled to zero are its notices."""
    model = ModelBuild()
    for fmt in formats:
        if claimed.by_format[fmt.name]:
            with run.phase(f"build:{fmt.name}"):
                built = cached_build(fmt, claimed.by_format[fmt.name], options)
            model.resources.extend(built.resources)
            model.errors.extend(built.errors)
            model.notices.extend(built.notices)
    model.notices.extend(scaled_to_zero(model.resources))
    return model


def assign_resource_tiers(
    resources: Sequence[Resource], options: ScanOptions
) -> tuple[Tiers, list[Problem], list[Problem]]:
    """Phase ``tiers``: every resource's tier, returned (the resources are not changed); errors for
    tier tags that name no tier, notices for those whose value cannot be known statically (the tier
    then comes from the next source)."""
    config = options.config
    settings = TierSettings(
        keys=config.tier_keys,
        values=config.tier_values,
        patterns=tuple((p.tier, _relative_to(config.folder, p.paths), p.resources) for p in config.tier_patterns),
        default=options.default_tier,
    )
    errors: list[Problem] = []
    notices: list[Problem] = []
    tiers, problems = assign_tiers(resources, settings)
    for problem in problems:
        # An unknown value is no mistake of the user's: the tier comes from the next source.
        message = problem.message(tiers[problem.resource], named=bool(config.tier_values))
        (notices if problem.unknown else errors).append(Problem(problem.resource.file, problem.resource.line, message))
    return tiers, errors, notices


def link_services(resources: Sequence[Resource], tiers: Tiers, config: Config) -> None:
    """Phase ``services``: the configuration's ``services:`` entries (path globs relative to its
    folder), then the service map's facts, which need the tiers, for the dependency rules."""
    assign_services(
        resources,
        [
            (ServiceSetting(p.name, p.rto_minutes, p.rpo_minutes), _relative_to(config.folder, p.paths), p.resources)
            for p in config.service_patterns
        ],
    )
    annotate(resources, tiers)


def attach_suppressions(
    resources: Sequence[Resource], sources: Sequence[SourceFile], rules: Sequence[Rule]
) -> list[Problem]:
    """Phase ``attach``: comment and tag suppressions go to their resources, each naming rules by
    their current id; malformed ones and unknown rule names are errors."""
    return [*suppress.attach(resources, sources), *_check_suppressed_rules(resources, rules)]


def apply_suppressions(outcome: Outcome, resources: Sequence[Resource], today: date, prepared: Prepared) -> Outcome:
    """Phase ``suppress``: findings a live suppression accepts leave the findings; expired and
    unused suppressions are reported. Then every location moves from rendered output (Kustomize,
    Helm, standard input) to the file a person edits."""
    applied = suppress.apply(outcome.findings, resources, today)
    errors, notices = prepared.relocate(applied, [*outcome.errors, *applied.errors], outcome.notices)
    return Outcome(applied.kept, errors, notices, applied.suppressed, applied.unused)


def apply_baseline(outcome: Outcome, baseline: Baseline | None, changed: frozenset[str] | None) -> Outcome:
    """Phase ``baseline``: fingerprints spell each file relative to the repository root (locations
    are final now); findings the baseline accepts are counted, not reported; its entries that
    accept nothing are reported like unused suppressions, and an old baseline format is a notice."""
    findings = [dataclasses.replace(f, project_file=project_file(f.file)) for f in outcome.findings]
    if baseline is None:
        return dataclasses.replace(outcome, findings=findings)
    kept, used = [], set()
    for finding in findings:
        entry = baseline.entry_for(finding)
        if entry is None:
            kept.append(finding)
        else:
            used.add(entry)
    stale = [entry for entry in baseline.entries if entry not in used]
    notices = []
    if baseline.version < BASELINE_VERSION:
        notices.append(
            Problem(
                display_path(Path(baseline.source)),
                None,
                f"baseline format version {baseline.version}: entries match by rule, "
                "file and resource; rewrite it with --write-baseline",
            )
        )
    return dataclasses.replace(
        outcome,
        findings=kept,
        baselined=len(findings) - len(kept),
        stale_entries=_stale_entries(baseline, stale, changed),
        baseline_notices=notices,
    )


def filter_changed(
    outcome: Outcome, resources: Sequence[Resource], tiers: Tiers, changed: frozenset[str], config_file: str | None
) -> Outcome:
    """Phase ``changed`` (``--changed`` only): keep what is in the changed files and the findings on
    resources the change can affect (``changed.affected``); the baseline's own problems stay, as
    ``apply_baseline`` narrowed its stale entries to the changed files already."""
    touched = affected(resources, tiers, changed, config_file)
    return dataclasses.replace(
        outcome,
        findings=[f for f in outcome.findings if f.file in changed or (f.file, f.address) in touched],
        errors=[e for e in outcome.errors if e.file in changed],
        notices=[n for n in outcome.notices if n.file in changed],
        suppressed=[s for s in outcome.suppressed if (s[0].file, s[0].address) in touched],
        unused=[u for u in outcome.unused if u.file in changed],
    )


def make_report(
    outcome: Outcome,
    claimed: Claimed,
    resources: Sequence[Resource],
    tiers: Tiers,
    *,
    options: ScanOptions,
    registry: Registry,
    rules: Sequence[Rule],
    timings: dict[str, float],
) -> Report:
    """Phase ``report``: the sorted report, counts and the quoted source lines; data only (how it
    is shown is the reporters' ``RenderOptions``)."""
    config = options.config
    texts = {source.path: source.text for source in claimed.sources} | claimed.prepared.texts()
    return Report(
        version=__version__,
        fail_tier=options.fail_tier,
        files=len(claimed.sources),
        resources=len(resources),
        resources_by_format=dict(sorted(Counter(r.format.value for r in resources).items())),
        untiered_resources=sum(1 for r in resources if tiers[r].is_default),
        findings=outcome.findings,
        errors=_sorted(outcome.errors),
        skipped=_sorted([*outcome.notices, *outcome.baseline_notices]),
        rules=registry.rules,
        rules_run=len(rules),
        config_file=config.source if config.folder is not None else None,
        suppressed=sorted(outcome.suppressed, key=lambda pair: pair[0].sort_key()),
        unused_suppressions=_sorted([*outcome.unused, *outcome.stale_entries]),
        baselined=outcome.baselined,
        timings=timings,
        snippets=_snippets(outcome.findings, texts),
        bytes_by_format={
            name: sum(len(s.text.encode()) for s in sources) for name, sources in claimed.by_format.items() if sources
        },
        inventory=list(resources),
        tiers=tiers,
    )


def _excludes(options: ScanOptions) -> tuple[str, ...]:
    """``--exclude`` and the configuration's ``exclude``: a glob with a folder in it is relative to
    the configuration file, like tiers.paths; a bare name ("vendor") matches at any depth."""
    config = options.config
    return options.excludes + tuple(
        relative
        for glob in config.exclude
        for relative in (_relative_to(config.folder, (glob,)) if "/" in glob else (glob,))
    )


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
    tiers: Tiers,
    registry: Registry,
    fail_tier: int,
    *,
    config: Config | None = None,
    rules: Sequence[Rule] | None = None,
) -> tuple[list[Finding], list[Problem]]:
    """Every selected rule on every resource of a role it inspects, as sorted findings; a check
    gets the ``TierPolicy`` of the resource's tier in *tiers*.

    A rule that raises is reported as an error naming it and the resource (the run then exits 2,
    since its results are incomplete); the other rules still run.
    """
    config = config or Config()
    rules = registry.rules if rules is None else rules
    findings: list[Finding] = []
    errors: list[Problem] = []
    for resource in resources:
        assigned = tiers[resource]
        tier = assigned.tier
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
                        tier_source=assigned.source,
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
                        fixable=fixable(resource, rule.meta.id, fix, policy),
                        roots=resource.context[:1],
                    )
                )
    return unique_findings(findings), errors
