"""One error hierarchy for policynlp."""

from __future__ import annotations


class PolicyNLPError(Exception):
    """Base class of every error policynlp raises on purpose."""


class IngestError(PolicyNLPError):
    """An input could not be turned into text; names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str]]:
        # picklable with both arguments, so worker processes can return it
        return (IngestError, (self.path, self.reason))


class TaxonomyError(PolicyNLPError):
    """The taxonomy resource is malformed (duplicate or unknown ids)."""


class ModelError(PolicyNLPError):
    """The classifier model files are missing or corrupt."""
