"""``reslint fix``: minimal edits at the value's own place, checked before they are written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from _support.golden import updating
from _support.paths import FIXTURES as ALL_FIXTURES
from _support.paths import SCHEMAS
from reslint.autofix.edits import Refused, apply
from reslint.autofix.hcl import edits_for
from reslint.autofix.yaml import kubernetes_edits
from reslint.cli import main
from reslint.scan import ScanOptions, scan
from reslint.testing import assert_golden, folder_config

if TYPE_CHECKING:
    from reslint.plugins import Registry

FIXTURES = ALL_FIXTURES / "fix"
CASES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())


def _findings(registry: Registry, folder: Path) -> set[tuple[str, str, str]]:
    report = scan(ScanOptions(paths=(str(folder),)), registry)
    assert not report.errors, report.errors
    return {(f.rule, f.address, f.file.rsplit("/", 1)[-1]) for f in report.findings}


def _fix(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["fix", "--no-config", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", CASES)
def test_fix_writes_minimal_edits_that_remove_the_findings(
    case: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    registry: Registry,
    request: pytest.FixtureRequest,
) -> None:
    shutil.copytree(FIXTURES / case, tmp_path / case, ignore=shutil.ignore_patterns("expected.diff"))
    monkeypatch.chdir(tmp_path)
    before = _findings(registry, Path(case))
    fixable = {(f.rule, f.address) for f in scan(ScanOptions(paths=(case,)), registry).findings if f.fixable}
    assert fixable, "the fixture has fixable findings"

    code, diff, _ = _fix(capsys, case)
    assert code == 1
    assert_golden(FIXTURES / case / "expected.diff", diff, update=updating(request.config))
    # The diff changes nothing on disk.
    assert _findings(registry, Path(case)) == before

    code, out, err = _fix(capsys, "--write", case)
    assert code == 0, err
    assert out == ""
    after = _findings(registry, Path(case))
    gone = before - after
    assert after <= before, f"new findings: {after - before}"
    assert {(rule, address) for rule, address, _ in gone} == fixable - _refused(err)

    # Applying the golden diff by hand gives the same files: nothing outside the diff changed.
    for source in (FIXTURES / case).rglob("*"):
        if source.is_file() and source.name != "expected.diff":
            relative = source.relative_to(FIXTURES / case).as_posix()
            assert (tmp_path / case / relative).read_text() == _patched(source, diff, f"{case}/{relative}")

    code, diff, err = _fix(capsys, case)
    assert (code, diff) == (0, ""), err


def _refused(err: str) -> set[tuple[str, str]]:
    refused = set()
    for line in err.splitlines():
        if ": not fixed: " in line:
            rule, address = line.split(": not fixed: ")[0].split(": ", 1)[1].split(" ", 1)
            refused.add((rule, address))
    return refused


def _patched(source: Path, diff: str, shown: str) -> str:
    """*source* with the hunks of *diff* for it applied, by a reader of diffs independent of ours."""
    lines = source.read_text().splitlines(keepends=True)
    name = f"a/{shown}"
    sections = diff.split("--- ")
    section = next((s for s in sections if s.startswith(name + "\n")), None)
    if section is None:
        return "".join(lines)
    out: list[str] = []
    position = 0
    for hunk in re.split(r"(?m)^@@ -", section)[1:]:
        header, _, body = hunk.partition("\n")
        start = int(header.split(",")[0].split(" ")[0]) - 1
        out += lines[position:start]
        position = start
        for line in body.splitlines(keepends=True):
            if line.startswith(" "):
                position += 1
                out.append(line[1:])
            elif line.startswith("-"):
                position += 1
            elif line.startswith("+"):
                out.append(line[1:])
    return "".join(out + lines[position:])


def test_terraform_values_are_edited_where_set_when_only_one_resource_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FIXTURES / "terraform", tmp_path / "t")
    monkeypatch.chdir(tmp_path)
    _, diff, err = _fix(capsys, "t")
    # A variable's default, a terraform.tfvars value and a module argument, each read only here.
    assert "-  default = false # decided per environment\n+  default = true # decided per environment" in diff
    assert "-workers_min_size = 1   # nights are quiet\n+workers_min_size = 2   # nights are quiet" in diff
    assert "-  multi_az = false # cheaper\n+  multi_az = true # cheaper" in diff
    # Read by two resources: refused, naming the source.
    assert (
        "aws_db_instance.billing: not fixed: `multi_az` comes from variable `var.shared_multi_az`, set by its "
        "default in t/main.tf, which 1 other place(s) in t also read" in err
    )
    assert (
        "aws_autoscaling_group.batch_a: not fixed: `min_size` comes from variable `var.batch_min_size`, set in "
        "t/terraform.tfvars, which 1 other place(s)" in err
    )
    assert (
        "module.replicas[0].aws_db_instance.this: not fixed: `multi_az` comes from variable `var.multi_az` of a "
        "nested or expanded module instance" in err
    )
    assert "+batch_min_size" not in diff


def test_var_on_the_command_line_is_not_edited_in_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FIXTURES / "terraform", tmp_path / "t")
    monkeypatch.chdir(tmp_path)
    _, diff, err = _fix(capsys, "--var", "workers_min_size=1", "t")
    assert "workers_min_size" not in diff
    assert "`var.workers_min_size`, set by --var on the command line" in err


def test_cloudformation_parameter_default_is_edited_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FIXTURES / "cloudformation", tmp_path / "c")
    monkeypatch.chdir(tmp_path)
    _, diff, err = _fix(capsys, "c")
    assert '-    Default: "false"   # the only reader is ReportsDb\n+    Default: "true"   # the only reader' in diff
    assert (
        "RSL103 BillingDb: not fixed: `MultiAZ` comes from CloudFormation parameter `SharedMultiAZ`, which 1 "
        "other place(s) in the template also use" in err
    )
    _, diff, err = _fix(capsys, "--cfn-param", "ReportsMultiAZ=false", "c")
    assert "Default" not in diff
    assert "parameter `ReportsMultiAZ`, given a value at deploy time" in err


def test_rule_option_limits_the_fixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FIXTURES / "terraform", tmp_path / "t")
    monkeypatch.chdir(tmp_path)
    code, diff, _ = _fix(capsys, "--rule", "RSL201", "t")
    assert code == 1
    assert "+  min_size           = 2" in diff
    assert "multi_az" not in diff and "backup_retention_period" not in diff
    assert _fix(capsys, "--rule", "RSL999", "t")[0] == 2


def test_module_block_used_by_several_instances_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "modules" / "db").mkdir(parents=True)
    (tmp_path / "modules" / "db" / "main.tf").write_text(
        'variable "zonal" {}\nresource "aws_db_instance" "this" {\n  engine   = "postgres"\n  multi_az = false\n'
        "  backup_retention_period = 7\n}\n"
    )
    (tmp_path / "main.tf").write_text(
        'module "a" {\n  source = "./modules/db"\n  zonal = 1\n}\n'
        'module "b" {\n  source = "./modules/db"\n  zonal = 2\n  count = 1\n}\n'
    )
    monkeypatch.chdir(tmp_path)
    code, diff, err = _fix(capsys, ".")
    assert "multi_az = true" in diff  # both instances need it: the module's literal is fixed once
    assert code == 1, err


def test_stdin_is_not_edited(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    text = (FIXTURES / "kubernetes" / "shop.yaml").read_text()
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, diff, err = _fix(capsys, "-")
    assert (code, diff) == (0, "")
    assert "standard input is not edited" in err


def test_hcl_scanner_skips_heredocs_strings_and_comments() -> None:
    text = (
        'resource "aws_db_instance" "a" {\n'
        "  description = <<EOT\n  } not the end {\nEOT\n"
        '  name = "a } b ${jsonencode({x = "}"})}" // }\n'
        "  /* } */\n"
        "  multi_az = false # }\n"
        "}\n"
    )
    edits = edits_for(text, 1, [(("multi_az",), True, False), (("backup", "enabled"), True, False)])
    assert apply(text, edits) == text.replace("multi_az = false", "multi_az = true").replace(
        "# }\n}", "# }\n  backup {\n    enabled = true\n  }\n}"
    )


def test_hcl_refuses_expressions_and_one_line_blocks() -> None:
    with pytest.raises(Refused, match=r"local value `local\.zonal`"):
        edits_for('resource "a" "b" {\n  multi_az = local.zonal\n}\n', 1, [(("multi_az",), True, False)])
    with pytest.raises(Refused, match="one-line block"):
        edits_for('resource "a" "b" { x = 1 }\n', 1, [(("multi_az",), True, False)])


def test_yaml_refuses_aliases_and_merged_keys() -> None:
    alias = "kind: Deployment\nmetadata: {name: a}\nx: &one 1\nspec:\n  replicas: *one\n"
    with pytest.raises(Refused, match="is an alias"):
        kubernetes_edits(alias, "Deployment", "a", None, [(("spec", "replicas"), 2, True)])
    merged = "base: &b\n  replicas: 1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  <<: *b\n  paused: false\n"
    with pytest.raises(Refused, match="merged anchor"):
        kubernetes_edits(merged, "Deployment", "a", None, [(("spec", "replicas"), 2, True)])


def test_minimum_keeps_a_larger_value() -> None:
    text = "kind: Deployment\nmetadata: {name: a}\nspec:\n  replicas: 5\n"
    assert kubernetes_edits(text, "Deployment", "a", None, [(("spec", "replicas"), 2, True)]) == []


@pytest.mark.parametrize("case", CASES)
def test_sarif_fixes_are_the_edits_fix_writes(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import hashlib

    import jsonschema

    shutil.copytree(FIXTURES / case, tmp_path / case, ignore=shutil.ignore_patterns("expected.diff"))
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-config", "--format", "sarif", case]) == 1
    log = json.loads(capsys.readouterr().out)
    schema = SCHEMAS / "sarif-2.1.0.json"
    data = schema.read_bytes()
    assert hashlib.sha256(data).hexdigest().startswith("c3b4bb2d")
    assert list(jsonschema.Draft4Validator(json.loads(data)).iter_errors(log)) == []
    # Applying the SARIF replacements by line and column gives what `fix --write` writes.
    texts: dict[str, list[tuple[int, int, int, int, str]]] = {}
    for result in log["runs"][0]["results"]:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    texts.setdefault(change["artifactLocation"]["uri"], []).append(
                        (
                            region["startLine"],
                            region["startColumn"],
                            region["endLine"],
                            region["endColumn"],
                            replacement["insertedContent"]["text"],
                        )
                    )
    assert texts
    expected = {}
    for uri, replacements in texts.items():
        lines = Path(uri).read_text().splitlines(keepends=True)
        offsets = [sum(len(line) for line in lines[:n]) for n in range(len(lines) + 1)]
        text = "".join(lines)
        for start_line, start_column, end_line, end_column, new in sorted(set(replacements), reverse=True):
            start = offsets[start_line - 1] + start_column - 1
            end = offsets[end_line - 1] + end_column - 1
            text = text[:start] + new + text[end:]
        expected[uri] = text
    assert main(["fix", "--no-config", "--write", case]) == 0
    capsys.readouterr()
    for uri, text in expected.items():
        assert Path(uri).read_text() == text


def _rule_fixtures() -> list[str]:
    """Every failing rule fixture (file or folder), by path under tests/fixtures/rules."""
    root = ALL_FIXTURES / "rules"
    return sorted(path.relative_to(root).as_posix() for path in root.glob("RSL*/fail*"))


def _keys(err: str, marker: str) -> set[tuple[str, str]]:
    keys = set()
    for line in err.splitlines():
        if f": {marker}" in line:
            rule, address = line.split(f": {marker}")[0].split(": ", 1)[1].split(" ", 1)
            keys.add((rule, address))
    return keys


@pytest.mark.parametrize("fixture", _rule_fixtures())
def test_every_fixable_finding_of_the_rule_fixtures_is_fixed_or_refused(
    fixture: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    registry: Registry,
) -> None:
    """For every fixable rule and format the rule fixtures hold: `fix --write` removes the fixable
    findings it does not refuse, adds none except those it reports as revealed, the files still
    parse, and a second run has nothing to do."""
    source = ALL_FIXTURES / "rules" / fixture
    target = tmp_path / source.name
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copy(source, target)
    monkeypatch.chdir(tmp_path)
    # The rule folder's configuration (RSL901's turns the rule on) governs fix as it governs check.
    settings = ALL_FIXTURES / "rules" / fixture.split("/", maxsplit=1)[0] / ".reslint.yaml"
    config = folder_config(settings.parent)
    options = ("--config", str(settings)) if settings.is_file() else ("--no-config",)
    before_report = scan(ScanOptions(paths=(source.name,), config=config), registry)
    fixable = {(f.rule, f.address) for f in before_report.findings if f.fixable}
    if before_report.errors or not fixable:
        # Nothing to fix (or a file that does not parse): fix shows no diff and changes nothing.
        code, diff, err = _fix_with(capsys, *options, source.name)
        assert (code, diff) == (2 if before_report.errors else 0, ""), err
        return
    before = {(f.rule, f.address) for f in before_report.findings}
    code, out, err = _fix_with(capsys, *options, "--write", source.name)
    assert (code, out) == (0, ""), err
    after_report = scan(ScanOptions(paths=(source.name,), config=config), registry)
    assert after_report.errors == []
    after = {(f.rule, f.address) for f in after_report.findings}
    refused = _keys(err, "not fixed: ")
    assert not (after & (fixable - refused)), err
    assert after - before <= _keys(err, "now reported"), err
    code, diff, err = _fix_with(capsys, *options, source.name)
    assert (code, diff) == (0, ""), err


def _fix_with(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["fix", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fixture", ["fail-aws.tf", "fail-cfn-aws.yaml"])
def test_a_rule_off_by_default_is_fixed_under_the_configuration_that_turns_it_on(
    fixture: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """RSL901 runs only where a configuration turns it on: there, fix writes its edits (the sweep
    above runs its fixtures the same way), and without it there is nothing to fix."""
    folder = ALL_FIXTURES / "rules" / "RSL901"
    shutil.copy(folder / fixture, tmp_path / fixture)
    shutil.copy(folder / ".reslint.yaml", tmp_path / ".reslint.yaml")
    monkeypatch.chdir(tmp_path)
    assert _fix(capsys, "--rule", "RSL901", fixture)[:2] == (0, "")  # --no-config: the rule is off
    code, diff, err = _fix_with(capsys, "--rule", "RSL901", fixture)
    assert code == 1, err
    assert re.search(r"(?m)^\+.*[Dd]eletion_?[Pp]rotection", diff), diff
    main(["check", "--select", "RSL901", "--format", "json", fixture])
    before = json.loads(capsys.readouterr().out)["findings"]
    assert _fix_with(capsys, "--write", fixture)[0] == 0
    main(["check", "--select", "RSL901", "--format", "json", fixture])
    after = json.loads(capsys.readouterr().out)["findings"]
    # Every fixable finding is gone; what is left needs a person (a list of load balancer attributes).
    assert [f for f in after if f["fixable"]] == [] and len(after) < len(before)
    assert {f["fingerprint"] for f in after} <= {f["fingerprint"] for f in before}
    assert _fix_with(capsys, fixture)[:2] == (0, "")


def test_workload_fixes_refuse_what_they_cannot_copy_or_would_not_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FIXTURES / "kubernetes-workloads", tmp_path / "k")
    monkeypatch.chdir(tmp_path)
    _, diff, err = _fix(capsys, "k")
    ledger = "shop/StatefulSet/ledger: not fixed: the workload's selector uses `matchExpressions`"
    assert f"RSL601 {ledger}" in err and f"RSL101 {ledger}" in err
    assert "RSL701 default/Deployment/cache: not fixed: `strategy.type: Recreate` stops every pod" in err
    assert "+  name: ledger\n" not in diff
    # A budget of that name already there (selecting other pods) is not overwritten or doubled.
    (tmp_path / "k" / "budget.yaml").write_text(
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: api, namespace: shop}\n"
        "spec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: other}}\n"
    )
    _, diff, err = _fix(capsys, "k")
    assert "RSL601 shop/Deployment/api: not fixed: a PodDisruptionBudget named api exists already" in err
    assert "+  name: api\n" not in diff


def test_a_spread_that_is_written_but_wrong_is_not_doubled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ALL_FIXTURES / "rules" / "RSL101" / "fail-spread-that-spreads-nothing.yaml", tmp_path / "s.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, err = _fix(capsys, "--rule", "RSL101", "--write", "s.yaml")
    assert (code, out) == (0, "")
    assert err.count("not fixed: ") == 4
    assert "not fixed: nodeSelector topology.kubernetes.io/zone: eu-west-1b: correct the placement" in err
    assert "topologySpreadConstraints[0] has no labelSelector, so it counts no pods" in err
    assert (tmp_path / "s.yaml").read_text() == (
        ALL_FIXTURES / "rules" / "RSL101" / "fail-spread-that-spreads-nothing.yaml"
    ).read_text()


def test_workload_fixes_are_not_made_on_rendered_or_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    text = (FIXTURES / "kubernetes-workloads" / "api.yaml").read_text()
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, diff, err = _fix(capsys, "-")
    assert (code, diff) == (0, "")
    assert "RSL601 shop/Deployment/api: not fixed: standard input is not edited" in err
    assert "RSL101 shop/Deployment/api: not fixed: standard input is not edited" in err


def test_the_fixes_a_fix_reveals_are_made_in_the_same_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One replica raised to two makes the budget and spread rules apply: fix makes those too,
    so a second run has nothing to do."""
    (tmp_path / "web.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n"
        "    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n"
        "    spec:\n      containers:\n        - name: web\n          image: example/web:1\n"
        "          readinessProbe: {httpGet: {path: /, port: 80}}\n"
        "          livenessProbe: {httpGet: {path: /, port: 80}}\n"
    )
    monkeypatch.chdir(tmp_path)
    code, _, err = _fix(capsys, "--write", "web.yaml")
    assert code == 0, err
    assert "3 findings fixed in 1 file (written)" in err
    assert main(["check", "--no-config", "web.yaml"]) == 0
    capsys.readouterr()
    assert _fix(capsys, "web.yaml")[:2] == (0, "")


