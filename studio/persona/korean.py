"""Korean speech levels for common sentence endings: 합쇼체 (formal), 해요체 (polite),
반말 (casual). A small, explicit table — not a grammar — covering the endings the avatar's
own lines use (greetings, thanks, apologies, 하다-verbs, 이다, 있다/없다, 좋다, requests).
"""
from __future__ import annotations

import re

LEVELS = ("formal", "polite", "casual")

# (formal, polite, casual) sentence-final forms; matched as suffixes of the last word.
ENDINGS: tuple[tuple[str, str, str], ...] = (
    ("안녕하십니까", "안녕하세요", "안녕"),
    ("반갑습니다", "반가워요", "반가워"),
    ("감사합니다", "감사해요", "고마워"),
    ("고맙습니다", "고마워요", "고마워"),
    ("죄송합니다", "죄송해요", "미안해"),
    ("미안합니다", "미안해요", "미안해"),
    ("주십시오", "주세요", "줘"),
    ("했습니다", "했어요", "했어"),
    ("겠습니다", "겠어요", "겠어"),
    ("합니다", "해요", "해"),
    ("하십시오", "하세요", "해"),       # after 합니다: a bare casual 해 reads as a statement
    ("있습니다", "있어요", "있어"),
    ("없습니다", "없어요", "없어"),
    ("좋습니다", "좋아요", "좋아"),
    ("갑니다", "가요", "가"),
    ("옵니다", "와요", "와"),
    ("봅니다", "봐요", "봐"),
)
_COPULA = {"formal": ("입니다", "입니다"), "polite": ("이에요", "예요"), "casual": ("이야", "야")}
_PRONOUNS = (("저는", "나는"), ("제가", "내가"), ("저희", "우리"), ("저도", "나도"), ("저를", "나를"),
             ("제 ", "내 "))
_WORD_END = re.compile(r"(\S+?)([.!?…~]*)$")


def has_final_consonant(syllable: str) -> bool:
    """True when a Hangul syllable ends in a consonant (받침); False for others."""
    o = ord(syllable)
    return 0xAC00 <= o <= 0xD7A3 and (o - 0xAC00) % 28 != 0


def _copula(word: str, level: str) -> str | None:
    """'학생입니다' / '학생이에요' / '의사예요' / '학생이야' / '의사야' → the same at `level`.
    이에요/이야 follow a final consonant, 예요/야 a vowel; longer forms are tried first."""
    for form in ("입니다", "이에요", "예요", "이야", "야"):
        if not word.endswith(form) or len(word) <= len(form):
            continue
        stem = word[: -len(form)]
        if form in ("예요", "야") and (has_final_consonant(stem[-1]) or not stem[-1].isalpha()):
            continue
        return stem + _COPULA[level][0 if has_final_consonant(stem[-1]) else 1]
    return None


def set_level(sentence: str, level: str) -> str:
    """One sentence with its final ending (and first-person pronouns) at `level`."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    m = _WORD_END.search(sentence.rstrip())
    if not m:
        return sentence
    word, punct = m.group(1), m.group(2)
    head = sentence.rstrip()[: m.start()]
    new = None
    if word.endswith("니까"):                  # formal question → its statement form
        word = word[:-2] + "니다"
    for forms in ENDINGS:
        for form in forms:
            if word.endswith(form):
                new = word[: -len(form)] + forms[LEVELS.index(level)]
                break
        if new:
            break
    if new is None:
        new = _copula(word, level) or word
    if punct == "?" and level == "formal" and new.endswith("니다"):
        new = new[:-2] + "니까"
    out = head + new + punct
    for polite, casual in _PRONOUNS:
        out = out.replace(polite, casual) if level == "casual" else out.replace(casual, polite)
    return out
