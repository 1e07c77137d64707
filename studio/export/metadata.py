""""AI-generated" labelling of exported files (the profile's privacy group; see
docs/ARCHITECTURE.md, *Export*).

`privacy.ai_label_metadata` puts the label in the container's `comment` (read by players and
by `ffprobe`) and a `description`; how much of the profile the description reveals follows
the profile's disclosure level per group: "full" (every field), "summary" (which fields were
changed from the defaults) or "none" (nothing).
"""
from __future__ import annotations

import dataclasses
import json

from studio import __version__
from studio.profile.model import DigitalHuman

AI_LABEL = "AI-generated"
BADGE_TEXT = "AI-generated"
_PRIVATE_FIELDS = {"memories", "knowledge_notes", "webcam_neutral", "voice_sample", "photo",
                   "background_image", "llm_url"}     # never leave the machine, whatever the level


def _group_fields(obj) -> dict:
    out = {}
    for f in dataclasses.fields(obj):
        if f.name in _PRIVATE_FIELDS:
            continue
        v = getattr(obj, f.name)
        out[f.name] = _group_fields(v) if dataclasses.is_dataclass(v) else v
    return out


def _changed(obj, default) -> list[str]:
    names = []
    for f in dataclasses.fields(obj):
        if f.name in _PRIVATE_FIELDS:
            continue
        a, b = getattr(obj, f.name), getattr(default, f.name)
        if dataclasses.is_dataclass(a):
            names += [f"{f.name}.{n}" for n in _changed(a, b)]
        elif a != b:
            names.append(f.name)
    return names


def disclosure(profile: DigitalHuman) -> dict:
    """What the profile allows to be written into an exported file, by group."""
    levels = {"static": profile.privacy.disclose_static, "dynamic": profile.privacy.disclose_dynamic,
              "internal": profile.privacy.disclose_internal}
    defaults = DigitalHuman()
    out = {}
    for group, level in levels.items():
        obj = getattr(profile, group)
        if level == "full":
            out[group] = _group_fields(obj)
        elif level == "summary":
            out[group] = {"changed": _changed(obj, getattr(defaults, group))}
    return out


def container_metadata(profile: DigitalHuman | None, *, title: str = "") -> dict[str, str]:
    """Container tags for an export: the AI label (when the profile asks for it) and title."""
    tags: dict[str, str] = {}
    if title:
        tags["title"] = title
    if profile is None or profile.privacy.ai_label_metadata:
        tags["comment"] = f"{AI_LABEL}: synthetic digital human made with Avatar Studio"
        details = {"ai_generated": True, "tool": f"Avatar Studio {__version__}"}
        if profile is not None:
            details["disclosed"] = disclosure(profile)
        tags["description"] = json.dumps(details, ensure_ascii=False, sort_keys=True,
                                         default=str, separators=(",", ":"))
    return tags


def sticker_label(profile: DigitalHuman | None) -> str | None:
    """The AI label for a sticker file, or None when the profile turns labelling off."""
    if profile is not None and not profile.privacy.ai_label_metadata:
        return None
    return f"{AI_LABEL}: synthetic digital human made with Avatar Studio"


def xmp_packet(label: str) -> bytes:
    """A minimal XMP packet: the label as dc:description plus IPTC's digital source type for
    AI-made media (what image tools and platforms read to flag synthetic content)."""
    from xml.sax.saxutils import escape
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
            'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia">'
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(label)}</rdf:li></rdf:Alt>'
            '</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>').encode("utf-8")
