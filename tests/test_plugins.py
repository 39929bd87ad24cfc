"""Plugins: third parties add rules through the same hooks as the built-ins; their bugs are contained."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import reslint
from reslint import hookspecs
from reslint.cli import main
from reslint.errors import PluginError
from reslint.formats import ModelBuild
from reslint.model import Fact, Facts, Format, Resource, Role
from reslint.plugins import collect, hookimpl, make_plugin_manager
from reslint.reporting import RenderOptions
from reslint.rule import Rule, RuleMeta, Violation
from reslint.scan import ScanOptions, scan
from reslint.testing import make_registry

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from reslint.formats import BuildOptions, SourceFile
    from reslint.reporting import Report
    from reslint.tiers import TierPolicy

MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {a: b}\n"


def _meta(rule_id: str, name: str, category: str = "replicas") -> RuleMeta:
    return RuleMeta(
        rule_id,
        name,
        "A configuration map exists",
        category,
        "Example rationale for a test plugin.",
        "Example remediation.",
        (),
    )


class ConfigMapPlugin:
    def __init__(self, rule_id: str = "ACME001", name: str = "acme-configmap", explode: bool = False) -> None:
        self.rule_id, self.name, self.explode = rule_id, name, explode
        self.category = "replicas"

    @hookimpl
    def reslint_rules(self) -> list[Rule]:
        def flag(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
            if self.explode:
                raise RuntimeError("boom")
            if resource.type == "ConfigMap":
                yield Violation("is a ConfigMap")

        return [Rule(_meta(self.rule_id, self.name, self.category), frozenset({Role.OTHER}), flag)]


def test_a_plugin_rule_runs_with_the_builtins(tmp_path: Path) -> None:
    (tmp_path / "cm.yaml").write_text(MANIFEST)
    manager = make_plugin_manager(load_entry_points=False)
    manager.register(ConfigMapPlugin())
    registry = collect(manager)
    assert "ACME001" in [r.meta.id for r in registry.rules]
    report = scan(ScanOptions(paths=(str(tmp_path),)), registry)
    assert [(f.rule, f.address, f.blocking) for f in report.findings] == [("ACME001", "shop/ConfigMap/settings", True)]


def test_duplicate_rule_ids_are_refused() -> None:
    manager = make_plugin_manager(load_entry_points=False)
    manager.register(ConfigMapPlugin(rule_id="RSL201"))
    with pytest.raises(PluginError, match="RSL201"):
        collect(manager)


def test_a_crashing_rule_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "cm.yaml").write_text(MANIFEST)
    manager = make_plugin_manager(load_entry_points=False)
    manager.register(ConfigMapPlugin(explode=True))
    report = scan(ScanOptions(paths=(str(tmp_path),)), collect(manager))
    [error] = report.errors
    assert "ACME001" in error.message and "boom" in error.message
    assert report.exit_code() == 2


# --- the plugin surface: every hook, entry-point loading, validation, the public API -----------------


class InventoryFormat:
    """A plugin input format: ``*.hosts`` files list a service's hosts, one per line."""

    name = "hosts"
    priority = 50
    suffixes: tuple[str, ...] = (".hosts",)

    def claims(self, path: str, text: str) -> bool:
        return path.endswith(".hosts")

    def build(self, sources: Sequence[SourceFile], options: BuildOptions) -> ModelBuild:
        resources = [
            Resource(
                format=Format("hosts"),
                type="HostList",
                address=f"hosts/{Path(s.path).stem}",
                file=s.path,
                line=1,
                role=Role.WORKLOAD,
                attributes={"hosts": s.text.split()},
                facts=Facts(replicas=Fact(len(s.text.split()))),
            )
            for s in sources
        ]
        return ModelBuild(resources=resources)


class InventoryPlugin:
    @hookimpl
    def reslint_input_formats(self) -> list[InventoryFormat]:
        return [InventoryFormat()]


def test_hook_reslint_input_formats(tmp_path: Path) -> None:
    """A plugin format's resources meet the built-in rules: one host is one replica."""
    (tmp_path / "api.hosts").write_text("10.0.0.1\n")
    (tmp_path / "web.hosts").write_text("10.0.0.1\n10.0.0.2\n")
    report = scan(ScanOptions(paths=(str(tmp_path),)), make_registry(InventoryPlugin()))
    assert [(f.rule, f.address, f.format) for f in report.findings] == [("RSL201", "hosts/api", "hosts")]
    assert report.resources_by_format == {"hosts": 2}


def test_hook_reslint_rules(tmp_path: Path) -> None:
    (tmp_path / "cm.yaml").write_text(MANIFEST)
    report = scan(ScanOptions(paths=(str(tmp_path),)), make_registry(ConfigMapPlugin()))
    assert [f.rule for f in report.findings] == ["ACME001"]


