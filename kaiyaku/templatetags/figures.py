"""Dated figures that are not prices, for pages that state them (U6's 8 days, R3.1)."""

from django import template

from kaiyaku.snapshot.store import get_snapshot

register = template.Library()


@register.simple_tag
def fact(code):
    """`{% fact "initial_cancellation_days" as days %}`: the figure in force, with its source,
    status and note (shown 要確認 when disputed), or None if editors removed it."""
    return get_snapshot().fact(code)
