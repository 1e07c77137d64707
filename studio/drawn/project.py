"""A new project whose avatar is a drawn character (`avatar-studio new --style drawn`)."""
from __future__ import annotations

import sys


def make_drawn_project(photo_project=None, photo_path: str | None = None, name: str | None = None):
    """A Project with a drawn character. `photo_project`: the project `new` made from
    `photo_path` (its photo stays as the asset, so the project can switch to the photo avatar)
    — the character is then suggested from that photo; None: the default character."""
    import dataclasses

    from studio.drawn.suggest import drawn_static
    from studio.profile.model import DigitalHuman, replace_in
    from studio.profile.project import Project

    if photo_project is not None and photo_path:
        from studio.face.intake import load_photo
        static = drawn_static(photo_project.profile.static, load_photo(photo_path))
        shown = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in static.character.items())
        print(f"drawn character from the photo: {shown}", file=sys.stderr)
        return dataclasses.replace(photo_project, profile=dataclasses.replace(photo_project.profile, static=static))
    project = Project(DigitalHuman(), {})
    profile = replace_in(project.profile, "static", avatar_kind="drawn")
    profile = replace_in(profile, "internal", name=(name or "My Avatar")[:80])
    return dataclasses.replace(project, profile=profile)
