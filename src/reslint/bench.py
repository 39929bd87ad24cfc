"""``python -m reslint.bench PATH``: where a run's time and memory go.

Reports files and bytes per format, wall and CPU time, peak RSS, and the split between reading,
parsing and normalizing (per format), tiers, rules and reporting. ``--parse-only`` measures the
floor: the chosen parsers alone, on the same files, with no evaluation or rules.

``--table`` measures every row of the speed targets (docs/performance.md) with the ``reslint``
command in fresh processes, each ``--runs`` times (min/median/max), and prints the load average
with each row: cold and warm runs of PATH, a warm run after one file changed (the whole
repository's verdict, as the pre-commit hook gives it), one small Kubernetes file, a generated
manifest of 40,000 Deployments, and with ``--tenx RUNS`` ten copies of PATH. Copies and generated
files live in a temporary folder; PATH is never written to.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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
    from reslint.reporting import RenderOptions
    from reslint.scan import ScanOptions, scan

    wall, cpu = time.perf_counter(), _cpu()
    registry = collect(make_plugin_manager())
    setup = time.perf_counter() - wall
    report = scan(ScanOptions(paths=tuple(paths)), registry)
    started = time.perf_counter()
    JsonReporter().render(report, RenderOptions())
    rendering = time.perf_counter() - started
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    rows = [
        ("files", str(report.files)),
        ("resources", str(report.resources)),
        ("findings", str(len(report.findings))),
        ("errors", str(len(report.errors))),
    ]
    rows += [(f"bytes {name}", f"{size:,}") for name, size in sorted(report.bytes_by_format.items())]
    rows += [("phase plugins", f"{setup:.3f} s")]
    rows += [(f"phase {name}", f"{seconds:.3f} s") for name, seconds in report.timings.items()]
    rows += [
        ("phase render", f"{rendering:.3f} s"),
        ("wall", f"{wall:.3f} s"),
        ("cpu", f"{cpu:.3f} s"),
        ("peak rss", f"{_peak_rss_mb():.0f} MB"),
    ]
    return rows


def parse_only(paths: list[str]) -> list[tuple[str, str]]:
    """The parsers alone: YAML events for manifests, the HCL grammar for Terraform."""
    from reslint.discovery import select
    from reslint.kubernetes.reader import looks_like_manifest
    from reslint.terraform import parse_hcl
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
                parse_hcl(source.text)
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


# ---------------------------------------------------------------- the target table


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    load: float


def _load() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def _measure(args: list[str], cache_dir: Path, cwd: Path | None = None) -> Sample:
    """One ``reslint`` process: wall and CPU seconds (its workers included), peak RSS, load before."""
    env = {**os.environ, "RESLINT_CACHE_DIR": str(cache_dir)}
    command = [sys.executable, "-m", "reslint", "check", "--no-config", "--format", "json", *args]
    load = _load()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode not in (0, 1, 2) or "Traceback" in stderr:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {stderr[-2000:]}")
    rss = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return Sample(wall, usage.ru_utime + usage.ru_stime, rss, load)


def _spread(values: list[float], unit: str, digits: int = 2) -> str:
    ordered = sorted(values)
    low, mid, high = ordered[0], statistics.median(ordered), ordered[-1]
    return f"{low:.{digits}f} / {mid:.{digits}f} / {high:.{digits}f} {unit}"


def _row(name: str, samples: list[Sample]) -> tuple[str, str, str, str, str]:
    return (
        name,
        _spread([s.wall for s in samples], "s"),
        _spread([s.cpu for s in samples], "s"),
        _spread([s.rss_mb for s in samples], "MB", 0),
        _spread([s.load for s in samples], "", 1).strip(),
    )


DEPLOYMENT = """\
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: team-{team}
  labels: {{app: app-{i}}}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: app-{i}}}
  template:
    metadata:
      labels: {{app: app-{i}}}
    spec:
      containers:
      - name: web
        image: example/app:1.{i}
        ports: [{{containerPort: 8080}}]
        readinessProbe:
          httpGet: {{path: /ready, port: 8080}}
        livenessProbe:
          httpGet: {{path: /live, port: 8080}}
"""


def write_big_manifest(path: Path, count: int = 40_000) -> int:
    """A manifest of *count* Deployments with probes and ports (about 20 MB); returns its size."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(DEPLOYMENT.format(i=i, team=i % 50, replicas=1 + i % 3))
    return path.stat().st_size


SMALL = DEPLOYMENT.format(i=1, team=1, replicas=1)


