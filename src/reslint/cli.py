"""The command line: ``reslint check``, ``reslint rules``, ``reslint explain``.

This is the only module that reads arguments, prints or chooses an exit code. Imports of the
engine happen inside the commands so that ``reslint --version`` starts instantly.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reslint import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from reslint.autofix import Plan
    from reslint.plugins import Registry
    from reslint.reporting import Report, Reporter

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
GRAPH_FORMATS = ("json", "mermaid", "dot", "html")
#: check's options about the report rather than the model: graph has its own or none.
_REPORT_ONLY = frozenset(
    {
        "help",
        "format",
        "output",
        "quiet",
        "no_color",
        "show_suppressed",
        "show_fixes",
        "statistics",
        "write_baseline",
        "link_base",
    }
)

#: Every exit code and every cause of 2; README.md and docs/ci.md carry the same list (a test checks).
EXIT_CODES = """\
exit codes:
  0  nothing blocking
  1  a blocking finding: level error or warning at a tier <= --fail-tier
     (--fail-tier 3: any finding)
  2  an error, whatever the findings (reports are still written):
     - usage: no command, an unknown flag, command or format, a bad flag value
     - configuration: an invalid or unreadable file, .reslint.yaml beside
       .reslint.yml, paths governed by different configuration files
     - rule selection: an unknown rule id, name or category (rules.enable,
       rules.disable, --select, --ignore, suppressions, explain), or a
       selection that leaves no rule to run
     - input: a path that does not exist, a selected file that cannot be read
       or parsed, a named folder with no Terraform, CloudFormation or
       Kubernetes file, a --cfn-params or --cfn-tags file that cannot be
       read, a tier value that is not a tier (an unknown one is a notice)
     - suppressions: one without a reason, with an invalid until= date, or
       not next to a resource
     - baseline: a --baseline file that cannot be read, or of an unknown version
     - a rule that failed on a resource, a plugin that cannot be loaded
  3  an internal error (a bug: please report it)
--write-baseline prints one line; it exits 0 once the file is written, or 2 on
an error above (the file is still written, without the findings of files in
error).
"""


FIX_EXIT_CODES = """\
exit codes:
  0  nothing to fix, or --write made every fix it shows
  1  fixes shown as a diff (nothing written)
  2  an error, as for check (fixes of the other files are still shown or written)
  3  an internal error (a bug: please report it)
