"""A conversation: intents, language, style, emotion, memory and knowledge working together."""
from __future__ import annotations

import re

import pytest

from studio.errors import UserError
from studio.persona.dialogue import MAX_INPUT, Conversation
from studio.profile.model import DigitalHuman, Internal, Personality
from studio.rig.presets import PRESETS

from .test_memory_knowledge import NOTES

EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2728\u2764]")


def _chat(memory=True, **internal) -> Conversation:
    fields = dict(name="Sora", role="A friendly museum guide", knowledge_notes=NOTES,
                  memory_enabled=memory, emoji_use=0.0, verbosity=0.5)
    fields.update(internal)
    return Conversation(DigitalHuman(internal=Internal(**fields)))


def test_turn_carries_text_language_expression_and_emotion():
    t = _chat().reply("Hello!")
    assert t.intent == "greeting" and t.text.startswith("Hello") and t.language == "en"
    assert t.expression in PRESETS and 0 <= t.intensity <= 1 and -1 <= t.valence <= 1
    assert _chat().reply("안녕하세요!").language == "ko"
    # a Korean-speaking avatar answers English in English, Korean in Korean
    assert _chat(language="ko").reply("Thank you").language == "en"
    assert re.search("[가-힣]", _chat(language="ko").reply("고마워요").text)


@pytest.mark.parametrize("message, intent", [
    ("Bye!", "farewell"), ("안녕히 계세요", "farewell"), ("Thanks a lot", "thanks"), ("고마워요", "thanks"),
    ("How are you?", "how_are_you"), ("기분이 어때요?", "how_are_you"), ("Who are you?", "who_are_you"),
    ("누구세요?", "who_are_you"), ("What do you do?", "what_do_you_do"), ("Hey there", "greeting"),
    ("잘 지냈어요?", "how_are_you"), ("저는 오늘 기분이 좋아요", "fallback"), ("저는 잘 지내요.", "fallback")])
def test_intents(message, intent):
    assert _chat().reply(message).intent == intent


def test_who_are_you_gives_name_and_role():
    t = _chat().reply("Who are you?")
    assert "Sora" in t.text and "a friendly museum guide" in t.text
    assert "소라" in _chat(name="소라").reply("누구세요?").text


def test_how_are_you_answers_from_the_emotional_state():
    glum = _chat(valence=-0.7).reply("How are you?")
    cheerful = _chat(valence=0.8).reply("How are you?")
    assert "down" in glum.text and glum.expression == "sad"
    assert "good mood" in cheerful.text and cheerful.expression == "happy"
    assert _chat(valence=0.0).reply("How are you?").text == "I am doing fine, thank you."
    c = _chat(valence=0.0)
    c.reply("This is the best day ever, I am so happy!")        # the conversation cheers it up
    assert "good mood" in c.reply("How are you?").text


def test_emotion_of_the_conversation_reaches_the_expression():
    c = _chat(valence=0.0)
    happy = c.reply("I passed my exam, I'm so happy!")
    assert happy.expression in ("happy", "laugh") and happy.valence > 0.3
    c2 = _chat(valence=0.0)
    sad = c2.reply("My dog died. I am very sad and lonely.")
    assert sad.expression == "sad" and sad.valence < -0.2 and "sorry" in sad.text.lower()


def test_memory_extraction_and_recall_in_english_and_korean():
    c = _chat()
    t = c.reply("Hi, my name is Minji and I love hiking.")
    assert t.remembered == ("name: Minji", "likes: hiking") and "Minji" in t.text
    assert "Minji" in c.reply("What's my name?").text
    assert "You told me you like hiking." in c.reply("What do I like?").text
    t = c.reply("저는 부산에 살아요.")
    assert t.remembered == ("lives in: 부산",)
    assert "부산에 산다고 했어요" in c.reply("내가 어디에 산다고 했지?").text
    c.reply("저는 등산을 좋아해요.")
    assert "등산을 좋아한다고" in c.reply("뭘 좋아한다고 했지?").text
    after = c.profile_after()
    assert set(after.internal.memories) == {"name: Minji", "likes: hiking", "lives in: 부산", "likes: 등산"}
    # a new conversation with the saved profile still knows
    assert "Minji" in Conversation(after).reply("Do you remember my name?").text


def test_nothing_is_stored_when_memory_is_off():
    c = _chat(memory=False)
    t = c.reply("My name is Minji and I like hiking.")
    assert t.remembered == () and "memory is turned off" in t.text
    assert "memory is turned off" in c.reply("What's my name?").text
    assert c.profile_after() is c.profile and c.profile_after().internal.memories == ()


def test_knowledge_questions_and_honest_refusal():
    c = _chat()
    assert "9 am" in c.reply("When does the museum open?").text
    assert "5000원" in c.reply("입장료가 얼마예요?").text
    t = c.reply("What is the capital of France?")
    assert t.intent == "dont_know" and "not know" in t.text and t.expression == "thinking"
    ko = c.reply("프랑스의 수도는 어디예요?")
    assert ko.intent == "dont_know" and "모르겠" in ko.text
    assert _chat(knowledge_notes="").reply("When does the museum open?").intent == "dont_know"


def test_formality_changes_korean_endings():
    messages = ["고마워요", "기분이 어때요?", "프랑스의 수도는 어디예요?", "제 이름은 민지예요."]
    replies = {f: [_chat(formality=f, valence=0.2).reply(m).text for m in messages]
               for f in ("formal", "polite", "casual")}
    assert all(re.search(r"(니다|니까)[.!?]?$", r) for r in replies["formal"]), replies["formal"]
    assert all(re.search(r"요[.!?]?$", r) for r in replies["polite"]), replies["polite"]
    assert not any(re.search(r"(요|니다)[.!?]?$", r) for r in replies["casual"]), replies["casual"]
    assert "모르겠습니다" in replies["formal"][2] and "모르겠어." in replies["casual"][2]


