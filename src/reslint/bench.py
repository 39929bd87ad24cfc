"""``python -m reslint.bench PATH``: where a run's time and memory go.

Reports files and bytes per format, wall and CPU time, peak RSS, and the split between reading,
parsing and normalizing (per format), tiers, rules and reporting. ``--parse-only`` measures the
floor: the chosen parsers alone, on the same files, with no evaluation or rules.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sys
import time
from pathlib import Path


def _peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def full_run(paths: list[str]) -> list[tuple[str, str]]:
    """One complete run (JSON report rendered and discarded); returns report rows."""
    from reslint.plugins import collect, make_plugin_manager
    from reslint.reporters.json import JsonReporter
    from reslint.scan import ScanOptions, scan

    wall, cpu = time.perf_counter(), _cpu()
    registry = collect(make_plugin_manager())
    setup = time.perf_counter() - wall
    report = scan(ScanOptions(paths=tuple(paths)), registry)
    started = time.perf_counter()
    JsonReporter().render(report, color=False)
    rendering = time.perf_counter() - started
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    rows = [("files", str(report.files)), ("resources", str(report.resources)), ("findings", str(len(report.findings))),
            ("errors", str(len(report.errors)))]
    rows += [(f"bytes {name}", f"{size:,}") for name, size in sorted(report.bytes_by_format.items())]
    rows += [("phase plugins", f"{setup:.3f} s")]
    rows += [(f"phase {name}", f"{seconds:.3f} s") for name, seconds in report.timings.items()]
    rows += [("phase report", f"{rendering:.3f} s"), ("wall", f"{wall:.3f} s"), ("cpu", f"{cpu:.3f} s"),
             ("peak rss", f"{_peak_rss_mb():.0f} MB")]
    return rows


def parse_only(paths: list[str]) -> list[tuple[str, str]]:
    """The parsers alone: YAML events for manifests, the HCL grammar for Terraform."""
    from reslint.discovery import select
    from reslint.kubernetes.reader import looks_like_manifest
    from reslint.terraform._parse import parse_hcl_text
    from reslint.yamlload import YamlError, load_all

    sources = select(paths, ()).sources
    wall, cpu = time.perf_counter(), _cpu()
    counts: dict[str, float] = {}
    for source in sources:
        started = time.perf_counter()
        if source.path.endswith((".tf", ".tfvars")):
            kind = "terraform"
            # A parse failure costs time too: the floor counts it.
            with contextlib.suppress(Exception):
                parse_hcl_text(source.text)
        elif looks_like_manifest(source.path, source.text) or "AWSTemplateFormatVersion" in source.text:
            kind = "yaml"
            try:
                for _ in load_all(source.text):
                    pass
            except YamlError:
                pass
        else:
            continue
        counts[kind] = counts.get(kind, 0.0) + time.perf_counter() - started
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    rows = [(f"parse {kind}", f"{seconds:.3f} s") for kind, seconds in sorted(counts.items())]
    return [*rows, ("wall", f"{wall:.3f} s"), ("cpu", f"{cpu:.3f} s"), ("peak rss", f"{_peak_rss_mb():.0f} MB")]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(prog="python -m reslint.bench", description=__doc__)
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--parse-only", action="store_true", help="measure the parsers alone")
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        parser.error(f"no such path: {', '.join(missing)}")
    rows = parse_only(args.paths) if args.parse_only else full_run(args.paths)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
