"""Rule selectors: the ids, id prefixes, names, categories and aliases users write to pick rules.

Config ``rules.enable``/``rules.disable``, ``--select``/``--ignore``, suppressions and
``reslint explain`` all name rules; a selector that names no rule is an error with a suggestion,
never a silent no-op (a typo in ``enable`` used to turn every rule off and pass the gate).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.errors import UsageError
from reslint.suggest import hint

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from reslint.rule import Rule, RuleMeta

#: Selects every rule, as in ruff (``--select ALL``).
ALL = "ALL"
#: The shortest id prefix accepted: ``RSL2`` is a family of rules, ``R`` is more likely a typo.
MIN_PREFIX = 4


def names_of(meta: RuleMeta) -> tuple[str, ...]:
    """Every spelling that names exactly this rule: its id, its name and its aliases."""
    return (meta.id, meta.name, *meta.aliases)


def vocabulary(rules: Iterable[Rule]) -> list[str]:
    """Everything a selector may be, for "did you mean" suggestions."""
    words: set[str] = {ALL}
    for rule in rules:
        words.update(names_of(rule.meta))
        words.add(rule.meta.category)
    return sorted(words)


def matches(selector: str, meta: RuleMeta) -> bool:
    """Whether *selector* (an id, id prefix, name, category, alias or ALL) picks this rule."""
    wanted = selector.strip()
    folded = wanted.casefold()
    if wanted.upper() == ALL or folded in {name.casefold() for name in names_of(meta)}:
        return True
    if folded == meta.category.casefold():
        return True
    ids = (meta.id, *(alias for alias in meta.aliases if alias[:3].upper() == "RSL"))
    return len(wanted) >= MIN_PREFIX and any(rule_id.upper().startswith(wanted.upper()) for rule_id in ids)


def resolve(selectors: Sequence[str], rules: Sequence[Rule], origin: str) -> set[str]:
    """The ids of the rules *selectors* pick; a selector that picks none is a UsageError naming *origin*."""
    picked: set[str] = set()
    for selector in selectors:
        found = {rule.meta.id for rule in rules if matches(selector, rule.meta)}
        if not found:
            raise UsageError(
                f"{origin}: unknown rule selector {selector!r}{hint(selector.strip(), vocabulary(rules))} "
                "(`reslint rules` lists ids, names and categories)"
            )
        picked |= found
    return picked


def split(values: Iterable[str]) -> tuple[str, ...]:
    """Comma-separated, repeatable command-line values as one list: ``--select RSL2,RSL5 --select backup``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def choose(
    rules: Sequence[Rule],
    enable: Sequence[str],
    disable: Sequence[str],
    origins: tuple[str, str],
) -> tuple[Rule, ...]:
    """The rules to run: those *enable* picks (all when empty) minus those *disable* picks.

    Every selector must name a rule, and the result must not be empty: a run that checks nothing
    would pass every gate.
    """
    enabled = resolve(enable, rules, origins[0]) if enable else {rule.meta.id for rule in rules}
    disabled = resolve(disable, rules, origins[1])
    chosen = tuple(rule for rule in rules if rule.meta.id in enabled - disabled)
    if not chosen:
        raise UsageError(
            f"{origins[0]} and {origins[1]} leave no rule to run; a run that checks nothing would pass every gate"
        )
    return chosen


def rule_named(rules: Sequence[Rule], wanted: str) -> Rule | None:
    """The one rule an id, name or alias names exactly (case-insensitive), or None."""
    folded = wanted.strip().casefold()
    return next((rule for rule in rules if folded in {n.casefold() for n in names_of(rule.meta)}), None)
