"""One error hierarchy for policynlp.

Exit status of the command line: 0 every input processed; 1 some inputs failed (each listed once
on stderr and in ``errors.jsonl``); 2 an error the user can fix (usage, a missing store, a locked
output folder, …: one line ``policynlp: error: …``); 3 an internal error (a bug: the traceback
is printed, please report it); 130 interrupted.
"""

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


class OutputLockedError(PolicyNLPError):
    """Another run is writing into the same output folder."""


class StoreError(PolicyNLPError):
    """The store is missing, not a policynlp store, or made by a newer version; names the file."""


EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
