"""Incremental evaluation: a warm report always equals a cold one, whatever changed in between.

The repository under test is assembled from the project's fixtures: Terraform root modules that
call local modules (some called from two roots), an installed module listed in
``.terraform/modules/modules.json``, tfvars, CloudFormation templates with a parameter file, and
Kubernetes manifests. Hypothesis edits random files of it (values, new blocks, syntax errors,
deleted and new files, module sources, manifests) and after every edit the report of a run with
the cache must be byte-identical to one without it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support.fuzzing import examples
from _support.paths import FIXTURES
from reslint.formats import BuildOptions
from reslint.reporters.json import JsonReporter
from reslint.reporting import RenderOptions
from reslint.scan import ScanOptions, scan

if TYPE_CHECKING:
    from reslint.plugins import Registry


CALLER = """\
module "shared_db" {
  source   = "../modules/db"
  name     = "billing"
  multi_az = false
}

module "remote" {
  source = "terraform-aws-modules/vpc/aws"
}

resource "aws_autoscaling_group" "web" {
  min_size            = var.size
  max_size            = 4
  vpc_zone_identifier = module.remote.private_subnets
}

variable "size" {
  default = 1
}
"""

INSTALLED = """\
output "private_subnets" {
  value = ["subnet-1", "subnet-2"]
}

