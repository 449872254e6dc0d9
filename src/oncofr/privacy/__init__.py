"""Rule-based pseudonymisation of French clinical text (`oncofr pseudonymize`, docs/privacy.md)."""

from __future__ import annotations

from oncofr.privacy.offsets import PseudonymizedText, Replacement
from oncofr.privacy.replace import document_seed, pseudonymize

__all__ = ["PseudonymizedText", "Replacement", "document_seed", "pseudonymize"]
