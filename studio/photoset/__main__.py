"""`python -m studio.photoset`: fetch the real-photo test set, then one line per photo."""
from __future__ import annotations

import sys

from studio.errors import UserError


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from studio import photoset

    quiet = "-q" in argv or "--quiet" in argv
    try:
        photoset.fetch(verbose=not quiet)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    if not quiet:
        for e in photoset.entries():
            print(photoset.describe(e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
