"""The scan's phases one at a time (``scan.PHASES``): each on a small input, and each timed."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

import pytest

from _support.factories import finding
from reslint.baseline import Baseline, Entry
from reslint.errors import Problem
from reslint.kubernetes.rendering import Prepared
from reslint.scan import (
    PHASES,
    Outcome,
    Run,
    ScanOptions,
    apply_baseline,
    apply_suppressions,
    assign_resource_tiers,
    attach_suppressions,
    build_model,
    claim_sources,
    filter_changed,
    link_services,
    make_report,
    run_rules,
    scan,
    select_sources,
)

if TYPE_CHECKING:
    from pathlib import Path

    from reslint.model import Resource
    from reslint.plugins import Registry
    from reslint.scan import Claimed

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: shop
  labels: {{reslint.io/tier: "{tier}"}}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
        - name: app
          image: example/app:1
          readinessProbe: {{tcpSocket: {{port: 80}}}}
          livenessProbe: {{tcpSocket: {{port: 80}}}}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two Deployments (tier 1 and 2, one replica each), a README and a folder holding nothing to lint."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "web.yaml").write_text(DEPLOYMENT.format(name="web", tier=1))
    (tmp_path / "api.yaml").write_text(
        "# reslint:ignore RSL201 one copy is enough here\n" + DEPLOYMENT.format(name="api", tier=2)
    )
    (tmp_path / "README.md").write_text("not infrastructure\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("nothing\n")
    return tmp_path


def _claimed(registry: Registry, **options: object) -> Claimed:
    chosen = ScanOptions(**options)  # type: ignore[arg-type]  # ScanOptions fields, typed there
    return claim_sources(select_sources(chosen, registry, None), chosen, registry.input_formats)


def _model(registry: Registry, **options: object) -> list[Resource]:
    return build_model(_claimed(registry, **options), registry.input_formats, ScanOptions().build, Run()).resources


def test_the_phases_are_timed_in_order(project: Path, registry: Registry) -> None:
    report = scan(ScanOptions(paths=(".",)), registry)
    phases = [name.split(":")[0] for name in report.timings]
    assert list(dict.fromkeys(phases)) == [p for p in PHASES if p != "changed"]
    assert "build:kubernetes" in report.timings and all(seconds >= 0 for seconds in report.timings.values())
    changed = scan(ScanOptions(paths=(".",), changed=frozenset({"web.yaml"})), registry)
    assert "changed" in changed.timings


def test_run_adds_up_a_phase_entered_twice() -> None:
    run = Run()
    for _ in range(2):
        with run.phase("x"):
            pass
    with pytest.raises(ValueError, match="boom"), run.phase("y"):
        raise ValueError("boom")
    assert set(run.timings) == {"x", "y"}


def test_select_reads_the_files_a_format_may_read_and_takes_given_texts(project: Path, registry: Registry) -> None:
    texts = {"web.yaml": "kind: Namespace\n"}
    prepared = select_sources(ScanOptions(paths=(".",), texts=texts), registry, None)
    assert sorted(s.path for s in prepared.sources) == ["api.yaml", "web.yaml"]
    assert {s.path: s.text for s in prepared.sources}["web.yaml"] == "kind: Namespace\n"
    excluded = select_sources(ScanOptions(paths=(".",), excludes=("api.yaml",)), registry, None)
    assert [s.path for s in excluded.sources] == ["web.yaml"]


def test_claim_gives_each_source_to_one_format_and_names_empty_folders(project: Path, registry: Registry) -> None:
    claimed = _claimed(registry, paths=(".", "docs", "README.md"), named_paths=True)
    assert {name: [s.path for s in sources] for name, sources in claimed.by_format.items() if sources} == {
        "kubernetes": ["api.yaml", "web.yaml"]
    }
    assert [(e.file, e.message.split(" (")[0]) for e in claimed.errors] == [
        ("docs", "no Terraform, CloudFormation or Kubernetes file found here")
    ]
    assert [(n.file, n.message) for n in claimed.notices] == [
        ("README.md", "not a Terraform, CloudFormation or Kubernetes file: not linted")
    ]


def test_build_makes_resources_per_format_and_times_each(project: Path, registry: Registry) -> None:
    run = Run()
    model = build_model(_claimed(registry), registry.input_formats, ScanOptions().build, run)
    assert sorted(r.address for r in model.resources) == ["shop/Deployment/api", "shop/Deployment/web"]
    assert list(run.timings) == ["build:kubernetes"]
    assert model.errors == [] and model.notices == []


def test_tiers_come_from_tags_and_bad_values_are_errors(project: Path, registry: Registry) -> None:
    (project / "bad.yaml").write_text(DEPLOYMENT.format(name="bad", tier="gold"))
    resources = _model(registry)
    tiers, errors, notices = assign_resource_tiers(resources, ScanOptions(default_tier=3))
    assert {r.address: (tiers[r].tier, tiers[r].source) for r in resources} == {
        "shop/Deployment/api": (2, "tag"),
        "shop/Deployment/bad": (3, "default"),
        "shop/Deployment/web": (1, "tag"),
    }
    assert [e.message for e in errors] == [
        "shop/Deployment/bad: reslint.io/tier='gold' is not a tier (use 1, 2 or 3)"
    ] and notices == []


def test_services_put_configured_resources_in_their_service(project: Path, registry: Registry) -> None:
    from reslint.config import Config, ServicePattern

    resources = _model(registry)
    tiers, _, _ = assign_resource_tiers(resources, ScanOptions())
    config = Config(service_patterns=(ServicePattern(name="checkout", paths=("web.yaml",)),))
    link_services(resources, tiers, config)
    services = {r.address: r.configured_service.name if r.configured_service else None for r in resources}
    assert services == {"shop/Deployment/api": None, "shop/Deployment/web": "checkout"}


def test_attach_resolves_rule_names_and_reports_unknown_ones(project: Path, registry: Registry) -> None:
    (project / "web.yaml").write_text("# reslint:ignore RSL999 typo\n" + DEPLOYMENT.format(name="web", tier=1))
    claimed = _claimed(registry)
    resources = build_model(claimed, registry.input_formats, ScanOptions().build, Run()).resources
    errors = attach_suppressions(resources, claimed.sources, registry.rules)
    by_address = {r.address: r for r in resources}
    assert [s.rules for s in by_address["shop/Deployment/api"].suppressions] == [("RSL201",)]
    assert by_address["shop/Deployment/web"].suppressions == []
    assert [(e.file, e.line) for e in errors] == [("web.yaml", 1)] and "RSL999" in errors[0].message


def test_rules_make_findings_at_each_resource_s_tier(project: Path, registry: Registry) -> None:
    resources = _model(registry)
    tiers, _, _ = assign_resource_tiers(resources, ScanOptions())
    findings, errors = run_rules(resources, tiers, registry, fail_tier=1)
    assert [(f.rule, f.address, f.tier, f.level, f.blocking) for f in findings] == [
        ("RSL201", "shop/Deployment/api", 2, "warning", False),
        ("RSL201", "shop/Deployment/web", 1, "error", True),
    ]
    assert errors == []


def _outcome() -> Outcome:
    kept, accepted = finding(file="web.yaml", address="shop/Deployment/web"), finding(file="api.yaml", line=9)
    return Outcome([kept, accepted], [Problem("web.yaml", 1, "e")], [Problem("api.yaml", 2, "n")])


def test_suppress_keeps_what_no_live_suppression_accepts(project: Path, registry: Registry) -> None:
    claimed = _claimed(registry)
    resources = build_model(claimed, registry.input_formats, ScanOptions().build, Run()).resources
    attach_suppressions(resources, claimed.sources, registry.rules)
    outcome = _outcome()
    api = dataclasses.replace(outcome.findings[1], address="shop/Deployment/api")
    outcome = dataclasses.replace(outcome, findings=[outcome.findings[0], api])
    applied = apply_suppressions(outcome, resources, date(2026, 1, 1), Prepared(claimed.sources))
    assert [f.address for f in applied.findings] == ["shop/Deployment/web"]
    assert [(f.address, s.reason) for f, s in applied.suppressed] == [
        ("shop/Deployment/api", "one copy is enough here")
    ]
    assert applied.unused == [] and applied.errors == outcome.errors


def test_baseline_counts_what_it_accepts_and_reports_stale_entries() -> None:
    outcome = _outcome()
    accepted = dataclasses.replace(outcome.findings[1], project_file="api.yaml")
    stale = Entry("0" * 32, "RSL201", "gone.yaml", "shop/Deployment/gone")
    baseline = Baseline("baseline.json", entries=(Entry(accepted.fingerprint, "RSL201", "api.yaml", "x"), stale))
    kept = apply_baseline(outcome, baseline, None)
    assert [f.address for f in kept.findings] == ["shop/Deployment/web"] and kept.baselined == 1
    assert [p.file for p in kept.stale_entries] == ["baseline.json"]
    assert "gone.yaml matches no finding" in kept.stale_entries[0].message
    assert apply_baseline(outcome, baseline, frozenset({"web.yaml"})).stale_entries == []
    unchanged = apply_baseline(outcome, None, None)
    assert [f.project_file for f in unchanged.findings] == ["web.yaml", "api.yaml"] and unchanged.baselined == 0


def test_changed_keeps_the_changed_files_and_the_baseline_s_own_problems(project: Path, registry: Registry) -> None:
    resources = _model(registry)
    tiers, _, _ = assign_resource_tiers(resources, ScanOptions())
    outcome = dataclasses.replace(_outcome(), stale_entries=[Problem("baseline.json", None, "stale")])
    kept = filter_changed(outcome, resources, tiers, frozenset({"web.yaml"}), None)
    assert [f.file for f in kept.findings] == ["web.yaml"]
    assert [e.file for e in kept.errors] == ["web.yaml"] and kept.notices == []
    assert kept.stale_entries == outcome.stale_entries


def test_report_is_sorted_data_with_the_run_s_timings(project: Path, registry: Registry) -> None:
    claimed = _claimed(registry)
    resources = build_model(claimed, registry.input_formats, ScanOptions().build, Run()).resources
    tiers, _, _ = assign_resource_tiers(resources, ScanOptions())
    outcome = dataclasses.replace(
        _outcome(),
        errors=[Problem("z.yaml", None, "late"), Problem("a.yaml", 3, "early")],
        baseline_notices=[Problem("baseline.json", None, "old format")],
    )
    timings = {"select": 0.5}
    report = make_report(
        outcome, claimed, resources, tiers, options=ScanOptions(), registry=registry, rules=(), timings=timings
    )
    assert [e.file for e in report.errors] == ["a.yaml", "z.yaml"]
    assert [n.file for n in report.skipped] == ["api.yaml", "baseline.json"]
    assert (report.files, report.resources, report.rules_run) == (2, 2, 0)
    assert report.timings is timings and report.snippets[("web.yaml", 7)] == "spec:"
    assert report.tiers is tiers and report.untiered_resources == 0
    assert not any(hasattr(report, name) for name in ("quiet", "show_fixes", "link_base", "show_suppressed"))
