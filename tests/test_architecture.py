"""The package import graph of ``src/reslint``: layered, acyclic, no provider importing a sibling,
no private module or name imported across packages.

Every import counts, wherever it is written: at module level, inside a function (the lazy imports
that keep start-up fast) and under ``TYPE_CHECKING`` (a type-only import is still a dependency a
reader has to follow, and it is the first step to a runtime one).

A node is a top-level module or package of ``reslint`` (``scan``, ``terraform``, ...). The root
package ``reslint/__init__.py`` is the public API: it re-exports names from every layer, loading
them on first use, so it sits above everything; importing ``reslint.__version__`` from it is the
one import of the root allowed below it.
"""

from __future__ import annotations

import ast
import graphlib
import itertools
from typing import TYPE_CHECKING

from _support.paths import ROOT

if TYPE_CHECKING:
    from pathlib import Path

SRC = ROOT / "src" / "reslint"

#: Bottom to top: a node may import nodes of its own layer or of layers listed before it. The data
#: flows inputs -> model -> engine -> report: input formats build the model, the engine runs the
#: rules on it, reporters render the report. The vocabulary every layer shares sits below them all.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("foundation", frozenset({"errors", "model", "suppressions", "suggest", "yamlload", "parallel", "cache"})),
    # Shared types: tier policy, fix specs, rules and rule selection, the input-format contract and
    # file discovery, findings and the report.
    ("vocabulary", frozenset({"tiers", "fixes", "rule", "selectors", "formats", "discovery", "reporting"})),
    ("clouds", frozenset({"clouds"})),
    ("providers", frozenset({"aws", "google", "azure"})),
    ("registry", frozenset({"providers"})),
    ("inputs", frozenset({"kubernetes", "terraform", "cloudformation"})),
    ("rules", frozenset({"checks"})),
    ("report", frozenset({"reporters", "catalog"})),
    ("plugins", frozenset({"hookspecs", "builtin", "plugins"})),
    ("engine", frozenset({"config", "suppress", "baseline", "changed", "graph", "autofix", "scan", "modelcache"})),
    ("application", frozenset({"cli", "init", "bench", "testing", "__main__"})),
)

#: Siblings that must not import each other.
SIBLINGS = (frozenset({"aws", "google", "azure"}), frozenset({"kubernetes", "terraform", "cloudformation"}))

#: Edges that break a rule today, each with the reason it cannot move yet. The test fails when an
#: entry is no longer needed, so the list only shrinks.
ALLOWED: dict[tuple[str, str], str] = {
    # The Terraform kubernetes provider's resources are Kubernetes objects: the Terraform format
    # hands them to the Kubernetes reader (which sees them through a Protocol, never importing
    # Terraform). One way only; the DAG check keeps it so.
    ("terraform", "kubernetes"): "kubernetes_* resources are read by the Kubernetes normalizer",
}


