"""The F.FDHC digital-human profile (ITU-T F.FDHC; docs/ARCHITECTURE.md, section "Profile…").

Four groups — external static, external dynamic, internal, privacy — as frozen dataclasses.
Edit with `dataclasses.replace` (the GUI's undo stack keeps the old objects). Ranges, labels
and choices live in each field's metadata (see `fields.py`); `validate()` and the editors read it.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from studio.profile.fields import asset, choice, colour, flag, num, text

SCHEMA_VERSION = 2

BACKGROUND_MODES = ("original", "colour", "image", "blur", "transparent")
GLASSES = ("none", "round", "square", "sunglasses")
HATS = ("none", "beanie", "cap", "party")
EARRINGS = ("none", "studs", "hoops")
# How the photo's own expression is treated: "auto" undoes it when the photo is expressive
# (a laugh, a frown, raised brows), "neutral" always, "as photographed" never (the exact photo).
PHOTO_EXPRESSIONS = ("auto", "neutral", "as photographed")
AVATAR_KINDS = ("photo", "drawn")   # the warped photo, or the drawn character (studio/drawn)
HEAD_MOTION_STYLES = ("calm", "natural", "lively")
DISCLOSURE = ("full", "summary", "none")
FORMALITY = ("casual", "polite", "formal")   # Korean: 반말, 해요체, 합쇼체


@dataclass(frozen=True)
class ExternalStatic:
    """Appearance that does not change during a performance. Scales are 1.0 = the photo."""
    photo: str = asset("source photo")
    face_width: float = num(1.0, 0.8, 1.2, "face width")
    jaw_width: float = num(1.0, 0.7, 1.3, "jaw width")
    chin_length: float = num(1.0, 0.7, 1.3, "chin length")
    eye_size: float = num(1.0, 0.5, 1.5, "eye size")
    nose_width: float = num(1.0, 0.6, 1.4, "nose width")
    lip_fullness: float = num(1.0, 0.6, 1.6, "lip fullness")
    skin_tone: float = num(0.0, -1.0, 1.0, "skin tone (darker … lighter)")
    skin_smoothing: float = num(0.0, 0.0, 1.0, "skin smoothing")
    lip_colour: str = colour("", "lip colour", optional=True)
    lip_colour_strength: float = num(0.5, 0.0, 1.0, "lip colour strength")
    blush: float = num(0.0, 0.0, 1.0, "blush")
    blush_colour: str = colour("#e8747c", "blush colour")
    iris_colour: str = colour("", "iris colour", optional=True)
    hair_colour: str = colour("", "hair colour", optional=True)
    hair_colour_strength: float = num(0.6, 0.0, 1.0, "hair colour strength")
    glasses: str = choice("none", GLASSES, "glasses")
    hat: str = choice("none", HATS, "hat")
    earrings: str = choice("none", EARRINGS, "earrings")
    accessory_colour: str = colour("#202020", "accessory colour")
    clothing_tint: str = colour("", "clothing tint", optional=True)
    photo_expression: str = choice("auto", PHOTO_EXPRESSIONS, "photo's own expression")
    zoom: float = num(1.0, 0.5, 2.0, "framing zoom")
    offset_x: float = num(0.0, -0.5, 0.5, "framing horizontal offset")
    offset_y: float = num(0.0, -0.5, 0.5, "framing vertical offset")
    background: str = choice("original", BACKGROUND_MODES, "background")
    background_colour: str = colour("#3a6ea5", "background colour")
    background_image: str = asset("background image")
    background_blur: float = num(0.5, 0.0, 1.0, "background blur")
    avatar_kind: str = choice("photo", AVATAR_KINDS, "avatar")
    # the drawn character's parts: name → value, schema in studio/drawn/character.py ({} = defaults)
    character: dict = field(default_factory=dict)


@dataclass(frozen=True)
class VoiceProfile:
    """Measured from the user's voice sample (speech issue); all zeros = not measured."""
    median_pitch_hz: float = num(0.0, 0.0, 600.0, "median pitch", "Hz")
    pitch_range_semitones: float = num(0.0, 0.0, 48.0, "pitch range", "semitones")
    speaking_rate_sps: float = num(0.0, 0.0, 15.0, "speaking rate", "syllables/s")
    spectral_tilt_db: float = num(0.0, -60.0, 20.0, "spectral tilt", "dB/octave")
    formant_shift: float = num(1.0, 0.7, 1.4, "formant shift")


