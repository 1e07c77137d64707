"""A new project whose avatar is a drawn character (`avatar-studio new --style drawn`)."""
from __future__ import annotations

import sys


def make_drawn_project(photo_path: str | None = None, name: str | None = None):
    """A Project with a drawn character: suggested from `photo_path` when given (the photo is
    kept as the project's asset, so the project can switch to the photo avatar), else the
    default character."""
    import dataclasses

    from studio.drawn.suggest import drawn_static
    from studio.profile.model import DigitalHuman, replace_in
    from studio.profile.project import Project

    if photo_path:
        from studio.commands.new import make_project
        project = make_project(photo_path, name)
        from studio.face.intake import load_photo
        photo = load_photo(photo_path)
        static = drawn_static(project.profile.static, photo)
        shown = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in static.character.items())
        print(f"drawn character from the photo: {shown}", file=sys.stderr)
        return dataclasses.replace(project, profile=dataclasses.replace(project.profile, static=static))
    project = Project(DigitalHuman(), {})
    profile = replace_in(project.profile, "static", avatar_kind="drawn")
    label = (name or "My Avatar")[:80]
    profile = replace_in(profile, "internal", name=label)
    return dataclasses.replace(project, profile=profile)
