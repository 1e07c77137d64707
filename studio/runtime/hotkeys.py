"""Hotkey expressions while live: keys → expression presets (hold or toggle, with intensity and
blend time), a "talking" trigger and mute. Qt-free; the live session applies them
(`LiveSession.trigger(key)`), the studio and the terminal only deliver key presses.

The mapping is saved inside the project as a JSON asset (`assets/hotkeys.json`), next to the
photo; a project without one gets `Hotkeys.default()` (1–9 the first presets, T talking, M mute).
A key may name a built-in preset or one of the user's own presets (`dynamic.user_presets`, in the
same project): `load_hotkeys` hands those poses to the `Hotkeys`, so the mixer plays them too.

`ExpressionMixer` is the state the keys change. It is a pose filter for the render worker
(`RenderWorker.set_pose_filter`): after the performance and the live inputs, each active preset
is blended in with its weight (eyelids take the maximum, as in the performance's preset layer),
"talking" moves the mouth in a syllable rhythm, and mute returns the mouth to rest whatever
drives it. Weights ramp linearly over each binding's blend time, on the wall clock (a new
utterance may restart the performance clock; a ramp must not jump when it does).
"""
from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Mapping

from studio.errors import UserError
from studio.params import NAMES, clamp

ASSET = "assets/hotkeys.json"
VERSION = 1
ACTIONS = ("preset", "talking", "mute")
MODES = ("toggle", "hold")
MAX_BLEND = 5.0
ARTICULATION = ("jawOpen", "mouthClose", "mouthFunnel", "mouthPucker", "mouthStretchLeft",
                "mouthStretchRight", "mouthUpperUp", "mouthLowerDown", "tongueOut")
LIDS = ("eyeBlinkLeft", "eyeBlinkRight")
KEY_NAMES = ("space", "enter", "tab", "backspace", "escape", "up", "down", "left", "right",
             *(f"f{i}" for i in range(1, 13)))


def normalise_key(key: str) -> str:
    """'A' → 'a', ' ' → 'space', 'F5' → 'f5'. UserError for anything else."""
    if not isinstance(key, str) or not key:
        raise UserError("a hotkey needs a key (a letter, a digit or a name such as F1)")
    if key == " ":
        return "space"
    k = key.strip().lower() if len(key) > 1 else key.lower()
    if len(k) == 1 and k.isprintable() and not k.isspace():
        return k
    if k in KEY_NAMES:
        return k
    raise UserError(f"hotkey {key!r} is not a key; use a letter, a digit, a punctuation mark "
                    f"or one of {', '.join(KEY_NAMES)}")


@dataclass(frozen=True)
class Binding:
    """One key: what it does and how."""
    key: str
    action: str = "preset"            # "preset", "talking" or "mute"
    preset: str = ""                  # for action "preset": a built-in or an own preset's name
    mode: str = "toggle"              # "toggle" (press on, press off) or "hold" (while held)
    intensity: float = 1.0            # 0..1
    blend: float = 0.25               # seconds to blend in and out (0..5)

    def checked(self, own: Mapping[str, dict] | None = None) -> "Binding":
        """The binding with its key and preset name normalised; UserError when it cannot
        work. `own`: the user's own presets (name → pose), which a key may name too."""
        key = normalise_key(self.key)
        if self.action not in ACTIONS:
            raise UserError(f"hotkey {key}: action must be one of {', '.join(ACTIONS)} "
                            f"(got {self.action!r})")
        if self.mode not in MODES:
            raise UserError(f"hotkey {key}: mode must be toggle or hold (got {self.mode!r})")
        intensity, blend = float(self.intensity), float(self.blend)
        if not 0.0 <= intensity <= 1.0 or math.isnan(intensity):
            raise UserError(f"hotkey {key}: intensity must be between 0 and 1 (got {self.intensity})")
        if not 0.0 <= blend <= MAX_BLEND or math.isnan(blend):
            raise UserError(f"hotkey {key}: blend time must be between 0 and {MAX_BLEND:g} s "
                            f"(got {self.blend})")
        preset = _preset_name(key, self.preset, own or {}) if self.action == "preset" else ""
        return Binding(key, self.action, preset, self.mode, intensity, blend)

    @property
    def label(self) -> str:
        what = self.preset if self.action == "preset" else self.action
        return f"{self.key}: {what} ({self.mode})"


def _preset_name(key: str, name: str, own: Mapping[str, dict]) -> str:
    """An own preset keeps its exact name (the user typed it); a built-in one is lower case."""
    from studio.rig.presets import preset_names
    if isinstance(name, str) and name.strip() in own:
        return name.strip()
    built_in = [n for n in preset_names() if n != "neutral"]
    lowered = name.strip().lower() if isinstance(name, str) else ""
    if lowered not in built_in:
        raise UserError(f"hotkey {key}: unknown expression {name!r}; known: "
                        f"{', '.join([*built_in, *own])}")
    return lowered


