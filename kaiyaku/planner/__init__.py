"""The planner: normalised answers + a data snapshot → a Result of facts (pure Python: no HTTP,
no ORM, no words)."""

from .result import ChecklistItem, CostItem, Dates, Detail, Notice, Result, TimelineEntry
from .rules import plan

__all__ = [
    "ChecklistItem",
    "CostItem",
    "Dates",
    "Detail",
    "Notice",
    "Result",
    "TimelineEntry",
    "plan",
]
