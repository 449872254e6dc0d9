"""Engines run the pipeline over many documents: `local` (this machine's cores) or `spark`."""

from enum import StrEnum


class Engine(StrEnum):
    local = "local"
    spark = "spark"