@dataclass(frozen=True)
class ExternalDynamic:
    """How the avatar moves and sounds."""
    expression: str = text("neutral", "expression preset", 40)
    expression_intensity: float = num(1.0, 0.0, 1.0, "expression intensity")
    blink_rate: float = num(15.0, 0.0, 60.0, "blink rate", "per minute")
    head_sway: float = num(0.5, 0.0, 1.0, "head sway")
    breathing: float = num(0.5, 0.0, 1.0, "breathing")
    gaze_wander: float = num(0.5, 0.0, 1.0, "gaze wander")
    head_motion_style: str = choice("natural", HEAD_MOTION_STYLES, "head motion style")
    lipsync_strength: float = num(1.0, 0.0, 2.0, "articulation strength")
    lipsync_smoothing: float = num(0.5, 0.0, 1.0, "lip-sync smoothing")
    voice_engine: str = text("espeak", "voice engine", 40)
    voice_name: str = text("", "voice", 80)
    voice_language: str = text("en", "voice language", 16)
    voice_rate: float = num(175.0, 80.0, 450.0, "speaking rate", "words/min")
    voice_pitch: float = num(50.0, 0.0, 100.0, "voice pitch")
    voice_volume: float = num(1.0, 0.0, 2.0, "voice volume")
    voice_sample: str = asset("voice sample")
    voice_profile: VoiceProfile = field(default_factory=VoiceProfile)
    match_voice_to_sample: bool = flag(True, "match voice to sample")
    webcam_sensitivity: float = num(1.0, 0.0, 2.0, "webcam sensitivity")
    webcam_mirror: bool = flag(True, "mirror webcam")
    webcam_neutral: dict = field(default_factory=dict)   # parameter name → calibrated offset
    gestures: bool = flag(True, "gestures")
    # the user's own pose: parameter name → value set over the expression preset (studio ▸ Pose)
    pose_edits: dict = field(default_factory=dict)
    # the user's own named poses: name → {parameter name: value}, chosen like a preset
    user_presets: dict = field(default_factory=dict)
    # the faces the chat shows, the user's way: a face the chat picks (a built-in preset) → the
    # preset shown instead, built-in or one of user_presets (studio/persona/emotion_state.py)
    chat_faces: dict = field(default_factory=dict)
    # the timeline's keyframes: parameter name → [[seconds, value], …], added to the expression
    keyframes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Personality:
    """Big Five, 0..1."""
    openness: float = num(0.5, 0.0, 1.0, "openness")
    conscientiousness: float = num(0.5, 0.0, 1.0, "conscientiousness")
    extraversion: float = num(0.5, 0.0, 1.0, "extraversion")
    agreeableness: float = num(0.5, 0.0, 1.0, "agreeableness")
    neuroticism: float = num(0.5, 0.0, 1.0, "neuroticism")


@dataclass(frozen=True)
class Internal:
    """Who the digital human is."""
    name: str = text("My Avatar", "name", 80)
    role: str = text("", "role / description", 500)
    language: str = text("en", "language", 16)
    personality: Personality = field(default_factory=Personality)
    valence: float = num(0.2, -1.0, 1.0, "emotional valence (unhappy … happy)")
    arousal: float = num(0.0, -1.0, 1.0, "emotional arousal (calm … excited)")
    expressiveness: float = num(0.5, 0.0, 1.0, "expressiveness")
    knowledge_notes: str = text("", "knowledge notes", 20000)
    greeting: str = text("Hello! Nice to meet you.", "greeting", 500)
    formality: str = choice("polite", FORMALITY, "formality")
    emoji_use: float = num(0.2, 0.0, 1.0, "emoji use")
    verbosity: float = num(0.5, 0.0, 1.0, "verbosity")
    memory_enabled: bool = flag(False, "memory")
    memories: tuple[str, ...] = ()
    # a language model for the conversation (OpenAI-compatible server the user runs, e.g.
    # Ollama); "" = the Preferences' choice, else the embedded rule-based responder
    llm_url: str = text("", "language model server URL", 500)
    llm_model: str = text("", "language model name", 200)


@dataclass(frozen=True)
class Privacy:
    """What may leave the machine, and the consent behind the face and voice used."""
    consent_face: bool = flag(False, "consent to use this face")
    consent_voice: bool = flag(False, "consent to use this voice")
    consent_by: str = text("", "consent given by", 200)
    consent_date: str = text("", "consent date", 40)
    disclose_static: str = choice("full", DISCLOSURE, "disclose appearance on export")
    disclose_dynamic: str = choice("summary", DISCLOSURE, "disclose motion and voice on export")
    disclose_internal: str = choice("none", DISCLOSURE, "disclose personality on export")
    ai_label_metadata: bool = flag(True, "AI-generated label in file metadata")
    ai_badge_visible: bool = flag(False, "visible AI-generated badge")


@dataclass(frozen=True)
class DigitalHuman:
    """The whole profile. `schema_version` is written to every project file."""
    static: ExternalStatic = field(default_factory=ExternalStatic)
    dynamic: ExternalDynamic = field(default_factory=ExternalDynamic)
    internal: Internal = field(default_factory=Internal)
    privacy: Privacy = field(default_factory=Privacy)
    schema_version: int = SCHEMA_VERSION


GROUPS = {"static": "external static", "dynamic": "external dynamic",
          "internal": "internal", "privacy": "privacy"}


def replace_in(profile: DigitalHuman, group: str, **changes) -> DigitalHuman:
    """A copy of `profile` with `changes` applied to one group ('static', 'dynamic', …; a
    nested group as a dotted path, 'internal.personality')."""
    def rec(obj, parts):
        if not parts:
            return dataclasses.replace(obj, **changes)
        return dataclasses.replace(obj, **{parts[0]: rec(getattr(obj, parts[0]), parts[1:])})
    return rec(profile, group.split("."))
