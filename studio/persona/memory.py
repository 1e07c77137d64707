"""Memory-based conversation: simple facts the user tells the avatar, kept in
`internal.memories` when `internal.memory_enabled` is on (nothing is kept when it is off).

A fact is stored as one short line "KEY: VALUE" — e.g. "name: Minji", "likes: hiking",
"lives in: 서울" — so people can read and edit it in the studio's memory list and the avatar can
read it back. Keys: name, likes, dislikes, lives in, works as. Name, home and job hold one
value (a new one replaces the old); likes/dislikes accumulate (de-duplicated, case-insensitive).
At most `MAX_MEMORIES` lines (oldest dropped), each at most `MAX_VALUE` characters of value
(well under the profile's 2000-character limit per memory).

Patterns (regular expressions, not a parser):
- en: "my name is X", "call me X", "I like/love/enjoy X", "I don't like X", "I hate X",
  "I live in X", "I'm from X", "I work as X", "my job is X";
- ko: "제/내 이름은 X(이에요|예요|입니다|야|이야)", "저는 X라고 해요", "X를/을 좋아해요" (with 안/지 않 → dislikes),
  "저는 X가/이 좋아요", "X를 싫어해요", "X에(서) 살아요", "X로 일해요", "제 직업은 X예요".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MEMORIES = 50
MAX_VALUE = 80
KEYS = ("name", "likes", "dislikes", "lives in", "works as")
SINGLE = ("name", "lives in", "works as")

_STOP = r"(?=\s*(?:[.!?,;]|\band\b|\bbut\b|\bbecause\b|\bso\b|$))"
_I = r"\bI\s+(?:really\s+|also\s+|just\s+|currently\s+)?"
_EN = (
    ("name", re.compile(r"\bmy name(?:'s| is)\s+(?!not\b)([A-Za-z][\w'\- ]{0,40}?)" + _STOP, re.I)),
    ("name", re.compile(r"\b(?:call me|you can call me)\s+([A-Za-z][\w'\-]{0,30})", re.I)),
    ("dislikes", re.compile(_I + r"(?:don't|do not|dont)\s+(?:like|love|enjoy)\s+(.{1,80}?)" + _STOP, re.I)),
    ("dislikes", re.compile(_I + r"(?:hate|dislike|can't stand)\s+(.{1,80}?)" + _STOP, re.I)),
    ("likes", re.compile(_I + r"(?:like|love|enjoy|adore)\s+(.{1,80}?)" + _STOP, re.I)),
    ("lives in", re.compile(_I + r"live\s+in\s+(.{1,60}?)" + _STOP, re.I)),
    ("lives in", re.compile(r"\bI(?:'m| am)\s+from\s+(.{1,60}?)" + _STOP, re.I)),
    ("works as", re.compile(_I + r"work\s+as\s+(.{1,60}?)" + _STOP, re.I)),
    ("works as", re.compile(r"\bmy job is\s+(.{1,60}?)" + _STOP, re.I)),
)
_VAGUE = {"it", "that", "this", "them", "you", "him", "her", "to", "so", "그거", "그것", "이거", "너", "당신"}
_KO_TOPIC = re.compile(r"^(?:저는|나는|전|난|제가|내가|저도|나도)\s+")
_KO_ADV = r"(?:정말|진짜|너무|아주|많이|제일|가장|특히)?\s*"
_KO_NOUN = r"([^\s.!?,]+(?:\s[^\s.!?,]+)?)"
_KO = (
    ("name", re.compile(r"(?:제|내)\s*이름은\s*([^\s.!?,]{1,20}?)\s*(?:이에요|예요|입니다|이야|야|이고|이라고|라고|$|[.!?,])")),
    ("name", re.compile(r"(?:저는|나는)\s+([^\s.!?,]{1,20}?)(?:이라고|라고)\s*(?:해요|합니다|해|불러)")),
    ("likes", re.compile(_KO_NOUN + r"(?:을|를)\s*" + _KO_ADV + r"(안\s*)?좋아(?:해|합|하)(?!지\s*않)")),
    ("dislikes", re.compile(_KO_NOUN + r"(?:을|를)\s*" + _KO_ADV + r"(?:안\s*좋아|좋아하지\s*않|싫어)")),
    ("likes", re.compile(r"(?:저는|나는|전|난)\s+([^\s.!?,]+)(?:이|가)\s*" + _KO_ADV + r"좋아(?:요|$|[.!?\s])")),
    ("lives in", re.compile(r"([^\s.!?,]+?)(?:에서|에)\s*(?:살아|살고|삽니다|살아요)")),
    ("works as", re.compile(r"직업은\s*([^\s.!?,]+?)(?:이에요|예요|입니다|이야|야|$|[.!?,])")),
    ("works as", re.compile(r"([^\s.!?,]+?)(?:으로|로)\s*(?:일해|일하고|일합니다|근무)")),
)


@dataclass(frozen=True)
class Fact:
    key: str          # one of KEYS
    value: str

    @property
    def line(self) -> str:
        return f"{self.key}: {self.value}"


def _clean(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip(" \"'“”‘’.!?,;")
    value = _KO_TOPIC.sub("", value)
    return value[:MAX_VALUE].strip()


def extract_facts(text: str) -> list[Fact]:
    """Facts stated in a user message, in the order found (at most one per key and value)."""
    facts: list[Fact] = []
    seen = set()
    for key, pattern in _EN + _KO:
        for m in pattern.finditer(text):
            if key == "likes" and m.lastindex and m.lastindex >= 2 and m.group(2):
                key_now = "dislikes"             # "…를 안 좋아해요"
            else:
                key_now = key
            value = _clean(m.group(1))
            if key_now in ("likes", "dislikes") and value.lower() in _VAGUE:
                continue                          # "I like it": nothing worth remembering
            if not value or (key_now, value.lower()) in seen or any(
                    value.lower() == f.value.lower() for f in facts if f.key in ("likes", "dislikes")
                    and key_now in ("likes", "dislikes")):
                continue
            if key_now == "name":
                value = value[:1].upper() + value[1:]
            seen.add((key_now, value.lower()))
            facts.append(Fact(key_now, value))
    return facts


def parse_line(line: str) -> Fact | None:
    """A stored memory line back as a Fact, or None for free text (e.g. typed in the studio)."""
    key, sep, value = line.partition(":")
    key = key.strip().lower()
    return Fact(key, value.strip()) if sep and key in KEYS and value.strip() else None


def remember(memories: tuple[str, ...], facts: list[Fact]) -> tuple[str, ...]:
    """`memories` with `facts` added: single-valued keys replaced, a liking replaces a
    dislike of the same thing (and back), duplicates skipped, oldest dropped past the limit."""
    out = list(memories)
    for fact in facts:
        def clashes(line: str) -> bool:
            old = parse_line(line)
            if old is None:
                return False
            if fact.key in SINGLE:
                return old.key == fact.key
            return old.key in ("likes", "dislikes") and old.value.lower() == fact.value.lower()
        out = [m for m in out if not clashes(m)]
        out.append(fact.line[:2000])
    return tuple(out[-MAX_MEMORIES:])


def recall(memories: tuple[str, ...], key: str) -> list[str]:
    """Stored values for `key`, oldest first."""
    return [f.value for f in map(parse_line, memories) if f is not None and f.key == key]
