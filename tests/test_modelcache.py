"""The model cache: a format's whole build reused while nothing it read changed (``modelcache.py``).

That a warm report always equals a cold one after random edits is the property test of
``test_incremental.py``, which goes through the model cache like every run; here, that a warm run
really builds nothing, and each thing a build reads besides its sources invalidates it.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from _support.paths import FIXTURES
from reslint import modelcache
from reslint.formats import BuildOptions, ModelBuild, SourceFile
from reslint.reporters.json import JsonReporter
from reslint.reporting import RenderOptions
from reslint.scan import ScanOptions, scan
from reslint.terraform.format import TerraformFormat

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from reslint.plugins import Registry

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
"""


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("RESLINT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def builds(registry: Registry, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The formats whose ``build`` ran (instead of coming from the model cache)."""
    ran: list[str] = []
    for fmt in registry.input_formats:
        original = type(fmt).build

        def counting(
            self: object,
            sources: Sequence[SourceFile],
            options: BuildOptions,
            original: object = original,
            name: str = fmt.name,
        ) -> ModelBuild:
            ran.append(name)
            assert callable(original)
            built = original(self, sources, options)
            assert isinstance(built, ModelBuild)
            return built

        monkeypatch.setattr(type(fmt), "build", counting)
    return ran


def _repo(root: Path) -> Path:
    tf = FIXTURES / "terraform"
    shutil.copytree(tf / "modules", root / "tf")
    (root / "k8s").mkdir()
    (root / "k8s" / "web.yaml").write_text(DEPLOYMENT)
    (root / "cfn").mkdir()
    shutil.copy(FIXTURES / "cloudformation" / "app.yaml", root / "cfn" / "app.yaml")
    shutil.copy(FIXTURES / "cloudformation" / "params-list.json", root / "params.json")
    return root


def _report(registry: Registry, root: Path, *, cache: bool = True) -> str:
    options = ScanOptions(
        paths=(str(root),),
        build=BuildOptions(cache=cache, parameter_files=(str(root / "params.json"),)),
    )
    return JsonReporter().render(scan(options, registry), RenderOptions())


def test_a_warm_run_builds_nothing(registry: Registry, tmp_path: Path, builds: list[str]) -> None:
    root = _repo(tmp_path / "repo")
    cold = _report(registry, root)
    assert sorted(builds) == ["cloudformation", "kubernetes", "terraform"]
    builds.clear()
    assert _report(registry, root) == cold
    assert builds == ["kubernetes"]  # its model is never cached (modelcache.py says why)
    assert _report(registry, root, cache=False) == cold


def test_a_change_rebuilds_only_its_format(registry: Registry, tmp_path: Path, builds: list[str]) -> None:
    root = _repo(tmp_path / "repo")
    _report(registry, root)
    builds.clear()
    template = root / "cfn" / "app.yaml"
    template.write_text(template.read_text().replace("IsProd, true, false", "IsProd, false, false"))
    warm = _report(registry, root)
    assert sorted(builds) == ["cloudformation", "kubernetes"]
    assert warm == _report(registry, root, cache=False)


def test_a_named_file_is_part_of_the_key(registry: Registry, tmp_path: Path, builds: list[str]) -> None:
    root = _repo(tmp_path / "repo")
    _report(registry, root)
    builds.clear()
    params = root / "params.json"
    params.write_text(params.read_text().replace("prod", "dev"))  # a --cfn-params file, not a source
    warm = _report(registry, root)
    assert "cloudformation" in builds  # (every format's key has the named files: they rarely change)
    assert warm == _report(registry, root, cache=False)


def test_a_terraform_file_outside_the_selection_is_traced(tmp_path: Path) -> None:
    root = tmp_path / "root"
    installed = root / ".terraform" / "modules" / "net"
    installed.mkdir(parents=True)
    (root / ".terraform" / "modules" / "modules.json").write_text(
        '{"Modules": [{"Key": "net", "Source": "x", "Dir": ".terraform/modules/net"}]}'
    )
    (installed / "main.tf").write_text('resource "aws_db_instance" "a" {\n  multi_az = false\n}\n')
    main_tf = 'module "net" {\n  source = "terraform-aws-modules/x/aws"\n}\n'
    source = SourceFile(str(root / "main.tf"), main_tf, str(root))
    first = modelcache.build(TerraformFormat(), [source], BuildOptions())
    assert [r.address for r in first.resources] == ["module.net.aws_db_instance.a"]
    (installed / "main.tf").write_text('resource "aws_db_instance" "b" {\n  multi_az = false\n}\n')
    second = modelcache.build(TerraformFormat(), [source], BuildOptions())
    assert [r.address for r in second.resources] == ["module.net.aws_db_instance.b"]


def test_a_build_without_a_trace_is_never_stored(tmp_path: Path, cache_dir: Path) -> None:
    class PluginFormat:
        name = "plugin"
        priority = 50
        suffixes: tuple[str, ...] = (".yaml",)
        model_cache = True  # asks for it, but its code is not in the package digest
        calls = 0

        def claims(self, path: str, text: str) -> bool:
            return True

        def build(self, sources: Sequence[SourceFile], options: BuildOptions) -> ModelBuild:
            PluginFormat.calls += 1
            return ModelBuild(trace=[])  # even with a trace: its code is not in the package digest

    source = SourceFile(str(tmp_path / "x.yaml"), "a: 1\n", str(tmp_path))
    modelcache.build(PluginFormat(), [source], BuildOptions())
    modelcache.build(PluginFormat(), [source], BuildOptions())
    assert PluginFormat.calls == 2
    assert not cache_dir.exists() or not [p for p in cache_dir.rglob("*") if p.is_file()]


def test_a_root_the_budget_cut_short_makes_the_terraform_model_untraced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reslint.terraform import _state

    monkeypatch.setattr(_state, "MAX_TOTAL_INSTANCES", 2)
    main_tf = 'resource "aws_db_instance" "a" {\n  count    = 5\n  multi_az = false\n}\n'
    source = SourceFile(str(tmp_path / "main.tf"), main_tf, str(tmp_path))
    built = TerraformFormat().build([source], BuildOptions())
    assert built.trace is None
    monkeypatch.undo()
    assert TerraformFormat().build([source], BuildOptions()).trace is not None


def test_a_damaged_or_foreign_model_entry_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    main_tf = 'resource "aws_db_instance" "a" {\n  multi_az = false\n}\n'
    source = SourceFile(str(tmp_path / "main.tf"), main_tf, str(tmp_path))
    fmt, options = TerraformFormat(), BuildOptions()
    expected = [r.address for r in modelcache.build(fmt, [source], options).resources]
    assert expected
    store = modelcache._open(fmt, options)
    assert store is not None
    key = store.key("model", modelcache._request(fmt, [source], options))
    assert store.has(key)
    foreign: object
    for foreign in ([("unknown-kind", "x")], ModelBuild()), ([], "not a build"), ("no tuple",), ([1], ModelBuild()):
        store.put(key, foreign)
        assert [r.address for r in modelcache.build(fmt, [source], options).resources] == expected