"""


def _tier(value: str) -> int:
    if value.strip() not in ("1", "2", "3"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a tier: use 1, 2 or 3")
    return int(value)


def _fail_tier(value: str) -> int:
    if value.strip() not in ("0", "1", "2", "3"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a tier: use 0 (never fail), 1, 2 or 3")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="reslint",
        description="Find resilience gaps (single zones, missing replicas, health checks, "
        "certificates, backups) in infrastructure as code.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reslint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="lint files and folders", epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    check.add_argument(
        "paths",
        nargs="*",
        default=[],
        metavar="PATH",
        help="files or folders to lint, '-' for standard input (default: .)",
    )
    check.add_argument(
        "--format",
        action="append",
        default=[],
        metavar="NAME[:FILE]",
        help="report format (text, json, ...; `reslint formats` lists them), optionally "
        "written to FILE; repeat for several reports (default: text)",
    )
    check.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the report of a --format given without FILE to FILE instead of stdout",
    )
    check.add_argument(
        "--default-tier",
        type=_tier,
        metavar="N",
        help="tier of resources without a reslint.io/tier label or tag (default: 1)",
    )
    check.add_argument(
        "--fail-tier",
        type=_fail_tier,
        metavar="N",
        help="exit 1 on error and warning findings at tier N or stricter, N from 0 to 3: "
        "0 never fails; 3 fails on every finding, notes included "
        "(default: fail_tier of the configuration, else 1)",
    )
    check.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (default: the nearest .reslint.yaml, .reslint.yml or "
        "[tool.reslint] in pyproject.toml from the PATHs upward to the repository root)",
    )
    check.add_argument("--no-config", action="store_true", help="ignore configuration files")
    check.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULES",
        help="run only these rules: ids, id prefixes (RSL2), names, categories or ALL, "
        "comma-separated; replaces rules.enable of the configuration; repeatable",
    )
    check.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULES",
        help="never run these rules (same forms as --select); adds to rules.disable; repeatable",
    )
    check.add_argument("--show-suppressed", action="store_true", help="also list findings that suppressions accept")
    check.add_argument("--baseline", metavar="FILE", help="report only findings the baseline FILE does not record")
    check.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record the current findings in FILE for later --baseline runs; prints one line "
        "instead of the report; exit 0, or 2 on an error (the file is still written)",
    )
    check.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip paths matching GLOB (a path, folder or file name); repeatable",
    )
    check.add_argument(
        "--var-file",
        action="append",
        default=[],
        metavar="FILE",
        help="Terraform variable definitions file, as terraform -var-file; repeatable",
    )
    check.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Terraform variable, as terraform -var; repeatable",
    )
    check.add_argument(
        "--cfn-params",
        action="append",
        default=[],
        metavar="FILE",
        help='CloudFormation parameters file ([{ParameterKey, ParameterValue}] or {"Parameters": {...}}); repeatable',
    )
    check.add_argument(
        "--cfn-param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a CloudFormation parameter value; repeatable",
    )
    check.add_argument(
        "--link-base",
        metavar="URL",
        help="markdown format: link each file:line to URL + path + #Lline, e.g. https://github.com/ORG/REPO/blob/SHA/",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="report standard input ('-') as NAME; for rendered output name the chart or "
        "kustomization folder, so findings point at its templates, bases and patches",
    )
    check.add_argument(
        "--helm-values",
        action="append",
        default=[],
        metavar="FILE",
        help="values file for `helm template` when a chart folder is rendered; repeatable",
    )
    check.add_argument(
        "--cfn-tag",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a CloudFormation stack tag, as `aws cloudformation deploy --tags`; every "
        "resource without a tag of that key inherits it (a tier: reslint.io/tier=1); repeatable",
    )
    check.add_argument(
        "--cfn-tags",
        action="append",
        default=[],
        metavar="FILE",
        help='CloudFormation stack tags file ([{Key, Value}], {"Tags": {...}} or '
        "{key: value}); the Tags of a --cfn-params file count too; repeatable",
    )
    check.add_argument(
        "--changed",
        action="store_true",
        help="PATHs are changed files (as pre-commit passes them): lint each one's whole "
        "folder, report findings in these files only",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache (parsed files, evaluated modules and templates)",
    )
    check.add_argument("--no-color", action="store_true", help="never colour the text report")
    check.add_argument(
        "--quiet", "-q", action="store_true", help="text report: only blocking findings, errors and the summary line"
    )
    check.add_argument(
        "--show-fixes",
        action="store_true",
        help="text report: show the fix of every finding, not only the first per rule and resource type",
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="text and concise reports: count findings per rule instead of listing them",
    )

    graph = commands.add_parser(
        "graph", help="map services, their dependencies and single points of failure (takes check's inputs)"
    )
    _take_check_inputs(graph, check)
    graph.add_argument(
        "--format",
        choices=GRAPH_FORMATS,
        default="json",
        help="json (the inventory: every resource with its tier, service and dependents), "
        "mermaid, dot (Graphviz) or html (one self-contained page); default: json",
    )
    graph.add_argument("--output", "-o", metavar="FILE", help="write the map to FILE instead of stdout")

    _add_fix(commands, check)

    commands.add_parser("formats", help="list the report formats")

    init = commands.add_parser("init", help="write a commented starter .reslint.yaml in the current folder")
    init.add_argument("--force", action="store_true", help="overwrite an existing .reslint.yaml")

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = commands.add_parser("explain", help="explain a rule")
    explain.add_argument("rule", metavar="RULE_ID", help="a rule id (RSL201) or name (too-few-replicas)")
    for command in commands.choices.values():
        command.add_argument(
            "--disable-plugin",
            action="append",
            default=[],
            metavar="NAME",
            help="do not load the installed plugin NAME (its entry-point name); repeatable",
        )
    return parser


def _take_check_inputs(command: argparse.ArgumentParser, check: argparse.ArgumentParser) -> None:
    """Give *command* every input option of check, so it works on exactly the model check judges.

    Copies, since argparse's ``parents=`` would share (and, on a conflict, rewrite) check's own options.
    """
    for action in check._actions:
        if action.dest not in _REPORT_ONLY:
            command._add_action(copy.copy(action))


def _add_fix(commands: argparse._SubParsersAction[argparse.ArgumentParser], check: argparse.ArgumentParser) -> None:
    fix = commands.add_parser(
        "fix",
        help="show the mechanical fixes of the findings as a diff, or --write them (takes check's inputs)",
        epilog=FIX_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _take_check_inputs(fix, check)
    fix.add_argument("--write", action="store_true", help="edit the files instead of printing the diff")
    fix.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="RULE",
        help="fix only the findings of this rule (id, name or alias); repeatable",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = _parse(parser, sys.argv[1:] if argv is None else list(argv))
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    from reslint.errors import ReslintError

    try:
        registry = _registry(args.disable_plugin)
        if args.command == "rules":
            return _rules(registry, args.format)
        if args.command == "explain":
            return _explain(registry, args.rule)
        if args.command == "init":
            from reslint.init import write_starter_config

            print(write_starter_config(Path.cwd(), registry, force=args.force))
            return EXIT_OK
        if args.command == "formats":
            for reporter in registry.reporters.values():
                print(f"{reporter.name:<10} {reporter.description}")
            return EXIT_OK
        if args.command == "graph":
            return _graph(registry, args)
        if args.command == "fix":
            return _fix(registry, args)
        return _check(registry, args)
    except ReslintError as exc:
        print(f"reslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(
            f"reslint: internal error: {type(exc).__name__}: {exc}\nPlease report this with the file that caused it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse *argv*; a mistyped command or flag is an error with a suggestion, and a flag error
    shows the usage of the command it was given to (argparse would show the top-level one)."""
    from reslint.suggest import hint

    commands = next(
        (action.choices for action in parser._actions if isinstance(action, argparse._SubParsersAction)), {}
    )
    if argv and not argv[0].startswith("-") and argv[0] not in commands:
        parser.error(f"unknown command {argv[0]!r}{hint(argv[0], commands)}")
    args, extras = parser.parse_known_args(argv)
    if extras:
        command = commands.get(args.command, parser)
        flags = [flag for action in command._actions for flag in action.option_strings]
        unknown = extras[0].split("=", 1)[0]
        suggestion = hint(unknown, flags) if unknown.startswith("-") else ""
        command.error(f"unrecognized arguments: {' '.join(extras)}{suggestion}")
    return args