resource "aws_nat_gateway" "this" {
  count     = 1
  subnet_id = "subnet-1"
}
"""

MANIFEST_JSON = '{"Modules": [{"Key": "remote", "Source": "x", "Dir": ".terraform/modules/remote"}]}'

#: Text an edit may append to a file of the kind, or write as a new file.
SNIPPETS = {
    ".tf": [
        'resource "aws_db_instance" "extra" {\n  multi_az = false\n  backup_retention_period = 1\n}\n',
        'resource "aws_autoscaling_group" "more" {\n  min_size = 1\n  max_size = 2\n}\n',
        'variable "name" {\n  default = "dup"\n}\n',
        'module "again" {\n  source = "../modules/cache"\n  name   = "again"\n}\n',
        'module "db_too" {\n  source = "../modules/db"\n  name   = "too"\n  multi_az = true\n}\n',
        'module "loop" {\n  source = "../root"\n}\n',
        'module "gone" {\n  source = "../nowhere"\n}\n',
        "locals {\n  size = 3\n}\n",
        'resource "aws_subnet" "broken" {\n  availability_zone = \n',
        'output "endpoint" {\n  value = "changed"\n}\n',
    ],
    ".tfvars": ['env = "dev"\n', "size = 3\n", "env = \n"],
    ".yaml": [
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: extra\nspec:\n  replicas: 1\n"
        "  selector:\n    matchLabels: {app: extra}\n  template:\n    metadata:\n      labels: {app: extra}\n"
        "    spec:\n      containers:\n      - name: c\n        image: nginx\n",
        "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n"
        "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 3\n  maxReplicas: 5\n",
        "  Extra:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MultiAZ: false\n",
        "key: [unclosed\n",
    ],
    ".json": ['[{"ParameterKey": "Env", "ParameterValue": "dev"}]', "{not json"],
}
NUMBER = re.compile(r"(?<![\w.-])\d+(?![\w.])")


def _build_repo(root: Path) -> None:
    tf = FIXTURES / "terraform"
    shutil.copytree(tf / "modules", root / "tf" / "modules-fixture")
    shutil.copytree(tf / "references", root / "tf" / "references")
    caller = root / "tf" / "modules-fixture" / "caller"
    caller.mkdir()
    (caller / "main.tf").write_text(CALLER)
    (caller / "terraform.tfvars").write_text("size = 2\n")
    installed = caller / ".terraform" / "modules"
    (installed / "remote").mkdir(parents=True)
    (installed / "remote" / "main.tf").write_text(INSTALLED)
    (installed / "modules.json").write_text(MANIFEST_JSON)
    shutil.copy(FIXTURES / "rules" / "RSL201" / "fail-aws.tf", root / "tf" / "rsl201.tf")
    cfn = root / "cfn"
    cfn.mkdir()
    for name in ("app.yaml", "app.json", "sam.yaml"):
        shutil.copy(FIXTURES / "cloudformation" / name, cfn / name)
    shutil.copy(FIXTURES / "cloudformation" / "params-list.json", root / "params.json")
    k8s = root / "k8s"
    k8s.mkdir()
    shutil.copy(FIXTURES / "rules" / "RSL201" / "fail.yaml", k8s / "web.yaml")
    shutil.copy(FIXTURES / "rules" / "RSL201" / "pass.yaml", k8s / "other.yaml")


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".tf", ".tfvars", ".yaml", ".json"))


def _suffix(path: Path) -> str:
    return path.suffix if path.suffix in SNIPPETS else ".tf"


@st.composite
def edits(draw: st.DrawFn, root: Path) -> list[tuple[str, object, object]]:
    """A few edits, each named by the relative path it applies to and what it does."""
    steps: list[tuple[str, object, object]] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["number", "append", "delete-line", "delete", "create", "restore"]))
        choice = draw(st.integers(0, 10_000))
        extra = draw(st.integers(0, 10_000))
        steps.append((kind, choice, extra))
    return steps


def _apply(root: Path, original: dict[Path, str], step: tuple[str, object, object]) -> None:
    kind, choice, extra = step
    assert isinstance(choice, int) and isinstance(extra, int)
    files = _files(root)
    if kind == "restore":
        path = sorted(original)[choice % len(original)]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(original[path])
        return
    if kind == "create":
        folders = sorted({p.parent for p in original})
        folder = folders[choice % len(folders)]
        suffix = [".tf", ".tfvars", ".yaml"][extra % 3]
        name = "terraform.tfvars" if suffix == ".tfvars" else f"new{extra % 4}{suffix}"
        options = SNIPPETS[suffix]
        (folder / name).write_text(options[extra % len(options)])
        return
    if not files:
        return
    path = files[choice % len(files)]
    text = path.read_text()
    if kind == "delete":
        path.unlink()
    elif kind == "number":
        numbers = list(NUMBER.finditer(text))
        if numbers:
            match = numbers[extra % len(numbers)]
            path.write_text(text[: match.start()] + str(extra % 5) + text[match.end() :])
    elif kind == "append":
        options = SNIPPETS[_suffix(path)]
        path.write_text(text + ("" if text.endswith("\n") else "\n") + options[extra % len(options)])
    elif kind == "delete-line":
        lines = text.splitlines(keepends=True)
        if lines:
            del lines[extra % len(lines)]
            path.write_text("".join(lines))


def _report(registry: Registry, root: Path, *, cache: bool) -> str:
    options = ScanOptions(
        paths=(str(root),),
        build=BuildOptions(cache=cache, parameter_files=(str(root / "params.json"),)),
    )
    return JsonReporter().render(scan(options, registry), RenderOptions())


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    _build_repo(root)
    return root


@settings(
    max_examples=examples(12),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_warm_incremental_report_equals_cold(
    registry: Registry, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    root = tmp_path_factory.mktemp("edited")
    _build_repo(root)
    original = {path: path.read_text() for path in _files(root)}
    os.environ["RESLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    assert _report(registry, root, cache=True) == _report(registry, root, cache=False)  # cold == plain
    for _round in range(data.draw(st.integers(1, 4))):
        for step in data.draw(edits(root)):
            _apply(root, original, step)
        warm = _report(registry, root, cache=True)
        assert warm == _report(registry, root, cache=False)


def test_a_change_re_evaluates_only_the_roots_it_reaches(
    registry: Registry, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reslint.terraform import _instance

    root = tmp_path / "repo"
    shutil.copytree(repo, root)
    monkeypatch.setenv("RESLINT_CACHE_DIR", str(tmp_path / "cache"))
    evaluated: list[str] = []
    original = _instance.Inst.emit

    def counting(self: _instance.Inst) -> None:
        if self.parent is None:
            evaluated.append(Path(self.defn.dir).name)
        original(self)

    monkeypatch.setattr(_instance.Inst, "emit", counting)
    _report(registry, root, cache=True)
    assert sorted(evaluated) == ["caller", "root", "root", "tf"]
    evaluated.clear()
    _report(registry, root, cache=True)
    assert evaluated == []  # nothing changed: every root module from the cache
    db = root / "tf" / "modules-fixture" / "modules" / "db" / "main.tf"
    db.write_text(db.read_text().replace("${var.name}-db", "${var.name}-database"))
    _report(registry, root, cache=True)
    assert sorted(evaluated) == ["caller", "root"]  # the two roots that call modules/db
    evaluated.clear()
    installed = root / "tf" / "modules-fixture" / "caller" / ".terraform" / "modules" / "remote" / "main.tf"
    installed.write_text(installed.read_text().replace("count     = 1", "count     = 3"))
    warm = _report(registry, root, cache=True)
    assert evaluated == ["caller"]  # a module outside the selection, read through modules.json
    assert warm == _report(registry, root, cache=False)


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_entry_is_ignored_and_rebuilt(
    registry: Registry, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("RESLINT_CACHE_DIR", str(cache_dir))
    expected = _report(registry, repo, cache=False)
    assert _report(registry, repo, cache=True) == expected
    entries = sorted(p for p in cache_dir.rglob("*") if p.is_file())
    assert len(entries) > 10
    for entry in entries:
        data = entry.read_bytes()
        if damage == "truncate":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "flip":  # one bit deep inside the pickled value: still loads, but wrong
            middle = len(data) * 2 // 3
            entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])
        elif damage == "garbage":
            entry.write_bytes(os.urandom(len(data)))
        else:
            entry.write_bytes(b"")
    assert _report(registry, repo, cache=True) == expected
    rebuilt = {p: p.read_bytes() for p in cache_dir.rglob("*") if p.is_file()}
    assert all(rebuilt[entry] != b"" for entry in entries)  # every entry written again
    assert _report(registry, repo, cache=True) == expected


def test_two_processes_share_one_cache(repo: Path, tmp_path: Path) -> None:
    env = {**os.environ, "RESLINT_CACHE_DIR": str(tmp_path / "cache"), "RESLINT_POOL_MIN_BYTES": "0"}
    command = [
        sys.executable,
        "-m",
        "reslint",
        "check",
        str(repo),
        "--no-config",
        "--format",
        "json",
        "--cfn-params",
        str(repo / "params.json"),
    ]
    plain = subprocess.run([*command, "--no-cache"], env=env, capture_output=True, text=True, check=False)
    assert plain.stdout.startswith("{"), plain.stderr
    for _round in range(3):  # cold (both write), then warm (both read) with the other writing
        runs = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [run.communicate() for run in runs]
        assert [out for out, _err in outputs] == [plain.stdout, plain.stdout], outputs[0][1]


def test_a_result_field_the_cache_would_not_restore_turns_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reslint.cloudformation import _loader as cfn_loader
    from reslint.cloudformation.format import CloudFormationFormat
    from reslint.formats import SourceFile
    from reslint.terraform import _incremental
    from reslint.terraform.format import TerraformFormat

    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("RESLINT_CACHE_DIR", str(cache_dir))
    # As if TfResult had grown a field root entries do not store.
    monkeypatch.setattr(_incremental, "STORED_RESULT_FIELDS", frozenset({"instances", "errors"}))
    main_tf = 'resource "aws_db_instance" "db" {\n  multi_az = false\n}\n'
    TerraformFormat().build([SourceFile(str(tmp_path / "main.tf"), main_tf, str(tmp_path))], BuildOptions())
    assert len([p for p in cache_dir.rglob("*") if p.is_file()]) == 1  # the parsed file only
    monkeypatch.setattr(cfn_loader, "usable", lambda: False)
    template = (FIXTURES / "cloudformation" / "app.yaml").read_text()
    source = SourceFile(str(tmp_path / "t.yaml"), template, str(tmp_path))
    built = CloudFormationFormat().build([source], BuildOptions())
    assert built.resources
    assert len([p for p in cache_dir.rglob("*") if p.is_file()]) == 1
