"""Memory that lasts across sessions: one SQLite file (stdlib `sqlite3`) in the user data
folder, `<data dir>/memory.sqlite3` (`studio.settings.data_dir()`, e.g.
~/.local/share/AvatarStudio on Linux; `AVATAR_STUDIO_DATA_DIR` overrides it). Not inside the
project: a project file is shared with others, what a user told the avatar is not.

Per avatar (keyed by `avatar_key`: the project file's absolute path, or the avatar's name when
there is no project file) it keeps:

- `turns`     — the conversation history, user and avatar lines, oldest first;
- `facts`     — what the user said about themselves ("name: Minji", "likes: hiking"), in the
  same "KEY: VALUE" lines as `internal.memories` (`memory.remember` merges them);
- `summaries` — one running summary of the turns that dropped out of the prompt.

Nothing is created or written until something is stored (memory off in the profile → the
caller never stores, so no file appears). `forget` deletes an avatar's rows with
`secure_delete` on and vacuums, so forgotten text is not left in free pages of the file.
Each call opens its own connection: the store is used from worker threads.

What the user sees and edits (the studio's Memory dialog, `studio/ui/memory_dialog.py`) is a
list of `MemoryItem`s (`items`), changed through `edit` and `delete` and written out by
`export_file` (JSON or CSV); `matches` is the dialog's search, kept here so it is tested
without Qt.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from studio.persona import memory as mem

FILE_NAME = "memory.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS turns (id INTEGER PRIMARY KEY AUTOINCREMENT, avatar TEXT NOT NULL,
    at REAL NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL, summarized INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS turns_avatar ON turns (avatar, id);
CREATE TABLE IF NOT EXISTS facts (id INTEGER PRIMARY KEY AUTOINCREMENT, avatar TEXT NOT NULL,
    at REAL NOT NULL, line TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS facts_avatar ON facts (avatar, id);
CREATE TABLE IF NOT EXISTS summaries (avatar TEXT PRIMARY KEY, at REAL NOT NULL, text TEXT NOT NULL);
"""


KINDS = ("fact", "summary", "user", "assistant")      # MemoryItem.kind; user/assistant: history


@dataclass(frozen=True)
class MemoryItem:
    """One thing kept for an avatar: a fact, the running summary, or a line of the history."""
    kind: str
    id: int                  # the row id in its table (the summary: 0, one per avatar)
    at: float                # when it was stored (seconds since the epoch)
    text: str

    @property
    def editable(self) -> bool:
        return self.kind in ("fact", "summary")


def matches(item: MemoryItem, query: str) -> bool:
    """The dialog's search: every word of `query` occurs in the item's text or kind (any case;
    Korean words match inside longer words, so a particle after a noun does not hide it)."""
    hay = f"{item.kind} {item.text}".casefold()
    return all(word in hay for word in query.casefold().split())


def default_path() -> Path:
    from studio.settings import data_dir
    return data_dir() / FILE_NAME


def avatar_key(project_path=None, name: str = "") -> str:
    """Which avatar's memory: the project file (absolute path) or, without one, the name."""
    if project_path:
        ident = "project:" + str(Path(project_path).expanduser().absolute())
    else:
        ident = "name:" + (name.strip() or "Avatar")
    return hashlib.sha1(ident.encode("utf-8")).hexdigest()[:20]