def _registry(disabled: Sequence[str]) -> Registry:
    from reslint.plugins import collect, make_plugin_manager

    return collect(make_plugin_manager(disabled=disabled))


def _check(registry: Registry, args: argparse.Namespace) -> int:
    from reslint.baseline import write_baseline
    from reslint.errors import UsageError
    from reslint.reporting import RenderOptions

    outputs = _outputs(registry, args.format or ["text"], args.output)
    report = _scan(registry, args)
    if any(reporter.name == "sarif" for reporter, _ in outputs) and not args.changed:
        from reslint.autofix import regions

        report.fix_edits = regions(_fix_plan(registry, args, report))
    if args.write_baseline:
        write_baseline(Path(args.write_baseline), report.findings)
        _baseline_summary(report, args.write_baseline)
    # How to show the report is the reporters' business, not the report's (it is data only).
    options = RenderOptions(
        quiet=args.quiet,
        show_suppressed=args.show_suppressed,
        show_fixes=args.show_fixes,
        statistics=args.statistics,
        link_base=args.link_base,
    )
    for reporter, target in outputs:
        if target is None and args.write_baseline:
            continue  # the one-line summary replaces the report on standard output
        if target is None:
            color = _use_color(sys.stdout, args.no_color)
            sys.stdout.write(reporter.render(report, dataclasses.replace(options, color=color)))
            continue
        try:
            Path(target).write_text(reporter.render(report, options), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from exc
    if args.write_baseline and not report.errors:
        return EXIT_OK
    return report.exit_code()


def _scan(registry: Registry, args: argparse.Namespace, texts: Mapping[str, str] | None = None) -> Report:
    """Scan what ``check`` and ``graph`` were given, once per configuration that governs a path;
    *texts* replace files' contents (``fix`` re-checks its edits), and then the cache is not used."""
    from reslint.baseline import read_baseline
    from reslint.config import Config, load_config
    from reslint.errors import UsageError
    from reslint.formats import BuildOptions
    from reslint.reporting import merge_reports
    from reslint.scan import ScanOptions, scan
    from reslint.selectors import split

    if args.paths.count("-") > 1:
        raise UsageError("'-' (standard input) can be given only once")
    paths = args.paths or ["."]
    if args.stdin_filename is not None and "-" not in args.paths:
        raise UsageError("--stdin-filename names standard input; give '-' as a PATH too")
    if args.changed and "-" in paths:
        raise UsageError("--changed takes changed files, not '-' (standard input)")
    stdin_text = sys.stdin.read() if "-" in paths else None
    renamed = {alias: rule.meta.id for rule in registry.rules for alias in rule.meta.aliases}
    baseline = read_baseline(Path(args.baseline), renamed) if args.baseline else None
    reports = []
    for config_path, scan_paths, changed in _jobs(paths, args):
        config = load_config(config_path) if config_path is not None else Config()
        options = ScanOptions(
            paths=tuple(scan_paths),
            changed=changed,
            named_paths=bool(args.paths) and not args.changed,
            select=split(args.select),
            ignore=split(args.ignore),
            excludes=tuple(args.exclude),
            default_tier=_first(args.default_tier, config.default_tier, 1),
            fail_tier=_first(args.fail_tier, config.fail_tier, 1),
            build=BuildOptions(
                var_files=tuple(args.var_file),
                variables=_pairs(args.var, "--var"),
                parameter_files=tuple(args.cfn_params),
                parameters=_pairs(args.cfn_param, "--cfn-param"),
                stack_tags=_pairs(args.cfn_tag, "--cfn-tag"),
                stack_tag_files=tuple(args.cfn_tags),
                cache=not args.no_cache and not texts,
            ),
            config=config,
            baseline=baseline,
            stdin_filename=args.stdin_filename,
            helm_values=tuple(args.helm_values),
            texts=texts or {},
        )
        with _progress(sys.stderr):
            reports.append(scan(options, registry, stdin_text))
    return merge_reports(reports)


def _graph(registry: Registry, args: argparse.Namespace) -> int:
    """The service map of the same model ``check`` judges; exit 2 when a file could not be read."""
    from reslint.errors import UsageError
    from reslint.graph import build_graph
    from reslint.graph.render import RENDERERS

    report = _scan(registry, args)
    text = RENDERERS[args.format](build_graph(report.inventory, report.tiers), report.findings)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    else:
        sys.stdout.write(text)
    for problem in report.errors:
        print(f"reslint: error: {problem.file}:{problem.line or 1}: {problem.message}", file=sys.stderr)
    return EXIT_ERROR if report.errors else EXIT_OK


def _fix_plan(registry: Registry, args: argparse.Namespace, report: Report, wanted: set[str] | None = None) -> Plan:
    """The checked edits for *report*'s fixable findings (of the *wanted* rules)."""
    from reslint.autofix import Inputs, follow, plan, verify
    from reslint.config import Config, load_config

    paths = args.paths or ["."]
    config_path = _jobs(paths, args)[0][0]
    config = load_config(config_path) if config_path is not None else Config()
    inputs = Inputs(
        var_files=tuple(args.var_file),
        variables=frozenset(name for name, _ in _pairs(args.var, "--var")),
        parameters=None if args.cfn_params else frozenset(name for name, _ in _pairs(args.cfn_param, "--cfn-param")),
    )

    def planned(findings: Report, texts: Mapping[str, str] | None = None, only: set[str] | None = None) -> Plan:
        policies = config.policies
        return plan(
            findings, policies.__getitem__, paths, wanted, stdin="-" in paths, inputs=inputs, texts=texts, only=only
        )

    def rescan(texts: Mapping[str, str]) -> Report:
        return _scan(registry, args, texts)

    return follow(verify(planned(report), report, rescan), planned, rescan)


def _fix(registry: Registry, args: argparse.Namespace) -> int:
    """``reslint fix``: the diff of the mechanical fixes, or (``--write``) the edited files."""
    from reslint.autofix import unified_diff, write
    from reslint.errors import UsageError
    from reslint.suggest import hint

    if args.changed:
        raise UsageError("fix takes the files and folders to fix, not --changed")
    wanted: set[str] | None = None
    for name in (part.strip() for value in args.rule for part in value.split(",") if part.strip()):
        rule = registry.rule(name)
        if rule is None:
            raise UsageError(f"--rule: no rule {name!r}{hint(name, [r.meta.id for r in registry.rules])}")
        wanted = (wanted or set()) | {rule.meta.id}
    report = _scan(registry, args)
    result = _fix_plan(registry, args, report, wanted)
    for problem in report.errors:
        print(f"{problem.file}:{problem.line or 1}: error: {problem.message}", file=sys.stderr)
    for file, reason in result.dropped:
        print(f"{file}: edits dropped: {reason}", file=sys.stderr)
    for finding, reason in result.refused:
        print(f"{finding.file}:{finding.line}: {finding.rule} {finding.address}: not fixed: {reason}", file=sys.stderr)
    for finding in result.revealed:
        print(
            f"{finding.file}:{finding.line}: {finding.rule} {finding.address}: now reported, as the fix makes it "
            f"apply: {finding.message}",
            file=sys.stderr,
        )
    for finding in result.manual:
        step = finding.fix or finding.remediation
        print(f"{finding.file}:{finding.line}: {finding.rule} {finding.address}: fix by hand: {step}", file=sys.stderr)
    fixed = result.count
    if args.write:
        write(result.changes)
    else:
        sys.stdout.write(unified_diff(result.changes))
    files = len(result.changes)
    print(
        f"reslint: {fixed} finding{'s' * (fixed != 1)} fixed in {files} file{'s' * (files != 1)}"
        f"{' (written)' if args.write else ' (not written: --write applies the diff)' if files else ''}; "
        f"{len(result.refused)} not fixed automatically, {len(result.manual)} to fix by hand",
        file=sys.stderr,
    )
    if report.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.changes and not args.write else EXIT_OK


def _baseline_summary(report: Report, path: str) -> None:
    """``--write-baseline``: one line on standard output, and the errors (the reason for exit 2) on stderr."""
    for problem in report.errors:
        print(f"{problem.file}:{problem.line or 1}: error: {problem.message}", file=sys.stderr)
    count = len(report.errors)
    errors = f"; {count} error{'s' * (count != 1)}: findings of the files in error are missing" if count else ""
    findings = f"{len(report.findings)} finding{'s' * (len(report.findings) != 1)}"
    print(f"reslint: recorded {findings} ({len(report.blocking)} blocking) in {path}{errors}")


def _config_for(paths: Sequence[str]) -> Path | None:
    """The one configuration file that applies to every scanned path (nearest upward from each).

    Paths governed by different files (or some by a file and some by none) would get different
    verdicts in one report, so that is a usage error: lint them separately or pass --config.
    """
    from reslint.config import find_config
    from reslint.errors import UsageError

    found = {path: find_config(Path.cwd() if path == "-" else Path(path)) for path in paths}
    distinct = sorted({str(config) if config else "no configuration" for config in found.values()})
    if len(distinct) > 1:
        raise UsageError(
            f"the paths are governed by different configurations ({', '.join(distinct)}); "
            "lint them in separate runs, or choose one with --config (or --no-config)"
        )
    return next(iter(found.values()))


def _jobs(paths: Sequence[str], args: argparse.Namespace) -> list[tuple[Path | None, list[str], frozenset[str] | None]]:
    """The scans to run: ``(configuration file, paths, changed files or None)``.

    Without ``--changed``, one scan of the paths under their one configuration. With it, the
    changed files are grouped by the configuration that governs each; every group's root (the
    configuration file's folder, else the repository root, else the current folder) is linted
    whole, and the group's changed files pick what is reported.
    """
    from reslint.discovery import display_path

    explicit = Path(args.config) if args.config else None
    if not args.changed:
        return [(explicit if explicit or args.no_config else _config_for(paths), list(paths), None)]
    from reslint.config import find_config

    groups: dict[Path | None, list[str]] = {}
    for path in paths:
        config = explicit if explicit or args.no_config else find_config(Path(path))
        groups.setdefault(config, []).append(path)
    return [
        (config, _changed_root(files, config), frozenset(display_path(Path(f)) for f in files))
        for config, files in sorted(groups.items(), key=lambda item: str(item[0] or ""))
    ]


def _changed_root(changed: Sequence[str], config: Path | None) -> list[str]:
    """What ``--changed`` lints whole: the configuration file's folder, else the repository root
    (the nearest folder holding ``.git`` above the current one), else the current folder; plus
    any changed file outside it, so that every changed file is read."""
    from reslint.config import repository_root
    from reslint.discovery import display_path

    root = config.parent if config is not None else repository_root(Path.cwd()) or Path.cwd()
    inside = root.absolute()
    outside = [path for path in changed if not Path(path).absolute().is_relative_to(inside)]
    return [display_path(root), *outside]


def _pairs(values: Sequence[str], flag: str) -> tuple[tuple[str, str], ...]:
    from reslint.errors import UsageError

    pairs = []
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{flag} needs NAME=VALUE, got {value!r}")
        pairs.append((name.strip(), text))
    return tuple(pairs)


def _first(*values: int | None) -> int:
    return next(value for value in values if value is not None)


def _outputs(registry: Registry, specs: Sequence[str], output: str | None) -> list[tuple[Reporter, str | None]]:
    """Pair each ``NAME[:FILE]`` with its reporter; at most one report goes to stdout."""
    from reslint.errors import UsageError

    outputs: list[tuple[Reporter, str | None]] = []
    for spec in specs:
        name, _, target = spec.partition(":")
        reporter = registry.reporters.get(name)
        if reporter is None:
            from reslint.suggest import hint

            raise UsageError(
                f"unknown format {name!r}{hint(name, registry.reporters)} (choose from {', '.join(registry.reporters)})"
            )
        outputs.append((reporter, target or None))
    to_stdout = [index for index, (_, target) in enumerate(outputs) if target is None]
    if output is not None:
        if not to_stdout:
            raise UsageError("--output needs a --format without :FILE")
        reporter, _ = outputs[to_stdout[0]]
        outputs[to_stdout[0]] = (reporter, output)
        to_stdout = to_stdout[1:]
    if len(to_stdout) > 1:
        raise UsageError("only one --format can write to standard output; give the others a :FILE")
    return outputs


@contextlib.contextmanager
def _progress(stream: TextIO, after: float = 1.0) -> Iterator[None]:
    """A spinner on a terminal's stderr for runs that take more than *after* seconds."""
    if not stream.isatty():
        yield
        return
    import threading
    import time

    done = threading.Event()

    def spin() -> None:
        if done.wait(after):
            return
        started = time.monotonic() - after
        frames = "|/-\\"
        tick = 0
        while not done.wait(0.2):
            stream.write(f"\r{frames[tick % 4]} reslint: linting ({time.monotonic() - started:.0f} s)")
            stream.flush()
            tick += 1
        stream.write("\r\x1b[K")
        stream.flush()

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def _use_color(stream: TextIO, disabled: bool) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if disabled or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty() or bool(os.environ.get("FORCE_COLOR"))


def _rules(registry: Registry, fmt: str) -> int:
    if fmt == "json":
        import json

        from reslint.catalog import rule_dict

        print(json.dumps([rule_dict(rule.meta) for rule in registry.rules], indent=2))
        return EXIT_OK
    from reslint.rule import Status

    width = max(len(rule.meta.name) for rule in registry.rules)
    for rule in registry.rules:
        # A stable rule, the usual case, says nothing of its status; the others say it after the title.
        status = "" if rule.meta.status is Status.STABLE else f" ({rule.meta.status.value})"
        print(f"{rule.meta.id}  {rule.meta.name:<{width}}  {rule.meta.category:<13} {rule.meta.title}{status}")
    return EXIT_OK


def _explain(registry: Registry, wanted: str) -> int:
    from reslint.catalog import explain_text
    from reslint.errors import UsageError
    from reslint.selectors import names_of
    from reslint.suggest import hint

    rule = registry.rule(wanted)
    if rule is None:
        choices = [name for r in registry.rules for name in names_of(r.meta)]
        raise UsageError(f"no rule {wanted!r}{hint(wanted, choices)}; `reslint rules` lists them")
    from reslint.catalog import fixes_by_type
    from reslint.tiers import DEFAULT_POLICIES

    print(explain_text(rule.meta, fixes_by_type(rule.meta.id, DEFAULT_POLICIES[1])), end="")
    return EXIT_OK