def _one_file(root: Path) -> Path:
    """The file the one-file-changed row edits: a Terraform file of a module that roots call."""
    candidates = sorted(root.rglob("*.tf"))
    called = [p for p in candidates if p.parent.name not in ("examples",) and "/modules/" in p.as_posix()]
    return (called or candidates)[len(called or candidates) // 2]


class _Rows(list[tuple[str, str, str, str, str]]):
    """The table's rows, each also written to standard error as soon as it is measured (a whole
    table takes tens of minutes on a loaded machine)."""

    def append(self, row: tuple[str, str, str, str, str]) -> None:
        super().append(row)
        print(" | ".join(row), file=sys.stderr, flush=True)


def table(path: str, runs: int, tenx: int) -> list[tuple[str, str, str, str, str]]:
    """Every row of the speed targets, *runs* times each (the ten-copies row *tenx* times)."""
    rows = _Rows([("run", "wall min/median/max", "cpu min/median/max", "peak RSS min/median/max", "load (1 min)")])
    with tempfile.TemporaryDirectory(prefix="reslint-bench-") as scratch:
        temp = Path(scratch)
        copy = temp / "repo"
        shutil.copytree(path, copy, symlinks=True)
        cold: list[Sample] = []
        for run in range(runs):
            cache = temp / f"cold-{run}"
            cold.append(_measure([str(copy)], cache))
        rows.append(_row("cold (empty cache), whole corpus", cold))
        cache = temp / "cold-0"
        _measure([str(copy)], cache)  # settle
        rows.append(_row("warm, nothing changed", [_measure([str(copy)], cache) for _ in range(runs)]))
        edited = _one_file(copy)
        original = edited.read_text(encoding="utf-8")
        changed: list[Sample] = []
        for run in range(runs):
            edited.write_text(f"{original}\n# bench edit {run} {time.time()}\n", encoding="utf-8")
            changed.append(_measure([str(copy)], cache))
        edited.write_text(original, encoding="utf-8")
        rows.append(_row(f"warm, one file changed ({edited.relative_to(copy)})", changed))
        small = temp / "small" / "deployment.yaml"
        small.parent.mkdir()
        small.write_text(SMALL, encoding="utf-8")
        _measure([str(small)], cache)
        rows.append(_row("one small Kubernetes file (warm)", [_measure([str(small)], cache) for _ in range(runs)]))
        big = temp / "big" / "deployments.yaml"
        big.parent.mkdir()
        size = write_big_manifest(big)
        big_samples = [_measure([str(big)], temp / f"big-{run}") for run in range(runs)]
        rows.append(_row(f"40,000 Deployments ({size / 1e6:.1f} MB), cold", big_samples))
        rows.append(_row("40,000 Deployments, warm", [_measure([str(big)], temp / "big-0") for _ in range(runs)]))
        if tenx:
            ten = temp / "tenx"
            for i in range(10):
                shutil.copytree(path, ten / f"copy{i}", symlinks=True)
            shutil.rmtree(copy)
            tens = [_measure([str(ten)], temp / f"tenx-{run}") for run in range(tenx)]
            rows.append(_row("10x corpus, cold", tens))
            ratio = statistics.median(s.wall for s in tens) / statistics.median(s.wall for s in cold)
            cpu_ratio = statistics.median(s.cpu for s in tens) / statistics.median(s.cpu for s in cold)
            rows.append(("10x / 1x (medians)", f"{ratio:.2f}x", f"{cpu_ratio:.2f}x", "", ""))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(prog="python -m reslint.bench", description=__doc__)
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--parse-only", action="store_true", help="measure the parsers alone")
    parser.add_argument("--table", action="store_true", help="measure every row of the speed targets")
    parser.add_argument("--runs", type=int, default=3, help="runs per row of --table (default 3)")
    parser.add_argument(
        "--tenx",
        type=int,
        default=0,
        metavar="RUNS",
        help="with --table: also ten copies of PATH, RUNS times (slow; default 0: not measured)",
    )
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        parser.error(f"no such path: {', '.join(missing)}")
    if args.table:
        if len(args.paths) != 1 or not Path(args.paths[0]).is_dir():
            parser.error("--table measures one folder")
        cells = table(args.paths[0], max(1, args.runs), args.tenx)
        widths = [max(len(row[i]) for row in cells) for i in range(5)]
        for cell_row in cells:
            print("  ".join(cell.ljust(width) for cell, width in zip(cell_row, widths, strict=True)).rstrip())
        return 0
    rows = parse_only(args.paths) if args.parse_only else full_run(args.paths)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
