"""Application Auto Scaling: which scalable target decides an ECS service's count, and its minimum.

A scalable target names what it scales by a string, ``service/<cluster>/<service name>``, that
Terraform usually builds from references (``"service/${aws_ecs_cluster.main.name}/${aws_ecs_service.api.name}"``)
and CloudFormation from ``!Sub``/``!Join``; a literal string is matched against the services'
names and clusters. Like a Kubernetes HorizontalPodAutoscaler, the target's minimum then decides
how many tasks the service runs, whatever its ``desired_count`` says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.clouds.view import View, integer
from reslint.model import UNKNOWN, Fact, Reference

if TYPE_CHECKING:
    from reslint.clouds.index import CloudIndex
    from reslint.clouds.view import Record
    from reslint.model import Facts

SCALABLE_TARGETS = ("aws_appautoscaling_target", "AWS::ApplicationAutoScaling::ScalableTarget")
ECS_SERVICES = ("aws_ecs_service", "AWS::ECS::Service")
ECS_CLUSTERS = ("aws_ecs_cluster", "AWS::ECS::Cluster")
ECS_DIMENSION = "ecs:service:DesiredCount"

#: canonical name -> (Terraform, CloudFormation); kinds.py lists them for the scalable target and service.
SCALING_FIELDS: dict[str, tuple[str | None, str | None]] = {
    "resource_id": ("resource_id", "ResourceId"),
    "dimension": ("scalable_dimension", "ScalableDimension"),
    "min_capacity": ("min_capacity", "MinCapacity"),
    "service_name": ("name", "ServiceName"),
    "cluster": ("cluster", "Cluster"),
    "cluster_name": ("name", "ClusterName"),
}


def _get(record: Record, name: str) -> object:
    return View(record, SCALING_FIELDS).get(name)


def scales_ecs_service(record: Record) -> bool:
    """A scalable target whose dimension is an ECS service's desired count (an ECS service has no
    other dimension, so a target that refers to one with an unknown dimension counts too)."""
    dimension = _get(record, "dimension")
    return record.type in SCALABLE_TARGETS and (dimension == ECS_DIMENSION or not isinstance(dimension, str))


def autoscaler_of(index: CloudIndex, service: Record) -> Record | None:
    """The scalable target that scales *service*: one that refers to it, else one whose literal
    ``service/<cluster>/<name>`` names it; None when there is none or it is not clear which."""
    referring = {
        id(target): target for target, _ in index.referrers(service, SCALABLE_TARGETS) if scales_ecs_service(target)
    }
    if len(referring) == 1:
        return next(iter(referring.values()))
    if referring:
        return None
    named = [
        target
        for target in index.of_types(service, SCALABLE_TARGETS)
        if _get(target, "dimension") == ECS_DIMENSION and _names(index, target, service)
    ]
    if len(named) != 1:
        return None
    # Two services of one name whose clusters cannot be told apart: the target scales one of them.
    services = [other for other in index.of_types(service, ECS_SERVICES) if _names(index, named[0], other)]
    return named[0] if len(services) == 1 else None


def _names(index: CloudIndex, target: Record, service: Record) -> bool:
    resource_id = _get(target, "resource_id")
    if not isinstance(resource_id, str):
        return False
    parts = resource_id.split("/")
    if len(parts) != 3 or parts[0] != "service":
        return False
    if _get(service, "service_name") != parts[2]:
        return False
    cluster = _cluster_name(index, service)
    # A cluster that cannot be named (a variable) does not rule the service out; ``autoscaler_of``
    # then makes sure no other service of that name could be the one.
    return cluster is None or cluster == parts[1]


def _cluster_name(index: CloudIndex, service: Record) -> str | None:
    cluster = _get(service, "cluster")
    if isinstance(cluster, str):
        return cluster.rsplit("/", 1)[-1]  # a name, or an ARN ending in cluster/<name>
    if isinstance(cluster, Reference):
        targets = index.target(service, cluster)
        if len(targets) == 1 and targets[0].type in ECS_CLUSTERS:
            name = _get(targets[0], "cluster_name")
            return name if isinstance(name, str) else None
    return None


def fill_service_autoscaler(view: View, index: CloudIndex, facts: Facts) -> bool:
    """Set an ECS service's replicas from the scalable target that scales it; False when none does."""
    target = autoscaler_of(index, view.record)
    if target is None:
        return False
    minimum = integer(_get(target, "min_capacity"))
    spelling = View(target, SCALING_FIELDS).assignment("min_capacity")
    facts.replicas = Fact(
        UNKNOWN if minimum is None else minimum, f"{target.address} {spelling}{_get(target, 'min_capacity')}"
    )
    facts.autoscaled_by = target.address
    return True


def fill_scalable_target(view: View, index: CloudIndex, facts: Facts) -> None:
    """A scalable target of an ECS service: its minimum is the service's fewest tasks (RSL202)."""
    if not scales_ecs_service(view.record):
        return  # DynamoDB capacity, Aurora readers, Lambda concurrency: not serving copies
    minimum = integer(view.get("min_capacity"))
    facts.autoscaler_min_replicas = view.fact(
        "min_capacity", UNKNOWN if minimum is None else minimum, view.show("min_capacity")
    )
