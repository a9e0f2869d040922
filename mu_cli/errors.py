"""One error hierarchy; each error carries the exit code of the CLI contract."""

from __future__ import annotations

OK = 0
UNEXPECTED = 1
USAGE = 2
NOT_UNDERSTOOD = 3
AMBIGUOUS = 4
UNSUPPORTED = 5
REFUSED = 6
INTERRUPTED = 130


class MuError(Exception):
    """Base of every error mu reports as one line on stderr."""

    exit_code = UNEXPECTED


class UsageError(MuError):
    """Bad arguments, bad values, a malformed file given on the command line."""

    exit_code = USAGE


class CatalogError(UsageError):
    """A catalog file that does not validate; the message names the entry and field."""


class ValueRefused(UsageError):
    """A value outside the setting's domain, or of the wrong type."""


class NotUnderstood(MuError):
    exit_code = NOT_UNDERSTOOD


class Ambiguous(MuError):
    exit_code = AMBIGUOUS

    def __init__(self, message: str, candidates: list | None = None):
        super().__init__(message)
        self.candidates = candidates or []


class Unsupported(MuError):
    """The setting has no backend here, or the backend failed (nothing changed)."""

    exit_code = UNSUPPORTED


class BackendError(Unsupported):
    """A backend command failed or is missing."""


class Refused(MuError):
    """Needs admin rights or is not undoable, and was not explicitly allowed."""

    exit_code = REFUSED


class Conflict(MuError):
    """Undo found a value changed outside mu since; nothing was overwritten."""

    exit_code = REFUSED


class Interrupted(MuError):
    """Ctrl-C or end of input at a prompt, before anything was applied."""

    exit_code = INTERRUPTED


class JournalError(MuError):
    """The undo journal cannot be opened or written; nothing was applied."""

    exit_code = UNEXPECTED


class ModelError(MuError):
    """The shipped model is missing or does not match the catalog in use."""

    exit_code = UNEXPECTED
