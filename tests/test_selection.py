"""Mistakes are errors, never a silent pass: rule selectors, config types, empty folders, config discovery."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support.report_json import ReportJSON, load_report
from reslint.cli import main
from reslint.plugins import collect, make_plugin_manager

if TYPE_CHECKING:
    from pathlib import Path

# Tier-1 Deployments: web has one replica (RSL201 blocks), api two with no disruption budget
# or zone spread (RSL601, RSL101).
WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {reslint.io/tier: "1"}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: example/web:1
          readinessProbe: {tcpSocket: {port: 80}}
          livenessProbe: {tcpSocket: {port: 80}}
"""
BLOCKING = WEB + "---\n" + WEB.replace("web", "api").replace("replicas: 1", "replicas: 2")

RULES = collect(make_plugin_manager(load_entry_points=False)).rules
IDS = [rule.meta.id for rule in RULES]
WORDS = sorted({w for rule in RULES for w in (rule.meta.id, rule.meta.name, rule.meta.category)})


def _valid(selector: str) -> bool:
    """Independent of reslint.selectors: what the docs promise a selector may be."""
    folded = selector.strip().casefold()
    return (
        folded == "all"
        or folded in {w.casefold() for w in WORDS}
        or (len(selector.strip()) >= 4 and any(i.casefold().startswith(folded) for i in IDS))
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # the repository root: config discovery stops here
    (tmp_path / "app.yaml").write_text(BLOCKING)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, ReportJSON | None, str]:
    code = main(["check", "--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, (load_report(out) if out else None), err


def report(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, ReportJSON, str]:
    """Like ``check``, for a run that must print a report."""
    code, data, err = check(capsys, *argv)
    assert data is not None, err
    return code, data, err


def test_enable_typo_is_an_error_with_a_suggestion(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".reslint.yaml").write_text("rules:\n  enable: [RSL2O1]\n")  # letter O for zero
    code, _, err = check(capsys)
    assert code == 2
    assert "rules.enable: unknown rule selector 'RSL2O1'; did you mean 'RSL201'?" in err


def test_disable_typo_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".reslint.yaml").write_text("rules:\n  disable: [RSL62]\n")
    code, _, err = check(capsys)
    assert code == 2 and "unknown rule selector 'RSL62'" in err


def _typos(word: str) -> st.SearchStrategy[str]:
    """One edit away from a real selector: a substituted, dropped, doubled or swapped character."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_O"
    index = st.integers(0, len(word) - 1)
    return st.one_of(
        st.tuples(index, st.sampled_from(alphabet)).map(lambda p: word[: p[0]] + p[1] + word[p[0] + 1 :]),
        index.map(lambda i: word[:i] + word[i + 1 :]),
        index.map(lambda i: word[:i] + word[i] + word[i:]),
        index.map(lambda i: word[:i] + word[i + 1 : i + 2] + word[i : i + 1] + word[i + 2 :]),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    typo=st.sampled_from(WORDS).flatmap(_typos).filter(lambda s: s.strip() and not _valid(s)),
    where=st.sampled_from(["enable", "disable", "select", "ignore"]),
)
def test_a_selector_typo_never_passes_a_blocking_repository(
    repo: Path, capsys: pytest.CaptureFixture[str], typo: str, where: str
) -> None:
    """The S1 bug: whatever the typo and wherever it is, a repository with a blocking finding never exits 0."""
    config = repo / ".reslint.yaml"
    config.unlink(missing_ok=True)
    argv: list[str] = []
    if where in ("enable", "disable"):
        config.write_text(f"rules:\n  {where}: [{json.dumps(typo)}]\n")
    else:
        argv = [f"--{where}={typo}"]
    code, _, err = check(capsys, *argv)
    assert code == 2, (typo, where)
    assert "unknown rule selector" in err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(["fail_tier", "default_tier", "rules", "exclude", "tiers"])
    .flatmap(_typos)
    .filter(
        lambda k: (
            k not in {"fail_tier", "default_tier", "rules", "exclude", "tiers", "tier_keys", "tier_values", "policy"}
            and k.isidentifier()
        )
    )
)
def test_a_config_key_typo_never_passes(repo: Path, capsys: pytest.CaptureFixture[str], key: str) -> None:
    (repo / ".reslint.yaml").write_text(f"{key}: 3\n")
    code, _, err = check(capsys)
    assert code == 2 and f"unknown key {key!r}" in err


def test_enable_that_selects_nothing_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".reslint.yaml").write_text("rules:\n  enable: [RSL201]\n  disable: [replicas]\n")
    code, _, err = check(capsys)
    assert code == 2 and "leave no rule to run" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--select", "RSL201"], {"RSL201"}),
        (["--select", "too-few-replicas"], {"RSL201"}),
        (["--select", "disruption"], {"RSL601"}),  # a category
        (["--select", "RSL2,RSL6"], {"RSL201", "RSL601"}),  # id prefixes, comma-separated
        (["--select", "RSL2", "--select", "RSL6"], {"RSL201", "RSL601"}),
        (["--ignore", "RSL6"], {"RSL201", "RSL101"}),
        (["--select", "ALL", "--ignore", "replicas"], {"RSL601", "RSL101"}),
    ],
)
def test_select_and_ignore(repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: set[str]) -> None:
    code, data, _ = report(capsys, *argv)
    assert {f["rule"] for f in data["findings"]} == expected
    summary = data["summary"]
    assert isinstance(summary, dict) and summary["rules_total"] == len(RULES)
    assert code == 1


def test_select_replaces_enable_and_ignore_adds_to_disable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".reslint.yaml").write_text("rules:\n  enable: [RSL6, RSL1]\n  disable: [RSL101]\n")
    _, data, _ = report(capsys)
    assert {f["rule"] for f in data["findings"]} == {"RSL601"}
    _, data, _ = report(capsys, "--select", "RSL2")
    assert {f["rule"] for f in data["findings"]} == {"RSL201"}
    assert data["summary"]["rules_run"] == 4  # RSL201, 202, 203, 204
    code, _, err = check(capsys, "--select", "RSL201", "--ignore", "too-few-replicas")
    assert code == 2 and "leave no rule to run" in err


def test_summary_says_how_many_rules_ran(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--no-color", "--select", "RSL2"])
    # The summary (the last paragraph) wraps at 80 columns between its " · " parts.
    summary = capsys.readouterr().out.rstrip("\n").split("\n\n")[-1].replace("\n", " · ")
    assert f"4 of {len(RULES)} rules" in summary  # RSL201-RSL204


def test_explain_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "RSL21"]) == 2
    assert "did you mean 'RSL201'?" in capsys.readouterr().err
    assert main(["explain", "too-few-replica"]) == 2
    assert "did you mean 'too-few-replicas'?" in capsys.readouterr().err


def test_unknown_rule_in_a_suppression_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "app.yaml").write_text("# reslint:ignore RSL21 accepted for the pilot\n" + BLOCKING)
    code, data, _ = report(capsys)
    assert code == 2
    [error] = data["errors"]
    assert error["line"] == 1 and "unknown rule 'RSL21'; did you mean 'RSL201'?" in error["message"]
    assert data["unused_suppressions"] == []  # said once, as the error, not again as "matches no finding"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("default_tier: '2'\n", None),
        ("fail_tier: '2'\ntiers: [{tier: '1', paths: ['*']}]\n", None),
        (
            "fail_tier: 2\ndefault_tier: high\n",
            ':2: invalid configuration at default_tier: expected one of 1, 2, 3, got "high"',
        ),
        ("rules:\n  enable: RSL201\n", ':2: invalid configuration at rules.enable: expected a list, got "RSL201"'),
        (
            "fail_teir: 2\n",
            ":1: invalid configuration at (top level): unknown key 'fail_teir'; did you mean 'fail_tier'?",
        ),
        (
            "policy:\n  1:\n    min_replica: 2\n",
            ":3: invalid configuration at policy.1: unknown key 'min_replica'; did you mean 'min_replicas'?",
        ),
    ],
)
def test_config_types_and_lines(
    repo: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str | None
) -> None:
    (repo / ".reslint.yaml").write_text(text)
    code, _, err = check(capsys)
    if expected is None:
        assert code == 1 and err == ""  # numeric strings are tier numbers
    else:
        assert code == 2 and f".reslint.yaml{expected}" in err


def test_a_named_empty_folder_fails_and_the_default_warns(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.yaml").write_text("title: not infrastructure\n")
    code, data, _ = report(capsys, "docs")
    assert code == 2
    assert data["errors"] == [
        {
            "file": "docs",
            "line": None,
            "message": "no Terraform, CloudFormation or Kubernetes file found here "
            "(a CI job pointed here would always pass)",
        }
    ]
    (repo / "app.yaml").unlink()
    code, data, _ = report(capsys)
    assert code == 0
    assert [s["message"] for s in data["skipped"]] == ["no Terraform, CloudFormation or Kubernetes file found here"]


def test_config_is_found_upward_and_named(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    infra = repo / "infra"
    (infra / "prod").mkdir(parents=True)
    (repo / "app.yaml").rename(infra / "prod" / "app.yaml")
    (infra / "prod" / "app.yaml").write_text(BLOCKING.replace(', labels: {reslint.io/tier: "1"}', ""))
    # tiers.paths are relative to the configuration file's folder, wherever reslint runs from.
    (infra / ".reslint.yaml").write_text("default_tier: 3\ntiers: [{tier: 2, paths: ['prod/*']}]\n")
    code, data, _ = report(capsys, "infra")
    assert data["config"] == "infra/.reslint.yaml"
    assert {(f["tier"], f["tier_source"]) for f in data["findings"]} == {(2, "config")}
    assert code == 0
    capsys.readouterr()
    main(["check", "--no-color", "infra"])
    assert "config infra/.reslint.yaml" in capsys.readouterr().out
    _, data, _ = report(capsys, "infra/prod/app.yaml")
    assert data["config"] == "infra/.reslint.yaml"
    _, data, _ = report(capsys, "--no-config", "infra")
    assert data["config"] is None
    (repo / "other").mkdir()
    (repo / "other" / "app.yaml").write_text(BLOCKING)
    code, _, err = check(capsys, "infra", "other")
    assert code == 2 and "different configurations" in err


def test_config_stops_at_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".reslint.yaml").write_text("fail_tier: 0\n")  # outside the repository: never read
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "app.yaml").write_text(BLOCKING)
    monkeypatch.chdir(repo)
    code, data, _ = report(capsys)
    assert code == 1 and data["config"] is None


def test_yaml_and_yml_together_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".reslint.yaml").write_text("fail_tier: 1\n")
    (repo / ".reslint.yml").write_text("fail_tier: 0\n")
    code, _, err = check(capsys)
    assert code == 2 and ".reslint.yml are both in" in err


def test_a_named_file_that_is_not_infrastructure_gets_a_notice(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "notes.yaml").write_text("title: not infrastructure\n")
    code, data, _ = report(capsys, "notes.yaml", "app.yaml")
    assert code == 1 and data["summary"]["files"] == 1
    assert data["skipped"] == [
        {
            "file": "notes.yaml",
            "line": None,
            "message": "not a Terraform, CloudFormation or Kubernetes file: not linted",
        }
    ]
    _, data, _ = report(capsys, "--exclude", "notes.yaml", "notes.yaml", "app.yaml")
    assert data["skipped"] == []
    _, data, _ = report(capsys, "--changed", "notes.yaml", "app.yaml")  # pre-commit passes every YAML file
    assert data["skipped"] == []


def test_config_exclude_globs_with_a_folder_are_relative_to_the_config(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "infra" / "vendor").mkdir(parents=True)
    (repo / "infra" / "vendor" / "app.yaml").write_text(BLOCKING)
    (repo / "infra" / "app.yaml").write_text(BLOCKING.replace("web", "own"))
    (repo / "infra" / ".reslint.yaml").write_text("exclude: ['vendor/*']\n")
    _, data, _ = report(capsys, "infra")
    assert {f["file"] for f in data["findings"]} == {"infra/app.yaml"}
