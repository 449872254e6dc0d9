"""A cheap test that a regular expression cannot match a text, before searching it.

The regex engine tries a pattern at every position of a text unless the pattern starts with a
literal; patterns that start with « \\b », a lookbehind or an alternation of words
(« \\b(?:un|une|le|la)\\s+(?:patient|homme|…) ») cost about 60 µs on a 4,000-character note
even where they match nothing. `required_literals` reads the pattern's syntax tree (with the
standard library's own parser) for strings one of which every match contains; a text that
contains none of them is left out with `in`, which is far faster. Searches that are run give
exactly the same matches: the test only skips searches that would find nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from re import _constants as sre  # the standard library's regex parser and its opcodes
from re import _parser
from typing import Any

Literals = frozenset[str]

# Each `in` reads the text (about 2 µs for 4,000 characters): past this many, the test costs as
# much as the search it would save.
MOST_LITERALS = 8

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


@cache
def required_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Strings one of which every match of `pattern` contains, or None where none are known
    (a case-insensitive pattern, one made of character classes or optional parts only)."""
    if pattern.flags & re.IGNORECASE:
        return None
    return _in_sequence(_parser.parse(pattern.pattern, pattern.flags))


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when `pattern` cannot match anywhere in `text`."""
    literals = required_literals(pattern)
    return literals is None or any(literal in text for literal in literals)


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, without the scan where the text cannot match."""
    return pattern.finditer(text) if may_match(pattern, text) else iter(())


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """`pattern.search(text)`, without the scan where the text cannot match."""
    return pattern.search(text) if may_match(pattern, text) else None


def _in_sequence(items: Iterable[tuple[Any, Any]]) -> Literals | None:
    """The most selective set given by one item of a sequence, or by a run of its literal
    characters (a match contains every item of the sequence)."""
    best: Literals | None = None
    run: list[str] = []
    for op, argument in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            best = _more_selective(best, frozenset({"".join(run)}))
            run = []
        best = _more_selective(best, _in_item(op, argument))
    return best


def _in_item(op: Any, argument: Any) -> Literals | None:
    if op is sre.SUBPATTERN:
        _, added_flags, _, items = argument
        return None if added_flags & re.IGNORECASE else _in_sequence(items)
    if op is sre.ATOMIC_GROUP:
        return _in_sequence(argument)
    if op is sre.BRANCH:  # every alternative must give a set
        sets = [_in_sequence(items) for items in argument[1]]
        if any(found is None for found in sets):
            return None
        literals = _shortest(frozenset().union(*sets))
        return literals if len(literals) <= MOST_LITERALS else None
    if op in _REPEATS and argument[0] >= 1:  # matched at least once
        return _in_sequence(argument[2])
    return None  # classes, anchors, lookarounds, optional parts, back-references


def _shortest(literals: Literals) -> Literals:
    """`literals` less those that contain another one (« patiente » goes with « patient »)."""
    return frozenset(
        literal for literal in literals
        if not any(other != literal and other in literal for other in literals)
    )


def _more_selective(first: Literals | None, second: Literals | None) -> Literals | None:
    """The set whose shortest string is the longest (a short one is found in most texts)."""
    if first is None or second is None:
        return first or second
    return second if min(map(len, second)) > min(map(len, first)) else first
