"""The command line: ``reslint check``, ``reslint rules``, ``reslint explain``.

This is the only module that reads arguments, prints or chooses an exit code. Imports of the
engine happen inside the commands so that ``reslint --version`` starts instantly.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, TextIO

from reslint import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.plugins import Registry

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


def _tier(value: str) -> int:
    if value not in ("1", "2", "3"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a tier (1, 2 or 3)")
    return int(value)


def _fail_tier(value: str) -> int:
    if value == "0":
        return 0  # report only: nothing blocks
    return _tier(value)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="reslint",
        description="Find resilience gaps (single zones, missing replicas, health checks, "
        "certificates, backups) in infrastructure as code.",
    )
    parser.add_argument("--version", action="version", version=f"reslint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="lint files and folders")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                       help="files or folders to lint, '-' for standard input (default: .)")
    check.add_argument("--format", default="text", help="report format: text (default) or json")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    check.add_argument("--default-tier", type=_tier, default=1, metavar="N",
                       help="tier of resources without a reslint.io/tier label or tag (default: 1)")
    check.add_argument("--fail-tier", type=_fail_tier, default=1, metavar="N",
                       help="exit 1 on error/warning findings at tier N or stricter; 0 never fails (default: 1)")
    check.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="skip paths matching GLOB (a path, folder or file name); repeatable")
    check.add_argument("--no-color", action="store_true", help="never colour the text report")

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = commands.add_parser("explain", help="explain a rule")
    explain.add_argument("rule", metavar="RULE_ID", help="a rule id (RSL201) or name (too-few-replicas)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    from reslint.errors import ReslintError

    try:
        registry = _registry()
        if args.command == "rules":
            return _rules(registry, args.format)
        if args.command == "explain":
            return _explain(registry, args.rule)
        return _check(registry, args)
    except ReslintError as exc:
        print(f"reslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last guard: a bug is reported, never a traceback
        print(f"reslint: internal error: {type(exc).__name__}: {exc}\n"
              "Please report this with the file that caused it.", file=sys.stderr)
        return EXIT_INTERNAL


def _registry() -> Registry:
    from reslint.plugins import collect, make_plugin_manager

    return collect(make_plugin_manager())


def _check(registry: Registry, args: argparse.Namespace) -> int:
    from reslint.errors import UsageError
    from reslint.scan import ScanOptions, scan

    reporter = registry.reporters.get(args.format)
    if reporter is None:
        raise UsageError(f"unknown format {args.format!r}; choose from {', '.join(registry.reporters)}")
    if args.paths.count("-") > 1:
        raise UsageError("'-' (standard input) can be given only once")
    stdin_text = sys.stdin.read() if "-" in args.paths else None
    options = ScanOptions(
        paths=tuple(args.paths),
        excludes=tuple(args.exclude),
        default_tier=args.default_tier,
        fail_tier=args.fail_tier,
    )
    report = scan(options, registry, stdin_text)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(reporter.render(report, color=False))
    else:
        sys.stdout.write(reporter.render(report, color=_use_color(sys.stdout, args.no_color)))
    return report.exit_code()


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
    width = max(len(rule.meta.name) for rule in registry.rules)
    for rule in registry.rules:
        print(f"{rule.meta.id}  {rule.meta.name:<{width}}  {rule.meta.category:<13} {rule.meta.title}")
    return EXIT_OK


def _explain(registry: Registry, wanted: str) -> int:
    from reslint.catalog import explain_text
    from reslint.errors import UsageError

    rule = registry.rule(wanted)
    if rule is None:
        raise UsageError(f"no rule {wanted!r}; `reslint rules` lists them")
    print(explain_text(rule.meta), end="")
    return EXIT_OK
