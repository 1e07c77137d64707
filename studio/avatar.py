"""The engine factory: which renderer shows a project's avatar (docs/ARCHITECTURE.md, *Render
pipeline*). `ExternalStatic.avatar_kind` picks the warped photo (`studio.render.engine.
AvatarEngine`) or the drawn character (`studio.drawn.engine.DrawnEngine`); both have
`render(pose, size)`, `set_static`, `static`, `landmarks`, `last_timings`, `warp_backend` and
`photo.warnings`, so every command, export and the studio use whichever they are given.
"""
from __future__ import annotations


def is_drawn(static) -> bool:
    return getattr(static, "avatar_kind", "photo") == "drawn"


def engine_for_project(project):
    """The engine for a `studio.profile.project.Project` (photo intake is cached)."""
    if is_drawn(project.profile.static):
        from studio.drawn.engine import DrawnEngine
        return DrawnEngine.from_project(project)
    from studio.render.engine import AvatarEngine
    return AvatarEngine.from_project(project)


def engine_for_static(static, photo=None):
    """An engine for an appearance alone: drawn, or the photo engine for `photo`."""
    if is_drawn(static):
        from studio.drawn.engine import DrawnEngine
        return DrawnEngine(static)
    from studio.render.engine import AvatarEngine
    return AvatarEngine.from_photo(photo, static)
