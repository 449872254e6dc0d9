"""A small component registry in the style of spaCy / EDS-NLP factories.

A *factory* is registered under a dotted name (`"segment.sections"`) and, called with its
configuration, returns a *component*: a callable that reads and enriches a `Document` in place.
Pipelines are lists of factory names with their configuration (see `pipeline.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from oncofr.document import Document

Component = Callable[[Document], None]
Factory = Callable[..., Component]

_FACTORIES: dict[str, Factory] = {}


def factory(name: str) -> Callable[[Factory], Factory]:
    """Register `function` as the factory called `name`."""

    def register(function: Factory) -> Factory:
        if name in _FACTORIES and _FACTORIES[name] is not function:
            raise ValueError(f"component factory {name!r} is already registered")
        _FACTORIES[name] = function
        return function

    return register


def create(name: str, **config: Any) -> Component:
    """Build the component `name` with `config`."""
    _load_builtin_components()
    try:
        return _FACTORIES[name](**config)
    except KeyError:
        known = ", ".join(sorted(_FACTORIES))
        raise KeyError(f"unknown component {name!r}; registered: {known}") from None


def registered() -> list[str]:
    _load_builtin_components()
    return sorted(_FACTORIES)


def _load_builtin_components() -> None:
    """Import the stage packages, whose modules register their factories on import."""
    import oncofr.components  # noqa: F401