class CsvReporter:
    name = "csv"
    description = "one finding per line, comma-separated"

    def render(self, report: Report, options: RenderOptions) -> str:
        return "".join(f"{f.file},{f.line},{f.rule}\n" for f in report.findings)


class CsvPlugin:
    @hookimpl
    def reslint_reporters(self) -> list[CsvReporter]:
        return [CsvReporter()]


def test_hook_reslint_reporters(tmp_path: Path) -> None:
    (tmp_path / "cm.yaml").write_text(MANIFEST)
    registry = make_registry(CsvPlugin(), ConfigMapPlugin())
    report = scan(ScanOptions(paths=(str(tmp_path),)), registry)
    assert registry.reporters["csv"].render(report, RenderOptions()).endswith(",1,ACME001\n")


class FamilyPlugin(ConfigMapPlugin):
    @hookimpl
    def reslint_categories(self) -> dict[str, str]:
        return {"configuration": "settings kept outside the image"}


def test_hook_reslint_categories() -> None:
    declared = FamilyPlugin()
    declared.category = "configuration"
    assert "ACME001" in [r.meta.id for r in make_registry(declared).rules]
    undeclared = ConfigMapPlugin()
    undeclared.category = "configuration"
    with pytest.raises(PluginError, match="category 'configuration', which no plugin declares"):
        make_registry(undeclared)


def test_every_hook_has_a_test() -> None:
    """datasette's meta-test: a hook nobody exercises is a hook nobody knows works."""
    hooks = sorted(name for name in dir(hookspecs) if name.startswith("reslint_"))
    assert hooks == ["reslint_categories", "reslint_input_formats", "reslint_reporters", "reslint_rules"]
    missing = [hook for hook in hooks if f"test_hook_{hook}" not in globals()]
    assert not missing, f"hooks without a test_hook_<name>: {missing}"


@pytest.mark.parametrize(
    ("rule_id", "message"),
    [
        ("acme001", "must be 2 to 6 capitals and 3 digits"),
        ("A001", "must be 2 to 6 capitals and 3 digits"),
        ("RSL900", "uses the prefix RSL, kept for reslint"),
    ],
)
def test_rule_ids_are_validated_for_every_plugin(rule_id: str, message: str) -> None:
    with pytest.raises(PluginError, match=message):
        make_registry(ConfigMapPlugin(rule_id=rule_id))


def _install_fake_plugin(site: Path, name: str, module: str, body: str) -> None:
    """An installed distribution with one ``reslint`` entry point, as pip would leave it."""
    (site / f"{module}.py").write_text(body)
    info = site / f"{name.replace('-', '_')}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(f"[reslint]\n{module} = {module}\n")


def test_a_plugin_that_fails_to_load_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_fake_plugin(tmp_path, "acme-broken", "acme_broken", "raise ImportError('needs acme-sdk')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError, match=r"acme-broken 1\.2\.3 \[acme_broken\]: ImportError: needs acme-sdk"):
        make_plugin_manager()


def test_disable_plugin_skips_it_and_refuses_typos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_fake_plugin(tmp_path, "acme-broken", "acme_broken", "raise ImportError('needs acme-sdk')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    manager = make_plugin_manager(disabled=["acme_broken"])
    assert manager.is_blocked("acme_broken")
    with pytest.raises(PluginError, match="no such plugin is installed"):
        make_plugin_manager(disabled=["acme_brokne"])
    with pytest.raises(PluginError, match="cannot be disabled"):
        make_plugin_manager(disabled=["reslint.builtin"])


def test_disable_plugin_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _install_fake_plugin(tmp_path, "acme-broken", "acme_broken", "raise ImportError('needs acme-sdk')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert main(["rules"]) == 2
    assert "acme-broken 1.2.3 [acme_broken]" in capsys.readouterr().err
    assert main(["rules", "--disable-plugin", "acme_broken"]) == 0


def test_the_public_api_is_declared_and_importable() -> None:
    # ruff (RUF022) keeps __all__ sorted; this keeps it equal to what the package really exports.
    assert len(set(reslint.__all__)) == len(reslint.__all__)
    assert set(reslint.__all__) == {*reslint._MODULE_OF, "__version__"}
    for name in reslint.__all__:
        assert getattr(reslint, name) is not None, name
    assert reslint.hookimpl is hookimpl


def test_importing_the_package_stays_light() -> None:
    code = "import reslint, sys; print(sorted(m for m in sys.modules if m.startswith(('reslint', 'yaml', 'pluggy'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['reslint']"
