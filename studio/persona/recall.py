"""Recall of older things the user said, for the prompt: the lines of the stored history that
have fallen out of the prompt's recent window, searched for the current message.

A lexical method that works for Korean and English without a model or a tokenizer: the
knowledge notes' character n-gram TF-IDF (`knowledge.KnowledgeBase`: n-grams of each word, Korean
particles stripped, cosine × share of the question's content words found). The index is built
once per session from the store (about 1.6 s for 10,000 lines on one core; on the chat's worker
thread) and rebuilt only after `REBUILD_AFTER` more lines have aged out of the window; a query
over 10,000 lines takes about 10 ms (tests/persona/test_recall.py measures both, and recall on
a small English + Korean set).
"""
from __future__ import annotations

from studio.persona.knowledge import KnowledgeBase

REBUILD_AFTER = 24
THRESHOLD = 0.15          # below it, distractors ("Tell me about quantum computing": 0.11)


class HistoryRecall:
    def __init__(self, store, avatar: str, window: int):
        self.store, self.avatar, self.window = store, avatar, window
        self._kb: KnowledgeBase | None = None
        self._indexed = -1

    def _older_lines(self) -> list[str]:
        rows = self.store.history(self.avatar)
        older = rows[: max(0, len(rows) - self.window)]
        return [" ".join(text.split()) for role, text in older if role == "user" and text.strip()]

    def refresh(self) -> None:
        total = self.store.count(self.avatar)
        older = max(0, total - self.window)
        if self._kb is not None and older - self._indexed < REBUILD_AFTER:
            return
        self._kb = KnowledgeBase("\n".join(self._older_lines()))
        self._indexed = older

    def search(self, text: str, k: int = 3) -> list[str]:
        """Up to `k` older user lines (sentences) relevant to `text`, best first."""
        self.refresh()
        if self._kb is None or not self._kb.passages:
            return []
        return [h.passage for h in self._kb.top(text, k, THRESHOLD)]
