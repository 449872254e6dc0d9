"""Qualify: negation, hypothesis, history and family context of the mentions."""

from oncofr.qualify import context  # noqa: F401
from oncofr.qualify.spans import qualify_spans

__all__ = ["qualify_spans"]
