"""Reading record values back: numbers that may come as text (« 3,5 »)."""

from __future__ import annotations

from typing import Any


def as_number(value: Any) -> float | None:
    """`value` as a float when it is a number or a numeric string (decimal comma allowed)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return None
    return None
