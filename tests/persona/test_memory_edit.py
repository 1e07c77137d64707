"""What the Memory dialog does to the store, without Qt: list, search, edit, delete, export,
forget — each checked against a store reopened from the file, or the SQLite file itself."""
from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from studio.persona.memory_store import MemoryItem, MemoryStore, matches
from studio.persona.session import ChatSession
from studio.profile.model import DigitalHuman, replace_in


def _profile():
    return replace_in(DigitalHuman(), "internal", name="Sora", memory_enabled=True, emoji_use=0.0)


@pytest.fixture
def store(tmp_path):
    """A store with two avatars: 'k' told its name, a like and more; 'other' its own name."""
    s = MemoryStore(tmp_path / "memory.sqlite3")
    chat = ChatSession(_profile(), store=s, avatar="k")           # the embedded responder
    for line in ("My name is Minji.", "I love hiking.", "저는 등산을 좋아해요.", "Tell me a joke."):
        chat.reply(line)
    s.set_summary("k", "The user said: My name is Minji.", 0)
    ChatSession(_profile(), store=s, avatar="other").reply("My name is Jun.")
    return s


def _rows(path, sql, *args):
    with sqlite3.connect(str(path)) as db:
        return db.execute(sql, args).fetchall()


def test_items_list_facts_summary_and_history_in_order(store):
    items = store.items("k")
    kinds = [it.kind for it in items]
    assert kinds[:4] == ["fact", "fact", "fact", "summary"] and set(kinds[4:]) == {"user", "assistant"}
    assert [it.text for it in items if it.kind == "fact"] == ["name: Minji", "likes: hiking", "likes: 등산"]
    said = [it.text for it in items if it.kind == "user"]
    assert said == ["My name is Minji.", "I love hiking.", "저는 등산을 좋아해요.", "Tell me a joke."]
    assert all(it.at > 0 for it in items) and all("Jun" not in it.text for it in items)


@pytest.mark.parametrize("query, expected", [
    ("hiking", {"likes: hiking", "I love hiking."}),
    ("HIKING love", {"I love hiking."}),
    ("등산", {"저는 등산을 좋아해요.", "likes: 등산"}),
    ("fact minji", {"name: Minji"}),
    ("nothing-like-this", set()),
])
def test_search_matches_every_word_in_any_case(store, query, expected):
    found = {it.text for it in store.items("k") if matches(it, query) and it.kind in ("fact", "user")}
    assert found == expected


def test_an_edited_fact_and_summary_persist_across_a_reopen(store):
    fact = next(it for it in store.items("k") if it.text == "likes: hiking")
    store.edit("k", fact, "likes:   climbing ")
    summary = next(it for it in store.items("k") if it.kind == "summary")
    store.edit("k", summary, "Minji climbs.")
    again = MemoryStore(store.path)
    assert again.facts("k") == ["name: Minji", "likes: climbing", "likes: 등산"]
    assert again.summary("k") == "Minji climbs."
    assert _rows(store.path, "SELECT COUNT(*) FROM facts WHERE line LIKE '%hiking%'") == [(0,)]
    with pytest.raises(ValueError):
        store.edit("k", next(it for it in store.items("k") if it.kind == "user"), "rewritten history")


def test_deleting_items_removes_their_rows_and_their_text(store):
    items = store.items("k")
    gone = [it for it in items if "hiking" in it.text]
    store.delete("k", gone)
    store.edit("k", next(it for it in store.items("k") if it.kind == "summary"), "")   # empty: delete
    again = MemoryStore(store.path)
    assert all("hiking" not in it.text for it in again.items("k")) and again.summary("k") == ""
    assert len(again.items("k")) == len(items) - len(gone) - 1
    assert b"I love hiking" not in store.path.read_bytes()              # secure_delete overwrote it
    assert again.facts("other") == ["name: Jun"]


def test_a_session_reloads_what_was_deleted_out_of_its_prompt(store):
    chat = ChatSession(_profile(), store=store, avatar="k")
    assert ("user", "I love hiking.") in chat.history
    store.delete("k", [it for it in store.items("k") if "hiking" in it.text])
    chat.reload_memory()
    messages = chat.request_messages("What do I like?", "en")
    assert all("hiking" not in m["content"] for m in messages)


def test_json_export_decodes_back(store, tmp_path):
    out = tmp_path / "mem.json"
    count = store.export_file("k", out)
    doc = json.loads(out.read_text("utf-8"))
    assert count == len(store.items("k"))
    assert doc["facts"] == ["name: Minji", "likes: hiking", "likes: 등산"] and doc["summary"].startswith("The user said")
    assert [h["text"] for h in doc["history"] if h["role"] == "user"][2] == "저는 등산을 좋아해요."
    assert all(set(h) == {"role", "text", "time"} for h in doc["history"])
    assert not list(tmp_path.glob(".mem.json.*"))              # the atomic write left no temporary


def test_csv_export_decodes_back(store, tmp_path):
    out = tmp_path / "mem.csv"
    store.export_file("k", out)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["kind"], r["text"]) for r in rows] == [(it.kind, it.text) for it in store.items("k")]


def test_forget_leaves_no_row_in_the_file(store):
    assert store.remaining("k") > 0
    store.forget("k")
    assert store.remaining("k") == 0
    for table in ("turns", "facts", "summaries"):
        assert _rows(store.path, f"SELECT COUNT(*) FROM {table} WHERE avatar = ?", "k") == [(0,)]
    data = store.path.read_bytes()
    assert b"Minji" not in data and "등산".encode() not in data
    assert MemoryStore(store.path).facts("other") == ["name: Jun"]


def test_a_missing_file_has_nothing_and_is_not_created(tmp_path):
    s = MemoryStore(tmp_path / "none.sqlite3")
    assert s.items("k") == [] and s.remaining("k") == 0
    s.delete("k", [MemoryItem("fact", 1, 0.0, "x")])
    s.forget("k")
    assert not s.exists()
