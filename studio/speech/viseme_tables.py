"""eSpeak NG phoneme mnemonic → viseme class, per language.

The mnemonics are the ones eSpeak NG actually emits in its phoneme events (collected with
`studio.speech.viseme_tables.probe()` on a phonetically varied corpus per language; the test
`tests/speech/test_visemes.py` re-runs the probe and fails if any emitted mnemonic is missing
from its language's table). Stress marks (' and ,) are stripped before lookup. A value is one
viseme, or a pair for diphthongs (the event is split 55/45 between them).

Viseme classes (Oculus/MPEG-4 style; see `visemes.VISEMES` for the poses):
sil, PP (p b m), FF (f v), TH (θ ð), DD (t d), kk (k g ŋ x), CH (tʃ dʒ ʃ ʒ ɕ, retroflex
sibilants), SS (s z ts), nn (n l ɲ ʎ), RR (r ɾ ɹ), aa (a ɑ ʌ), E (e ɛ ə), ih (i ɪ j ɯ),
oh (o ɔ), ou (u ʊ w y ø).
"""
from __future__ import annotations

Viseme = str | tuple[str, str]

# Shared by all languages: eSpeak's mnemonics follow one Kirshenbaum-like scheme.
GENERIC: dict[str, Viseme] = {
    # pauses and markers
    "_": "sil", "_:": "sil", "_|": "sil", "_!": "sil", "_j": "sil", "": "sil",
    # bilabials / labiodentals / dentals
    "p": "PP", "b": "PP", "m": "PP", "p-": "PP", "ph": "PP", "B": "PP",
    "f": "FF", "v": "FF", "pF": "FF",
    "T": "TH", "D": "TH",
    # alveolar stops, nasals, liquids
    "t": "DD", "d": "DD", "t#": "DD", "t-": "DD", "th": "DD",
    "n": "nn", "l": "nn", "L": "nn", "n^": "nn", "l^": "nn", "N\\": "nn", "N": "nn",
    "r": "RR", "R": "RR", "R2": "RR", "**": "RR", "*": "RR", "r`": "RR", "z2": "SS",
    # velars / glottals
    "k": "kk", "g": "kk", "k-": "kk", "kh": "kk", "q": "kk", "q-": "kk", "x": "kk",
    "X": "kk", "C": "kk", "h": "kk", "G": "kk",
    # sibilants and affricates
    "s": "SS", "z": "SS", "s-": "SS", "ts": "SS", "tsh": "SS", "t_s": "SS",
    "S": "CH", "Z": "CH", "tS": "CH", "dZ": "CH", "tS;": "CH", "tS;-": "CH", "dZ;": "CH",
    "S;": "CH", "tS;h": "CH", "s\\": "CH", "t_s\\": "CH", "d_z\\": "CH", "J^": "CH",
    "s.": "CH", "ts.": "CH", "ts.h": "CH", "z.": "CH",
    # glides and modifiers
    "j": "ih", "w": "ou", ";": "ih",
    # vowels
    "a": "aa", "aa": "aa", "A": "aa", "A:": "aa", "a#": "aa", "V": "aa", "a-": "aa", "A@": "aa",
    "A~": "aa", "0": "oh",
    "e": "E", "E": "E", "e:": "E", "e@": "E", "e-": "E", "E~": "E",
    "@": "E", "@-": "E", "@2": "E", "3": "E", "3:": "E", "@r": "E",
    "i": "ih", "I": "ih", "I2": "ih", "i:": "ih", "i.": "ih", "i[": "ih", "i@": ("ih", "E"),
    "i@3": ("ih", "E"),
    "o": "oh", "O": "oh", "O:": "oh", "o@": "oh", "O@": "oh", "O2": "oh", "o-": "oh",
    "o:": "oh", "O~": "oh",
    "u": "ou", "u:": "ou", "U": "ou", "U@": ("ou", "E"), "u~": "ou", "u-": "ih",
    "y": "ou", "y:": "ou", "Y": "ou", "Y:": "ou", "W": "oh", "W~": "oh",
    # diphthongs
    "aI": ("aa", "ih"), "aU": ("aa", "ou"), "oU": ("oh", "ou"), "eI": ("E", "ih"),
    "OI": ("oh", "ih"), "OY": ("oh", "ih"), "ai": ("aa", "ih"), "Au": ("aa", "ou"),
    "ei": ("E", "ih"),
}

# Where a language gives a shared mnemonic another sound, or uses its own.
OVERRIDES: dict[str, dict[str, Viseme]] = {
    "en": {},
    "en-us": {},
    "ko": {"@": "aa",          # ㅓ [ʌ]: open, unrounded
           "u-": "ih",         # ㅡ [ɯ]: unrounded
           "*": "RR", "L": "nn"},
    "es": {"D": "DD",          # Spanish ð is a soft d
           "B": "PP", "**": "RR"},
    "ja": {"u": "ou", "p\\": "ou",   # ふ [ɸ]: rounded bilabial fricative
           "N\\": "nn", "r`": "RR"},
    "cmn": {"iE": ("ih", "E"), "iA": ("ih", "aa"), "iou": ("ih", "ou"), "ua": ("ou", "aa"),
            "uo": ("ou", "oh"), "u@": ("ou", "E"), "yE": ("ou", "E"), "ong": ("oh", "nn"),
            "o-": "oh", "S;": "CH", "X": "kk"},
    "fr": {"W": "oh", "Y": "ou", "z2": "SS"},
    "de": {"W": "oh", "C": "kk", "pF": "FF", "ts": "SS"},
}
# Phonemes with no mouth shape of their own: they take the next phoneme's viseme ([h] is
# shaped by the vowel it precedes).
INHERIT = frozenset({"h"})
ALIASES = {"zh": "cmn", "zh-cmn": "cmn", "en-gb": "en", "es-419": "es", "es-mx": "es",
           "fr-fr": "fr"}
LANGUAGES: tuple[str, ...] = tuple(OVERRIDES)   # languages with a probed, checked table


def table_language(language: str) -> str | None:
    """The table used for an eSpeak language code, or None (then GENERIC only)."""
    code = ALIASES.get(language.lower(), language.lower())
    if code in OVERRIDES:
        return code
    base = code.split("-")[0]
    return base if base in OVERRIDES else None


def strip_stress(name: str) -> str:
    return name.lstrip("',=%")


def lookup(language: str, name: str) -> Viseme | None:
    """Exact table entry for a mnemonic (stress stripped), or None."""
    base = strip_stress(name)
    lang = table_language(language)
    if lang is not None and base in OVERRIDES[lang]:
        return OVERRIDES[lang][base]
    return GENERIC.get(base)


def viseme_of(language: str, name: str) -> Viseme:
    """Viseme for a mnemonic; unknown mnemonics fall back on their first letter's class."""
    hit = lookup(language, name)
    if hit is not None:
        return hit
    base = strip_stress(name)
    for n in range(len(base) - 1, 0, -1):      # longest known prefix ("tS;h" → "tS;")
        hit = lookup(language, base[:n])
        if hit is not None:
            return hit
    return "E" if base[:1].lower() in "aeiouy@3" else "DD"


def probe(language: str, text: str) -> set[str]:
    """The phoneme mnemonics eSpeak emits for `text` (used to build and check the tables)."""
    from studio.speech.espeak_lib import library
    _, events = library().synth(text, language, 175, 50, 50, 100)
    return {e.name for e in events if e.kind == "phoneme" and not e.name.startswith("(")}
