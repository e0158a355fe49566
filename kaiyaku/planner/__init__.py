"""The planner: normalised answers + a data snapshot → a Result (pure Python, no HTTP, no ORM)."""

from .result import ChecklistItem, CostItem, Dates, Result, Warning
from .rules import plan

__all__ = ["ChecklistItem", "CostItem", "Dates", "Result", "Warning", "plan"]