def test_list_values_are_written_in_each_editor() -> None:
    from reslint.autofix.json import cloudformation_edits as json_edits
    from reslint.autofix.yaml import cloudformation_edits

    zones = ("1", "2", "3")
    hcl = 'resource "azurerm_public_ip" "a" {\n  name  = "a"\n  zones = ["1"] # one zone\n}\n'
    assert apply(hcl, edits_for(hcl, 1, [(("zones",), zones, False)])) == hcl.replace(
        '["1"] # one', '["1", "2", "3"] # one'
    )
    missing = 'resource "azurerm_public_ip" "a" {\n  name = "a"\n}\n'
    assert apply(missing, edits_for(missing, 1, [(("zones",), zones, False)])).endswith(
        '  zones = ["1", "2", "3"]\n}\n'
    )
    assert edits_for(hcl.replace('["1"]', '["1", "2", "3"]'), 1, [(("zones",), zones, False)]) == []
    with pytest.raises(Refused, match=r"local value `local\.zones`"):
        edits_for(hcl.replace('["1"]', "local.zones"), 1, [(("zones",), zones, False)])
    yaml = "Resources:\n  A:\n    Type: X\n    Properties:\n      Name: a\n      Zones: ['1'] # one\n"
    assert apply(yaml, cloudformation_edits(yaml, "A", [(("Zones",), zones, False)])) == yaml.replace(
        "['1'] # one", '["1", "2", "3"] # one'
    )
    inserted = apply(yaml, cloudformation_edits(yaml, "A", [(("Other",), zones, False)]))
    assert '      Other: ["1", "2", "3"]\n' in inserted
    with pytest.raises(Refused, match="one item per line"):
        cloudformation_edits(yaml.replace("['1'] # one", "\n        - '1'"), "A", [(("Zones",), zones, False)])
    document = (
        '{\n  "Resources": {\n    "A": {\n      "Type": "X",\n      "Properties": {\n'
        '        "Zones": [\n          "1"\n        ]\n      }\n    }\n  }\n}\n'
    )
    edited = apply(document, json_edits(document, "A", [(("Zones",), zones, False)]))
    assert '"Zones": ["1", "2", "3"]' in edited
    assert json_edits(edited, "A", [(("Zones",), zones, False)]) == []


