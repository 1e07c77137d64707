"""The one exception type for problems a user can fix (docs/ARCHITECTURE.md, *Errors and failures*).

The CLI prints its message on one line and exits non-zero; the GUI shows it in one dialog.
Anything else that escapes is a bug: it goes to the log with its traceback.
"""


class UserError(Exception):
    """A problem with the user's input, worded so that they know what to do about it."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.args[0]


class Cancelled(Exception):
    """A long operation was cancelled through its cancel token; nothing was written."""