def _node(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "reslint"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, names, line) of every ``reslint`` import in the file, relative ones resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, list[str], int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [alias.name for alias in node.names]
            if target == "reslint":  # ``from reslint import aws``: the submodules are the targets
                found += [
                    (f"reslint.{name}", [], node.lineno)
                    for name in names
                    if (SRC / name).exists() or (SRC / f"{name}.py").exists()
                ]
                names = [name for name in names if not ((SRC / name).exists() or (SRC / f"{name}.py").exists())]
                if names:
                    found.append(("reslint", names, node.lineno))
            elif target.startswith("reslint."):
                found.append((target, names, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names if alias.name.startswith("reslint")]
    return found


def _graph() -> tuple[dict[str, dict[str, list[str]]], list[str], list[str]]:
    """Package edges (with where each is written), private imports across packages, and imports of
    the root package's names other than ``__version__``."""
    edges: dict[str, dict[str, list[str]]] = {}
    private: list[str] = []
    root_names: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        module = _module_name(path)
        source = _node(module)
        if source == "reslint":
            continue  # the public API: above every layer
        edges.setdefault(source, {})
        for target, names, line in _imports(path):
            where = f"{module}:{line}"
            if target == "reslint":
                root_names += [f"{where} imports {name}" for name in names if name != "__version__"]
                continue
            dest = _node(target)
            if dest == source:
                continue
            edges[source].setdefault(dest, []).append(where)
            hidden = [part for part in target.split(".")[1:] if part.startswith("_") and not part.startswith("__")]
            hidden += [name for name in names if name.startswith("_") and not name.startswith("__")]
            private += [f"{where} imports {target} {name}" for name in hidden]
    return edges, private, root_names


EDGES, PRIVATE, ROOT_NAMES = _graph()
LAYER_OF = {node: rank for rank, (_, nodes) in enumerate(LAYERS) for node in nodes}


def test_every_package_has_a_layer() -> None:
    unplaced = sorted(set(EDGES) - set(LAYER_OF))
    assert not unplaced, f"place these in LAYERS of tests/test_architecture.py: {unplaced}"


def _cycle(edges: dict[str, dict[str, list[str]]]) -> str | None:
    """One import cycle of *edges*, with where each import is written; None for a DAG."""
    try:
        graphlib.TopologicalSorter({node: set(targets) for node, targets in edges.items()}).prepare()
    except graphlib.CycleError as error:
        # Each node of the cycle is a dependency of the next: the next one imports it.
        path = error.args[1]
        return "; ".join(f"{b} -> {a} ({edges[b][a][0]})" for a, b in itertools.pairwise(path))
    return None


def test_the_package_graph_is_a_dag() -> None:
    assert _cycle(EDGES) is None


def test_a_cycle_is_found_and_shown() -> None:
    edges = {"a": {"b": ["reslint.a:1"]}, "b": {"c": ["reslint.b:2"]}, "c": {"a": ["reslint.c:3"]}, "d": {}}
    shown = _cycle(edges)
    assert shown is not None and "a -> b (reslint.a:1)" in shown and "c -> a (reslint.c:3)" in shown


def _broken_edges(edges: dict[str, dict[str, list[str]]]) -> dict[tuple[str, str], str]:
    broken = {}
    for source, targets in edges.items():
        for dest, where in targets.items():
            if source in LAYER_OF and dest in LAYER_OF and LAYER_OF[dest] > LAYER_OF[source]:
                broken[source, dest] = f"{LAYERS[LAYER_OF[source]][0]} imports {LAYERS[LAYER_OF[dest]][0]}: {where[0]}"
            if any(source in group and dest in group for group in SIBLINGS):
                broken[source, dest] = f"sibling import: {where[0]}"
    return broken


def test_imports_go_down_the_layers_and_never_to_a_sibling() -> None:
    broken = {edge: why for edge, why in _broken_edges(EDGES).items() if edge not in ALLOWED}
    assert not broken, "\n".join(f"{a} -> {b}: {why}" for (a, b), why in sorted(broken.items()))


def test_an_upward_or_sibling_import_is_found() -> None:
    edges: dict[str, dict[str, list[str]]] = {
        "model": {"scan": ["reslint.model:5"]},
        "aws": {"google": ["reslint.aws.kinds:9"]},
        "scan": {"model": []},
    }
    assert _broken_edges(edges) == {
        ("model", "scan"): "foundation imports engine: reslint.model:5",
        ("aws", "google"): "sibling import: reslint.aws.kinds:9",
    }


def test_the_allowlist_holds_only_edges_that_still_exist() -> None:
    stale = sorted(set(ALLOWED) - set(_broken_edges(EDGES)))
    assert not stale, f"remove from ALLOWED, the edge is gone or allowed now: {stale}"


def test_no_private_module_or_name_is_imported_across_packages() -> None:
    assert not PRIVATE, "\n".join(PRIVATE)


def test_only_the_version_is_imported_from_the_root_package() -> None:
    assert not ROOT_NAMES, "\n".join(ROOT_NAMES)


def test_the_walk_sees_lazy_and_type_checking_imports() -> None:
    # A lazy import inside a function and one under TYPE_CHECKING are both edges.
    assert "reslint.terraform.format" in " ".join(EDGES["terraform"]["providers"])  # lazy, in build()
    assert any(where.startswith("reslint.clouds.kind") for where in EDGES["clouds"]["fixes"])
    assert "clouds" in EDGES["aws"] and "google" not in EDGES["aws"]
