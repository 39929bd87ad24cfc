"""Monitoring: the symptoms of a failure raise an alarm, and an alarm reaches someone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Role
from reslint.rule import Violation, check

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reslint.model import Resource
    from reslint.tiers import TierPolicy


@check("RSL001", Role.LOAD_BALANCER, Role.DATABASE, Role.MESSAGING)
def no_symptom_alarm(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """Nothing watches its errors, health, latency or saturation: its users notice an outage first."""
    watched = resource.facts.symptom_alarm
    if policy.alarms and watched.value is False:
        yield Violation.about(
            resource,
            watched,
            f"no alarm watches a symptom of its failure (errors, unhealthy targets, latency, saturation, lag, "
            f"queue age); tier {policy.tier} requires one",
        )


@check("RSL002", Role.ALARM)
def alarm_without_action(resource: Resource, policy: TierPolicy) -> Iterator[Violation]:
    """An alarm that notifies nobody, and that nothing acts on, changes colour on a dashboard only."""
    heard = resource.facts.alarm_acted_on
    if policy.alarms and heard.value is False:
        yield Violation.about(
            resource,
            heard,
            "goes into alarm without telling anyone: it has no alarm action and nothing acts on it",
        )