def test_a_fix_in_one_file_that_reveals_findings_in_another_fixes_them_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An autoscaler's minimum raised in its own file is the replica count of the Deployment it
    scales in another file, which then needs a budget and a spread: one run makes all three."""
    (tmp_path / "web.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n"
        "    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n"
        "    spec:\n      containers:\n        - name: web\n          image: example/web:1\n"
        "          readinessProbe: {httpGet: {path: /, port: 80}}\n"
        "          livenessProbe: {httpGet: {path: /, port: 80}}\n"
    )
    (tmp_path / "hpa.yaml").write_text(
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n"
        "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n"
        "  maxReplicas: 4\n"
    )
    monkeypatch.chdir(tmp_path)
    code, _, err = _fix(capsys, "--write", ".")
    assert code == 0, err
    assert "minReplicas: 2" in (tmp_path / "hpa.yaml").read_text()
    assert "kind: PodDisruptionBudget" in (tmp_path / "web.yaml").read_text()
    assert "topologySpreadConstraints:" in (tmp_path / "web.yaml").read_text()
    assert main(["check", "--no-config", "."]) == 0
    capsys.readouterr()
    assert _fix(capsys, ".")[:2] == (0, "")


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl renders the Kustomize folder")
def test_workload_fixes_are_refused_on_rendered_kustomize_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A finding moved from rendered output to the base it came from is not edited there: the
    base may be rendered by other overlays too."""
    shutil.copy(FIXTURES / "kubernetes-workloads" / "api.yaml", tmp_path / "api.yaml")
    (tmp_path / "kustomization.yaml").write_text("resources:\n  - api.yaml\n")
    monkeypatch.chdir(tmp_path)
    code, diff, err = _fix(capsys, ".")
    assert (code, diff) == (0, ""), err
    assert "RSL601 shop/Deployment/api: not fixed: the resource comes from rendered output" in err
    assert "RSL101 shop/Deployment/api: not fixed: the resource comes from rendered output" in err


def test_terraform_workload_fixes_refuse_expanded_blocks_and_expression_selectors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (FIXTURES / "terraform-kubernetes" / "main.tf").read_text()
    (tmp_path / "counted.tf").write_text(
        text.replace('"storefront" {\n  metadata {', '"storefront" {\n  count = 2\n  metadata {', 1)
    )
    (tmp_path / "expressions.tf").write_text(
        text.replace('"storefront"', '"catalog"', 1)
        .replace('name      = "storefront"', 'name      = "catalog"')
        .replace(
            '    selector {\n      match_labels = {\n        app  = "storefront"\n        tier = "1"\n      }\n    }',
            '    selector {\n      match_expressions {\n        key      = "app"\n        operator = "In"\n'
            '        values   = ["storefront"]\n      }\n    }',
        )
    )
    monkeypatch.chdir(tmp_path)
    _, diff, err = _fix(capsys, "--rule", "RSL601", "--rule", "RSL101", ".")
    assert diff == ""
    for rule in ("RSL601", "RSL101"):
        assert f"{rule} kubernetes_deployment_v1.storefront[0]: not fixed: count or for_each makes" in err
        assert f"{rule} kubernetes_deployment_v1.catalog: not fixed: the workload's selector uses" in err
