"""An example reslint plugin: service inventories (``*.hosts``) as an input format, and a rule."""

from __future__ import annotations

import configparser
from pathlib import Path
from typing import TYPE_CHECKING

from reslint import Fact, Facts, Format, ModelBuild, Problem, Resource, Role, Violation, check, hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from reslint import BuildOptions, Rule, SourceFile, TierPolicy

HOSTS = Format("hosts")


class HostsFormat:
    """``*.hosts`` files: an INI section per service with its ``hosts``, ``tier`` and ``maintenance``."""

    name = "hosts"
    priority = 60
    suffixes: tuple[str, ...] = (".hosts",)

    def claims(self, path: str, text: str) -> bool:
        return path.endswith(".hosts")

    def build(self, sources: Sequence[SourceFile], options: BuildOptions) -> ModelBuild:
        built = ModelBuild()
        for source in sources:
            parser = configparser.ConfigParser(interpolation=None)
            try:
                parser.read_string(source.text, source=source.path)
            except configparser.Error as exc:  # fail closed: the engine reports it and exits 2
                built.errors.append(Problem(source.path, getattr(exc, "lineno", None), str(exc).splitlines()[0]))
                continue
            lines = _section_lines(source.text)
            for name in parser.sections():
                section = parser[name]
                hosts = [h.strip() for h in section.get("hosts", "").split(",") if h.strip()]
                tags: list[tuple[str, object]] = [("reslint.io/tier", section["tier"])] if "tier" in section else []
                built.resources.append(
                    Resource(
                        format=HOSTS,
                        type="service",
                        address=f"service/{name}",
                        file=source.path,
                        line=lines.get(name, 1),
                        role=Role.WORKLOAD,
                        attributes=dict(section),
                        tags=tags,
                        facts=Facts(replicas=Fact(len(hosts), f"hosts = {section.get('hosts', '')}")),
                    )
                )
        return built


def _section_lines(text: str) -> dict[str, int]:
    return {
        line.strip()[1:-1]: number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip().startswith("[") and line.strip().endswith("]")
    }


@check("EXP001", Role.WORKLOAD)
def no_maintenance_window(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """A service from an inventory that names no maintenance window."""
    if resource.format is HOSTS and "maintenance" not in resource.attributes:
        yield Violation("names no maintenance window", resource.line, "maintenance not set")


@hookimpl
def reslint_categories() -> Mapping[str, str]:
    """The family this plugin's rule belongs to: none of reslint's own fits it."""
    return {"operations": "how a service is operated: maintenance windows, on-call, runbooks"}


@hookimpl
def reslint_rules() -> Sequence[Rule]:
    """EXP001, its metadata read from the catalog file shipped in this package."""
    from reslint import load_catalog, rules_from

    return rules_from(load_catalog(Path(__file__).parent / "rules"), [no_maintenance_window])


@hookimpl
def reslint_input_formats() -> Sequence[HostsFormat]:
    """Service inventories."""
    return [HostsFormat()]