@dataclass(frozen=True)
class Hotkeys:
    bindings: tuple[Binding, ...] = ()
    # the user's own presets the bindings may name (name → pose); not saved with the keys:
    # they belong to the profile, and a pose edited there is what its key plays
    own: Mapping[str, dict] = field(default_factory=dict, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "own", {k: dict(v) for k, v in self.own.items()})
        object.__setattr__(self, "bindings", tuple(b.checked(self.own) for b in self.bindings))
        seen = set()
        for b in self.bindings:
            if b.key in seen:
                raise UserError(f"hotkey {b.key} is assigned twice; give each key one action")
            seen.add(b.key)

    @staticmethod
    def default() -> "Hotkeys":
        from studio.rig.presets import preset_names
        presets = [n for n in preset_names() if n != "neutral"][:9]
        keys = [Binding(str(i + 1), "preset", n, "toggle", 1.0, 0.25) for i, n in enumerate(presets)]
        keys += [Binding("t", "talking", mode="hold", blend=0.1),
                 Binding("m", "mute", mode="toggle", blend=0.1)]
        return Hotkeys(tuple(keys))

    def pose(self, binding: Binding) -> dict[str, float]:
        """The pose a preset binding blends in: its preset (own or built-in) × its intensity."""
        if binding.preset in self.own:
            return {n: float(x) * binding.intensity for n, x in self.own[binding.preset].items()}
        from studio.rig.presets import preset_pose
        return dict(preset_pose(binding.preset, binding.intensity))

    def without_preset(self, name: str) -> "Hotkeys":
        """These keys with the bindings to own preset `name` gone (the preset was deleted)."""
        own = {k: v for k, v in self.own.items() if k != name}
        keep = tuple(b for b in self.bindings if not (b.action == "preset" and b.preset == name))
        return Hotkeys(keep, own)

    def find(self, key: str) -> Binding | None:
        try:
            k = normalise_key(key)
        except UserError:
            return None
        return next((b for b in self.bindings if b.key == k), None)

    def to_dict(self) -> dict:
        return {"version": VERSION, "bindings": [asdict(b) for b in self.bindings]}

    @staticmethod
    def from_dict(data, own: Mapping[str, dict] | None = None) -> "Hotkeys":
        if not isinstance(data, dict) or not isinstance(data.get("bindings"), list):
            raise UserError("the hotkeys are damaged: expected {\"version\": 1, \"bindings\": [...]}")
        if int(data.get("version", VERSION)) > VERSION:
            raise UserError("the hotkeys were saved by a newer Avatar Studio; update it")
        fields = set(Binding.__dataclass_fields__)
        out = []
        for item in data["bindings"]:
            if not isinstance(item, dict) or "key" not in item:
                raise UserError("the hotkeys are damaged: every binding needs a key")
            try:
                out.append(Binding(**{k: v for k, v in item.items() if k in fields}))
            except (TypeError, ValueError) as exc:
                raise UserError(f"the hotkeys are damaged: {exc}") from None
        return Hotkeys(tuple(out), own or {})


def own_presets(project) -> dict:
    """The user's own presets of a project (or of the studio's document)."""
    profile = getattr(project, "profile", None)
    return dict(getattr(getattr(profile, "dynamic", None), "user_presets", None) or {})


def load_hotkeys(project) -> Hotkeys:
    """The project's hotkeys (`assets/hotkeys.json`), or the defaults when it has none; keys
    may name the project's own presets."""
    data = getattr(project, "assets", {}).get(ASSET)
    own = own_presets(project)
    if data is None:
        return Hotkeys(Hotkeys.default().bindings, own)
    try:
        return Hotkeys.from_dict(json.loads(data.decode("utf-8")), own)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"the project's hotkeys ({ASSET}) are not valid JSON ({exc}); "
                        "remove them or set them again") from None


def hotkeys_bytes(hotkeys: Hotkeys) -> bytes:
    """The asset's contents for `hotkeys`."""
    return json.dumps(hotkeys.to_dict(), indent=2, ensure_ascii=False).encode("utf-8")


def store_hotkeys(project, hotkeys: Hotkeys) -> None:
    """Put `hotkeys` into the project (saved with it by `save_project`)."""
    project.assets[ASSET] = hotkeys_bytes(hotkeys)


# ---------------------------------------------------------------- the live state

