"""``--changed`` (the pre-commit hook) gives the verdicts of a full run: parity on a fixture repository.

The fixture (tests/fixtures/changed) has a Terraform root module calling a local module, and
Kubernetes manifests in three folders whose tier flows from an Ingress in another folder.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support.paths import ROOT
from _support.report_json import load_report
from reslint.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    from _support.report_json import FindingJSON, ReportJSON

FIXTURE = ROOT / "tests" / "fixtures" / "changed"
FILES = sorted(p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*") if p.is_file())
MODULE, ROOT_TF = "terraform/modules/postgres", "terraform"
# The documented definition (docs/ci.md, "What --changed reports") applied by hand to the
# fixture: findings in KEY are also reported when one of these files changed.
CAUSES = {
    # the root module's folder: its variables and .tfvars decide its resources
    f"{ROOT_TF}/main.tf": {f"{ROOT_TF}/variables.tf", f"{ROOT_TF}/terraform.tfvars"},
    # a module instance: its own folder and its caller's
    f"{MODULE}/main.tf": {
        f"{MODULE}/variables.tf",
        f"{ROOT_TF}/main.tf",
        f"{ROOT_TF}/variables.tf",
        f"{ROOT_TF}/terraform.tfvars",
    },
    # tier 1 from the Ingress, through the Service; the autoscaler is its peer
    "k8s/apps/checkout.yaml": {"k8s/edge/ingress.yaml", "k8s/apps/service.yaml", "k8s/apps/hpa.yaml"},
    "k8s/apps/hpa.yaml": {"k8s/edge/ingress.yaml", "k8s/apps/service.yaml", "k8s/apps/checkout.yaml"},
}


@pytest.fixture(scope="module")
def fixture_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("changed") / "repo"
    shutil.copytree(FIXTURE, repo)
    (repo / ".git").mkdir()
    return repo


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, ReportJSON]:
    code = main(["check", "--format", "json", *argv])
    return code, load_report(capsys.readouterr().out)


def findings(data: ReportJSON) -> list[FindingJSON]:
    return data["findings"]


@pytest.fixture
def full(fixture_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> list[FindingJSON]:
    monkeypatch.chdir(fixture_repo)
    code, data = run(capsys)
    assert code == 1 and data["config"] == ".reslint.yaml"
    # The fixture exercises every kind of cause: findings in both modules and three k8s files.
    assert {f["file"] for f in findings(data)} == {
        f"{ROOT_TF}/main.tf",
        f"{MODULE}/main.tf",
        "k8s/apps/checkout.yaml",
        "k8s/apps/hpa.yaml",
        "k8s/batch/worker.yaml",
    }
    return findings(data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changed=st.lists(st.sampled_from(FILES), min_size=1, max_size=4, unique=True))
def test_changed_equals_the_full_run_filtered(
    full: list[FindingJSON], capsys: pytest.CaptureFixture[str], changed: list[str]
) -> None:
    touched = set(changed)
    expected = [
        f for f in full if f["file"] in touched or CAUSES.get(f["file"], set()) & touched or ".reslint.yaml" in touched
    ]
    code, data = run(capsys, "--changed", *changed)
    assert findings(data) == expected  # same findings, tiers, levels, blocking flags and fingerprints
    assert code == (1 if any(f["blocking"] for f in expected) else 0)


def test_a_change_inside_a_module_is_judged_with_its_callers_inputs(
    fixture_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough's regression: the module's own default tier is 2; its caller says 1."""
    monkeypatch.chdir(fixture_repo)
    code, data = run(capsys, "--changed", f"{MODULE}/main.tf")
    backups = [f for f in findings(data) if f["rule"] == "RSL501"]
    assert [(f["tier"], f["level"], f["blocking"]) for f in backups] == [(1, "error", True)]
    assert backups[0]["resource"]["address"] == "module.orders_db.aws_db_instance.this"
    assert code == 1
    # Only the caller changed (say, its tier input): the module's findings are reported too.
    _, data = run(capsys, "--changed", f"{ROOT_TF}/main.tf")
    assert f"{MODULE}/main.tf" in {f["file"] for f in findings(data)}


def test_from_a_subfolder_the_root_is_the_configuration_folder(
    fixture_repo: Path, full: list[FindingJSON], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(fixture_repo / "k8s")
    code, data = run(capsys, "--changed", "apps/service.yaml")
    assert data["config"] == "../.reslint.yaml"
    got = [{**f, "file": "k8s/" + str(f["file"])} for f in findings(data)]
    assert got == [f for f in full if f["file"] in CAUSES["k8s/apps/hpa.yaml"] | {"k8s/apps/hpa.yaml"}]
    assert code == 1


def test_without_a_configuration_the_root_is_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    (repo / ".reslint.yaml").unlink()
    (repo / ".git").mkdir()
    monkeypatch.chdir(repo / "k8s" / "apps")
    _, data = run(capsys, "--changed", "hpa.yaml")
    assert data["config"] is None
    # The Ingress two folders away still gives the autoscaler tier 1.
    assert [(f["rule"], f["tier"]) for f in findings(data) if f["file"] == "hpa.yaml"] == [("RSL202", 1)]


def test_files_under_different_configurations_each_get_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    (repo / ".git").mkdir()
    (repo / "k8s" / "batch" / ".reslint.yaml").write_text("default_tier: 1\n")
    monkeypatch.chdir(repo)
    code, data = run(capsys, "--changed", "k8s/batch/worker.yaml", "k8s/apps/hpa.yaml", "README.md")
    assert data["config"] == ".reslint.yaml, k8s/batch/.reslint.yaml"
    tiers = {(f["file"], f["tier"]) for f in findings(data)}
    assert tiers == {("k8s/batch/worker.yaml", 1), ("k8s/apps/hpa.yaml", 1), ("k8s/apps/checkout.yaml", 1)}
    assert code == 1


def test_terraform_kubernetes_objects_in_a_module_follow_their_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The kubernetes provider's objects are module instances too: a caller's change reports them."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "modules" / "app").mkdir(parents=True)
    (tmp_path / "main.tf").write_text('module "cart" {\n  source   = "./modules/app"\n  replicas = 1\n}\n')
    (tmp_path / "modules" / "app" / "main.tf").write_text("""\
variable "replicas" { type = number }
resource "kubernetes_deployment_v1" "this" {
  metadata {
    name      = "cart"
    namespace = "shop"
  }
  spec {
    replicas = var.replicas
    selector {
      match_labels = { app = "cart" }
    }
    template {
      metadata {
        labels = { app = "cart" }
      }
      spec {
        container {
          name  = "app"
          image = "example/cart:1"
        }
      }
    }
  }
}
""")
    monkeypatch.chdir(tmp_path)
    _, full = run(capsys)
    replicas = [f for f in findings(full) if f["rule"] == "RSL201"]
    assert [f["file"] for f in replicas] == ["modules/app/main.tf"]
    code, data = run(capsys, "--changed", "main.tf")
    assert findings(data) == findings(full) and code == 1