class MemoryStore:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_path()

    # ---- plumbing ---------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.is_file()

    def _connect(self, write: bool) -> sqlite3.Connection | None:
        if not write and not self.exists():
            return None
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(self.path), timeout=10.0)
        db.execute("PRAGMA secure_delete = ON")
        db.executescript(_SCHEMA)
        return db

    def _read(self, sql: str, args: tuple) -> list[tuple]:
        db = self._connect(write=False)
        if db is None:
            return []
        with closing(db):
            return db.execute(sql, args).fetchall()

    # ---- history ------------------------------------------------------------------------------
    def add_turn(self, avatar: str, role: str, text: str) -> None:
        with closing(self._connect(write=True)) as db, db:
            db.execute("INSERT INTO turns (avatar, at, role, text) VALUES (?, ?, ?, ?)",
                       (avatar, time.time(), role, text))

    def recent(self, avatar: str, n: int) -> list[tuple[str, str]]:
        """The last `n` lines (role, text), oldest first."""
        rows = self._read("SELECT role, text FROM turns WHERE avatar = ? ORDER BY id DESC LIMIT ?",
                          (avatar, int(n)))
        return rows[::-1]

    def count(self, avatar: str) -> int:
        rows = self._read("SELECT COUNT(*) FROM turns WHERE avatar = ?", (avatar,))
        return int(rows[0][0]) if rows else 0

    def history(self, avatar: str) -> list[tuple[str, str]]:
        return self._read("SELECT role, text FROM turns WHERE avatar = ? ORDER BY id", (avatar,))

    def to_summarize(self, avatar: str, keep: int) -> list[tuple[int, str, str]]:
        """(id, role, text) of the not yet summarized lines older than the last `keep`."""
        rows = self._read("SELECT id, role, text FROM turns WHERE avatar = ? AND summarized = 0 "
                          "ORDER BY id", (avatar,))
        last_ids = {r[0] for r in self._read("SELECT id FROM turns WHERE avatar = ? ORDER BY id DESC LIMIT ?",
                                             (avatar, int(keep)))}
        return [r for r in rows if r[0] not in last_ids]

    def summary(self, avatar: str) -> str:
        rows = self._read("SELECT text FROM summaries WHERE avatar = ?", (avatar,))
        return rows[0][0] if rows else ""

    def set_summary(self, avatar: str, text: str, upto_id: int) -> None:
        """Store the running summary, covering the lines up to `upto_id`."""
        with closing(self._connect(write=True)) as db, db:
            db.execute("INSERT INTO summaries (avatar, at, text) VALUES (?, ?, ?) ON CONFLICT(avatar) "
                       "DO UPDATE SET at = excluded.at, text = excluded.text", (avatar, time.time(), text))
            db.execute("UPDATE turns SET summarized = 1 WHERE avatar = ? AND id <= ?", (avatar, upto_id))

    # ---- facts ----------------------------------------------------------------------------------
    def facts(self, avatar: str) -> list[str]:
        return [r[0] for r in self._read("SELECT line FROM facts WHERE avatar = ? ORDER BY id", (avatar,))]

    def set_facts(self, avatar: str, lines) -> None:
        """Replace the avatar's facts (e.g. after the user edited them)."""
        with closing(self._connect(write=True)) as db, db:
            db.execute("DELETE FROM facts WHERE avatar = ?", (avatar,))
            db.executemany("INSERT INTO facts (avatar, at, line) VALUES (?, ?, ?)",
                           [(avatar, time.time(), line) for line in lines if line.strip()])

    def add_facts(self, avatar: str, facts: list[mem.Fact]) -> tuple[str, ...]:
        """Merge `facts` (a new name replaces the old, likes accumulate); returns all lines."""
        merged = mem.remember(tuple(self.facts(avatar)), facts)
        self.set_facts(avatar, merged)
        return merged

    # ---- forgetting ------------------------------------------------------------------------------
    def forget(self, avatar: str) -> None:
        """Delete everything kept for `avatar` (history, facts, summary), really."""
        if not self.exists():
            return
        with closing(self._connect(write=True)) as db:
            with db:
                for table in ("turns", "facts", "summaries"):
                    db.execute(f"DELETE FROM {table} WHERE avatar = ?", (avatar,))
            db.execute("VACUUM")

    def forget_everything(self) -> None:
        """Delete the memory file itself (every avatar)."""
        for suffix in ("", "-journal", "-wal", "-shm"):
            p = self.path.with_name(self.path.name + suffix)
            if p.exists():
                p.unlink()

    def remaining(self, avatar: str) -> int:
        """How many rows are kept for `avatar` in all tables (0 after `forget`)."""
        return sum(int(self._read(f"SELECT COUNT(*) FROM {table} WHERE avatar = ?", (avatar,))[0][0])
                   for table in ("turns", "facts", "summaries")) if self.exists() else 0

    # ---- what the user sees and edits ---------------------------------------------------------
    def items(self, avatar: str) -> list[MemoryItem]:
        """Facts, then the summary, then the history oldest first."""
        out = [MemoryItem("fact", i, at, line) for i, at, line in
               self._read("SELECT id, at, line FROM facts WHERE avatar = ? ORDER BY id", (avatar,))]
        out += [MemoryItem("summary", 0, at, text) for at, text in
                self._read("SELECT at, text FROM summaries WHERE avatar = ?", (avatar,)) if text]
        out += [MemoryItem(role, i, at, text) for i, at, role, text in
                self._read("SELECT id, at, role, text FROM turns WHERE avatar = ? ORDER BY id", (avatar,))]
        return out

    def edit(self, avatar: str, item: MemoryItem, text: str) -> None:
        """Change a fact or the summary to `text` (empty: delete it)."""
        text = " ".join(text.split())
        if not item.editable:
            raise ValueError(f"a {item.kind} line of the history is not edited, only deleted")
        if not text:
            self.delete(avatar, [item])
            return
        with closing(self._connect(write=True)) as db, db:
            if item.kind == "fact":
                db.execute("UPDATE facts SET line = ?, at = ? WHERE avatar = ? AND id = ?",
                           (text, time.time(), avatar, item.id))
            else:
                db.execute("UPDATE summaries SET text = ?, at = ? WHERE avatar = ?", (text, time.time(), avatar))

    def delete(self, avatar: str, items) -> None:
        """Delete these items (secure_delete: their text is overwritten in the file)."""
        if not self.exists():
            return
        with closing(self._connect(write=True)) as db, db:
            for item in items:
                if item.kind == "fact":
                    db.execute("DELETE FROM facts WHERE avatar = ? AND id = ?", (avatar, item.id))
                elif item.kind == "summary":
                    db.execute("DELETE FROM summaries WHERE avatar = ?", (avatar,))
                else:
                    db.execute("DELETE FROM turns WHERE avatar = ? AND id = ?", (avatar, item.id))

    def export(self, avatar: str) -> dict:
        return {"facts": self.facts(avatar), "summary": self.summary(avatar),
                "history": [{"role": r, "text": t} for r, t in self.history(avatar)]}

    def export_file(self, avatar: str, path: str | Path) -> int:
        """Write the avatar's memory to `path`, atomically: JSON (`export`'s dict, with the
        times) or, for a .csv name, CSV rows kind,time,text. Returns how many items."""
        from studio.atomic import write_bytes_atomic
        items = self.items(avatar)
        if Path(path).suffix.lower() == ".csv":
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(["kind", "time", "text"])
            w.writerows([it.kind, _iso(it.at), it.text] for it in items)
            data = buf.getvalue().encode("utf-8-sig")      # the BOM lets spreadsheets read Hangul
        else:
            doc = {"facts": [it.text for it in items if it.kind == "fact"],
                   "summary": next((it.text for it in items if it.kind == "summary"), ""),
                   "history": [{"role": it.kind, "text": it.text, "time": _iso(it.at)}
                               for it in items if it.kind in ("user", "assistant")]}
            data = json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")
        write_bytes_atomic(path, data)
        return len(items)


def _iso(at: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(at))