@dataclass
class _Ramp:
    value0: float = 0.0
    t0: float = 0.0
    target: float = 0.0
    blend: float = 0.25

    def value(self, now: float) -> float:
        if self.blend <= 0 or now >= self.t0 + self.blend:
            return self.target
        a = max(0.0, (now - self.t0) / self.blend)
        return self.value0 + (self.target - self.value0) * a

    def go(self, target: float, now: float, blend: float) -> None:
        self.value0, self.t0, self.target, self.blend = self.value(now), now, target, blend


@dataclass
class _Active:
    binding: Binding
    ramp: _Ramp = field(default_factory=_Ramp)
    on: bool = False


def talking_pose(t: float) -> dict[str, float]:
    """A syllable rhythm (about 4.5 a second, louder and softer phrases) for the mouth."""
    syl = max(0.0, math.sin(2 * math.pi * 4.5 * t)) ** 0.8
    phrase = 0.8 + 0.2 * math.sin(2 * math.pi * 0.6 * t + 1.0)
    jaw = 0.55 * syl * phrase
    return {"jawOpen": jaw, "mouthFunnel": 0.15 * max(0.0, math.sin(2 * math.pi * 1.3 * t)),
            "mouthStretchLeft": 0.1 * syl, "mouthStretchRight": 0.1 * syl}


class ExpressionMixer:
    """What the hotkeys have switched on; `mixer(pose, t)` applies it (a render-worker pose
    filter). `trigger(key, down)` is thread-safe; `on_change(message)` reports each change."""

    def __init__(self, hotkeys: Hotkeys | None = None, *, timer: Callable[[], float] = time.monotonic,
                 on_change: Callable[[str], None] | None = None):
        self._timer = timer
        self._lock = threading.Lock()
        self.on_change = on_change
        self._state: dict[str, _Active] = {}
        self.set_hotkeys(hotkeys or Hotkeys())

    def set_hotkeys(self, hotkeys: Hotkeys) -> None:
        with self._lock:
            old = self._state
            self.hotkeys = hotkeys
            self._state = {b.key: old.get(b.key, _Active(b)) for b in hotkeys.bindings}
            for b in hotkeys.bindings:
                self._state[b.key].binding = b

    def trigger(self, key: str, down: bool = True) -> str | None:
        """A key went down (or up). Returns what changed ("smile on", …), None if unbound."""
        binding = self.hotkeys.find(key)
        if binding is None:
            return None
        now = self._timer()
        with self._lock:
            st = self._state[binding.key]
            if binding.mode == "hold":
                on = down
            elif down:
                on = not st.on
            else:
                return None                      # toggles ignore key-up
            if on == st.on:
                return None
            st.on = on
            st.ramp.go(1.0 if on else 0.0, now, binding.blend)
        what = binding.preset if binding.action == "preset" else binding.action
        message = f"{what} {'on' if on else 'off'}"
        if self.on_change is not None:
            self.on_change(message)
        return message

    def release_all(self) -> None:
        now = self._timer()
        with self._lock:
            for st in self._state.values():
                if st.on:
                    st.on = False
                    st.ramp.go(0.0, now, st.binding.blend)

    def active(self) -> dict[str, float]:
        """{key: weight now} of the bindings that are on or still blending."""
        now = self._timer()
        with self._lock:
            return {k: w for k, st in self._state.items() if (w := st.ramp.value(now)) > 1e-4}

    @property
    def muted(self) -> bool:
        with self._lock:
            return any(st.on and st.binding.action == "mute" for st in self._state.values())

    def __call__(self, pose: Mapping[str, float], t: float) -> dict[str, float]:
        now = self._timer()
        with self._lock:
            weights = [(st.binding, st.ramp.value(now)) for st in self._state.values()]
            hotkeys = self.hotkeys
        weights = [(b, w) for b, w in weights if w > 1e-4]
        if not weights:
            return dict(pose)
        v = {n: float(x) for n, x in pose.items()}
        lids = {n: v.get(n, 0.0) for n in LIDS}
        mute = 0.0
        for b, w in weights:
            if b.action == "preset":
                for n, x in hotkeys.pose(b).items():
                    if n in LIDS:
                        lids[n] = max(lids[n], x * w)
                    else:
                        v[n] = v.get(n, 0.0) + x * w
            elif b.action == "talking":
                for n, x in talking_pose(now).items():
                    target = x * b.intensity
                    v[n] = v.get(n, 0.0) + (max(v.get(n, 0.0), target) - v.get(n, 0.0)) * w
            else:
                mute = max(mute, w)
        v.update(lids)
        if mute > 0:
            for n in ARTICULATION:
                if n in v:
                    v[n] *= 1.0 - mute
        ranged = clamp({n: v[n] for n in NAMES if n in v})
        return {n: x for n, x in ranged.items() if abs(x) > 1e-6}

