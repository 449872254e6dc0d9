"""Consistent replacements within one document: the same identifier gets the same replacement.

- name words: fake names of `pseudonym_names.tsv` (a first name of the civility's sex, a
  surname), drawn in an order fixed by the document's seed, never the original itself, written
  in upper case when the original was; initials: letters moved along the alphabet by a
  per-document amount (« D. » → « K. »);
- the other kinds: numbered placeholders, « <TEL-1> », « <EMAIL-2> »;
- dates come already shifted (`Found.replacement`).
"""

from __future__ import annotations

import hashlib
import random
import re
import string

from oncofr.clean.text import fold
from oncofr.privacy.rules import Found
from oncofr.privacy.vocabulary import first_name_sexes, names

PLACEHOLDERS = {
    "name": "NOM",
    "phone": "TEL",
    "email": "EMAIL",
    "url": "URL",
    "address": "ADRESSE",
    "nir": "NIR",
    "identifier": "ID",
}
_KEY_NOISE = re.compile(r"[\W_]")
_PHONE_PREFIX = re.compile(r"^(?:00)?330?(?=\d{9}$)")  # +33 6…, 0033 6…, +33 (0)6… -> 06…


class Surrogates:
    """The replacements of one document, drawn from its seed."""

    def __init__(self, seed: str, avoid: frozenset[str] = frozenset()) -> None:
        """`avoid`: folded words never given as fake names (the document's own names)."""
        digest = hashlib.sha256(f"surrogates:{seed}".encode()).digest()
        self._random = random.Random(digest)
        shift = 1 + digest[0] % 25
        upper = string.ascii_uppercase
        self._letters = str.maketrans(upper, upper[shift:] + upper[:shift])
        self._given: dict[tuple[str, str], str] = {}
        self._pools: dict[tuple[str, str], list[str]] = {}
        self._avoid = avoid

    def replace(self, found: Found, written: str) -> str:
        """The replacement of `written`, the clean-view text of `found`."""
        if found.replacement is not None:
            return found.replacement
        if found.kind != "name":
            return self._placeholder(found.kind, written)
        if found.role == "initial":
            return fold(written).upper().translate(self._letters)
        fake = self._fake_name(found, fold(written))
        return fake.upper() if written.isupper() else fake

    def _placeholder(self, kind: str, written: str) -> str:
        key = (kind, _KEY_NOISE.sub("", fold(written)))
        if kind == "phone":
            key = (kind, _PHONE_PREFIX.sub("0", key[1]))
        if key not in self._given:
            number = 1 + sum(given_kind == kind for given_kind, _ in self._given)
            self._given[key] = f"<{PLACEHOLDERS[kind]}-{number}>"
        return self._given[key]

    def _fake_name(self, found: Found, key: str) -> str:
        """The fake name given to `key` in this role, or the next unused one of its pool."""
        role = "last" if found.role == "last" else "first"
        if (role, key) in self._given:
            return self._given[(role, key)]
        sex = (found.sex or first_name_sexes().get(key, "")) if role == "first" else ""
        used = set(self._given.values())
        pool = self._pool(role, sex)
        fake = next(
            (name for name in pool if name not in used and fold(name) not in self._avoid | {key}),
            None,
        )
        self._given[(role, key)] = fake or self._placeholder("name", f"{role}{key}")
        return self._given[(role, key)]

    def _pool(self, role: str, sex: str) -> list[str]:
        if (role, sex) not in self._pools:
            pool = list(names(role, sex))
            self._random.shuffle(pool)
            self._pools[(role, sex)] = pool
        return self._pools[(role, sex)]
