"""Stable fingerprints (rule, resource, file, member; never the message), versioned baselines, rule aliases."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

import pytest

from _support.report_json import load_report
from reslint.cli import main
from reslint.config import parse_config
from reslint.plugins import collect, make_plugin_manager
from reslint.scan import ScanOptions, scan

if TYPE_CHECKING:
    from pathlib import Path

    from _support.report_json import ReportJSON
    from reslint.plugins import Registry

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: web, namespace: shop, labels: {{reslint.io/tier: "1"}}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers:
        - name: app
          image: example/web:1
          readinessProbe: {{tcpSocket: {{port: 80}}}}
        - name: sidecar
          image: example/proxy:1
          readinessProbe: {{tcpSocket: {{port: 81}}}}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "k8s").mkdir()
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, ReportJSON]:
    code = main(["check", "--format", "json", *argv])
    return code, load_report(capsys.readouterr().out)


def prints(data: ReportJSON) -> dict[tuple[str, str], str]:
    return {(f["rule"], f["message"]): f["fingerprint"] for f in data["findings"]}


def test_an_improvement_that_does_not_fix_keeps_the_fingerprint(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".reslint.yaml").write_text("policy: {1: {min_replicas: 3}}\n")
    app = repo / "k8s" / "app.yaml"
    app.write_text(DEPLOYMENT.format(replicas=1))
    _, before = check(capsys, "k8s")
    app.write_text("# moved down a line\n" + DEPLOYMENT.format(replicas=2))
    _, after = check(capsys, "k8s")
    [old] = [f for f in before["findings"] if f["rule"] == "RSL201"]
    [new] = [f for f in after["findings"] if f["rule"] == "RSL201"]
    assert old["message"] != new["message"] and old["line"] != new["line"]  # the message has the count in it
    assert old["fingerprint"] == new["fingerprint"]
    assert main(["check", "--write-baseline", "base.json", "k8s"]) == 0
    capsys.readouterr()
    app.write_text(DEPLOYMENT.format(replicas=1))
    _, data = check(capsys, "--baseline", "base.json", "k8s")
    assert not [f for f in data["findings"] if f["rule"] == "RSL201"] and data["summary"]["baselined"] >= 1


def test_each_container_has_its_own_fingerprint(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "k8s" / "app.yaml").write_text(DEPLOYMENT.format(replicas=3))
    _, data = check(capsys, "k8s")
    liveness = [f["fingerprint"] for f in data["findings"] if f["rule"] == "RSL302"]
    assert len(liveness) == 2 and len(set(liveness)) == 2


def test_the_same_fingerprints_from_any_folder(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "k8s" / "app.yaml").write_text(DEPLOYMENT.format(replicas=1))
    _, top = check(capsys, "k8s")
    monkeypatch.chdir(repo / "k8s")
    _, inside = check(capsys, ".")
    assert prints(top) == prints(inside) and len(prints(top)) >= 3


def test_stale_entries_and_versions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = repo / "k8s" / "app.yaml"
    app.write_text(DEPLOYMENT.format(replicas=1))
    assert main(["check", "--write-baseline", "base.json", "k8s"]) == 0
    document = json.loads((repo / "base.json").read_text())
    assert document["version"] == 2 and {e["file"] for e in document["findings"]} == {"k8s/app.yaml"}
    capsys.readouterr()
    app.write_text(DEPLOYMENT.format(replicas=2))  # RSL201 fixed: its entry is stale
    _, data = check(capsys, "--baseline", "base.json", "k8s")
    assert "RSL201" not in {f["rule"] for f in data["findings"]}
    stale = [p for p in data["unused_suppressions"] if p["file"] == "base.json"]
    assert [p["message"] for p in stale] == [
        "baseline entry RSL201 shop/Deployment/web in k8s/app.yaml matches no finding "
        "(fixed? rewrite the baseline with --write-baseline)"
    ]
    document["version"] = 9
    (repo / "base.json").write_text(json.dumps(document))
    assert main(["check", "--baseline", "base.json", "k8s"]) == 2
    assert "baseline version 9 is not one this reslint reads (1, 2)" in capsys.readouterr().err


def test_a_version_1_baseline_still_matches(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "k8s" / "app.yaml").write_text(DEPLOYMENT.format(replicas=1))
    _, data = check(capsys, "k8s")
    entries = [
        {"fingerprint": "0" * 32, "rule": f["rule"], "file": f["file"], "resource": f["resource"]["address"]}
        for f in data["findings"]
    ]
    (repo / "old.json").write_text(json.dumps({"tool": "reslint", "version": 1, "findings": entries}))
    code, data = check(capsys, "--baseline", "old.json", "k8s")
    assert code == 0 and data["findings"] == [] and data["summary"]["baselined"] == len(entries)
    assert [s["message"] for s in data["skipped"]] == [
        "baseline format version 1: entries match by rule, file and resource; rewrite it with --write-baseline"
    ]


@pytest.fixture
def renamed(registry: Registry) -> Registry:
    """The built-in rules, with RSL201 as if it had been renumbered from RSL299 and renamed."""
    rules = tuple(
        dataclasses.replace(rule, meta=dataclasses.replace(rule.meta, aliases=("RSL299", "not-enough-replicas")))
        if rule.meta.id == "RSL201"
        else rule
        for rule in registry.rules
    )
    return dataclasses.replace(registry, rules=rules)


def test_an_alias_matches_suppressions_selectors_and_fingerprints(
    renamed: Registry, registry: Registry, tmp_path: Path
) -> None:
    (tmp_path / "app.yaml").write_text(
        "# reslint:ignore RSL299 a singleton by design\n" + DEPLOYMENT.format(replicas=1)
    )
    report = scan(ScanOptions(paths=(str(tmp_path),)), renamed)
    assert [(f.rule, s.rules) for f, s in report.suppressed] == [("RSL201", ("RSL201",))]
    assert report.errors == [] and report.unused_suppressions == []
    config = parse_config({"rules": {"enable": ["not-enough-replicas"]}}, "test")
    (tmp_path / "app.yaml").write_text(DEPLOYMENT.format(replicas=1))
    [new] = scan(ScanOptions(paths=(str(tmp_path),), config=config), renamed).findings
    assert new.rule == "RSL201"
    # The same gap found by the rule's old number: its fingerprint is the one baselines recorded.
    old_ids = tuple(
        dataclasses.replace(rule, meta=dataclasses.replace(rule.meta, id="RSL299"))
        if rule.meta.id == "RSL201"
        else rule
        for rule in registry.rules
    )
    old = [
        f
        for f in scan(ScanOptions(paths=(str(tmp_path),)), dataclasses.replace(registry, rules=old_ids)).findings
        if f.rule == "RSL299"
    ]
    assert [f.fingerprint for f in old] == [new.fingerprint]


def test_aliases_are_unique_across_rules() -> None:
    manager = make_plugin_manager(load_entry_points=False)
    registry = collect(manager)
    names = [n.casefold() for r in registry.rules for n in {r.meta.id, r.meta.name, *r.meta.aliases}]
    assert len(names) == len(set(names))
