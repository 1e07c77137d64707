"""Facts the user states are extracted (en + ko) and kept bounded; knowledge notes answer
questions in both languages and refuse unrelated ones."""
from __future__ import annotations

import pytest

from studio.persona.knowledge import KnowledgeBase, passages
from studio.persona.memory import MAX_MEMORIES, Fact, extract_facts, recall, remember

NOTES = """The museum opens at 9 am and closes at 6 pm.
- It is closed on Mondays.
Tickets cost 5,000 won for adults; children enter free.
The cafe on the second floor serves coffee and cake.

박물관은 오전 9시에 문을 열고 오후 6시에 닫습니다.
매주 월요일은 휴관일입니다.
입장료는 성인 5000원이고 어린이는 무료입니다.
2층 카페에서는 커피와 케이크를 팝니다."""


@pytest.mark.parametrize("text, facts", [
    ("Hi, my name is Minji Kim and I like hiking.", [("name", "Minji Kim"), ("likes", "hiking")]),
    ("Call me Sam!", [("name", "Sam")]),
    ("I love Korean food, and I live in Busan.", [("likes", "Korean food"), ("lives in", "Busan")]),
    ("I don't like rain.", [("dislikes", "rain")]),
    ("I work as a nurse.", [("works as", "a nurse")]),
    ("제 이름은 민지예요.", [("name", "민지")]),
    ("제 이름은 김민지입니다", [("name", "김민지")]),
    ("저는 한국 음식을 정말 좋아해요", [("likes", "한국 음식")]),
    ("저는 비를 안 좋아해요", [("dislikes", "비")]),
    ("오이를 좋아하지 않아요", [("dislikes", "오이")]),
    ("저는 부산에서 살고 있어요", [("lives in", "부산")]),
    ("간호사로 일해요", [("works as", "간호사")]),
])
def test_facts_are_extracted_in_english_and_korean(text, facts):
    assert [(f.key, f.value) for f in extract_facts(text)] == facts


@pytest.mark.parametrize("text", ["I'd like to ask something", "My name is not important", "I like it!", "오늘 날씨가 좋아요",
                                  "What is my name?", "The weather is nice"])
def test_no_fact_is_invented(text):
    assert extract_facts(text) == []


def test_memories_replace_single_values_deduplicate_and_stay_bounded():
    m = remember((), [Fact("name", "Minji"), Fact("likes", "tea")])
    m = remember(m, [Fact("name", "Sora"), Fact("likes", "Tea"), Fact("dislikes", "rain")])
    assert recall(m, "name") == ["Sora"] and recall(m, "likes") == ["Tea"]
    m = remember(m, [Fact("likes", "rain")])                  # changed their mind
    assert recall(m, "dislikes") == [] and "likes: rain" in m
    many = remember(("a note typed in the studio",), [Fact("likes", f"thing {i}") for i in range(200)])
    assert len(many) == MAX_MEMORIES and many[-1] == "likes: thing 199"
    assert all(len(line) <= 2000 for line in remember((), [Fact("likes", "x" * 5000)]))


def test_notes_split_into_passages_without_bullets_or_blank_lines():
    parts = passages(NOTES)
    assert len(parts) == 8 and parts[1] == "It is closed on Mondays."


@pytest.mark.parametrize("question, expected", [
    ("When does the museum open?", "opens at 9 am"),
    ("How much are tickets?", "5,000 won"),
    ("Is it open on Monday?", "closed on Mondays"),
    ("what does the cafe sell", "coffee and cake"),
    ("입장료가 얼마예요?", "성인 5000원"),
    ("몇 시에 문을 열어요?", "오전 9시"),
    ("월요일에 열어요?", "휴관일"),
    ("카페 있어요?", "커피와 케이크"),
])
def test_knowledge_answers_from_the_notes(question, expected):
    hit = KnowledgeBase(NOTES).answer(question)
    assert hit is not None and expected in hit.passage, (question, hit)


@pytest.mark.parametrize("question", [
    "What is the capital of France?", "Who won the football game yesterday?", "Do you like pizza?",
    "프랑스의 수도는 어디예요?", "어제 축구 경기 누가 이겼어?", "날씨 어때?", "Can you sing a song?"])
def test_knowledge_refuses_unrelated_questions(question):
    kb = KnowledgeBase(NOTES)
    assert kb.answer(question) is None, kb.search(question)


def test_no_notes_no_answer():
    assert KnowledgeBase("").answer("When do you open?") is None