def test_formality_emoji_and_verbosity_shape_english_lines():
    assert "do not know" in _chat(formality="formal").reply("What is the meaning of life?").text
    assert "don't know" in _chat(formality="casual").reply("What is the meaning of life?").text
    assert EMOJI.search(_chat(emoji_use=1.0).reply("Thanks!").text)
    assert not EMOJI.search(_chat(emoji_use=0.0).reply("Thanks!").text)
    terse = _chat(verbosity=0.0).reply("What is the meaning of life?").text
    chatty = _chat(verbosity=1.0).reply("What is the meaning of life?").text
    assert len(terse) < len(chatty)


def test_replies_are_deterministic():
    script = ["Hi!", "I am so happy today", "How are you?", "입장료가 얼마예요?", "Bye"]
    assert [_chat().reply(m) for m in script] == [_chat().reply(m) for m in script]


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_empty_message_is_a_user_error(blank):
    with pytest.raises(UserError, match="empty"):
        _chat().reply(blank)


def test_very_long_message_is_read_up_to_the_limit():
    c = _chat()
    t = c.reply("I love hiking. " + "blah " * 2000)           # 10,000+ characters
    assert t.text and t.remembered == ("likes: hiking",)
    assert len(c.history[-1][0]) <= MAX_INPUT


def test_neurotic_avatar_is_shaken_more_by_bad_news():
    msg = "Everything is terrible, I hate this awful day."
    calm = _chat(valence=0.2, personality=Personality(neuroticism=0.0)).reply(msg)
    tense = _chat(valence=0.2, personality=Personality(neuroticism=1.0)).reply(msg)
    assert tense.valence < calm.valence - 0.2 and tense.intensity >= calm.intensity


def test_a_greeting_with_a_question_gets_the_answer():
    t = _chat().reply("Hi! When does the museum open?")
    assert t.intent == "knowledge" and t.text.startswith("Hello!") and "9 am" in t.text


def test_extraverted_avatar_shows_more_expression():
    msg = "I got the job, I'm so happy!"
    shy = _chat(valence=0.1, personality=Personality(extraversion=0.0)).reply(msg)
    outgoing = _chat(valence=0.1, personality=Personality(extraversion=1.0)).reply(msg)
    assert outgoing.expression in ("happy", "laugh") and outgoing.intensity > shy.intensity + 0.1


def test_extraversion_shapes_small_talk():
    """High extraversion: exclamation marks and a question back; low: on task, no '!'."""
    def replies(e):
        c = _chat(personality=Personality(extraversion=e))
        return [c.reply(m).text for m in ("Hello!", "How are you?", "안녕하세요!")]
    shy, outgoing = replies(0.0), replies(1.0)
    assert not any("!" in r or "?" in r for r in shy)
    assert all(r.count("!") >= 1 and r.endswith("?") for r in outgoing)
    assert outgoing[1].endswith("How about you?") and outgoing[2].endswith("잘 지내고 있어요?")


def test_turn_language_is_the_language_of_its_text():
    """The voice speaks `Turn.language`: English lines for a Spanish avatar are 'en', a
    passage from its Spanish notes is 'es'."""
    c = _chat(language="es", knowledge_notes="El museo abre a las nueve de la mañana.")
    assert c.reply("Hello").language == "en"
    t = c.reply("¿A qué hora abre el museo?")
    assert t.intent == "knowledge" and t.language == "es" and "nueve" in t.text
    assert c.greeting().language == "en"
    assert _chat(language="es", greeting="¡Hola! Bienvenidos.").greeting().language == "es"
    assert _chat(language="ko").greeting().language == "ko"


def test_the_emotion_of_a_turn_reaches_the_voice_prosody():
    from studio.speech.prosody import prosody_for
    happy, sad = _chat(valence=0.0), _chat(valence=0.0)
    happy.reply("Wow, I won! This is amazing!")
    sad.reply("I feel so sad and lonely today.")
    up, down = prosody_for(happy.internal_now()), prosody_for(sad.internal_now())
    assert up.pitch_shift > down.pitch_shift + 2 and up.rate_scale > down.rate_scale
    assert happy.internal_now().memories == happy.memories


def test_set_profile_follows_edits_mid_conversation():
    from studio.profile.model import replace_in
    c = _chat(valence=0.0)
    c.reply("My name is Minji")
    edited = replace_in(c.profile, "internal", memories=("name: Sora Kim",), valence=0.5,
                        knowledge_notes="The shop sells green tea.")
    before = c.state.valence
    c.set_profile(edited)
    assert c.state.valence == pytest.approx(before + 0.5)
    assert "Sora Kim" in c.reply("What's my name?").text
    assert "green tea" in c.reply("What does the shop sell?").text
    assert c.profile_after() is edited


@pytest.mark.parametrize("fact, recall, expected", [
    ("제 이름은 민준이에요.", "내 이름이 뭐야?", "민준이라고"),
    ("My name is Sora", "내 이름이 뭐야?", "Sora라고"),
    ("My name is Jun", "내 이름이 뭐야?", "Jun이라고"),
    ("저는 사과를 좋아해요", "뭘 좋아한다고 했지?", "사과를 좋아한다고"),
    ("I work as a chef", "나 기억해?", "chef로 일한다고"),
])
def test_korean_particles_follow_the_remembered_word(fact, recall, expected):
    c = _chat()
    c.reply(fact)
    assert expected in c.reply(recall).text
