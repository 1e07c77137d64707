"""Viseme tables, tracks, and audio–mouth sync on real eSpeak speech."""
from __future__ import annotations

import numpy as np
import pytest

from studio.params import INDEX, NAMES, ParamTrack
from studio.speech.types import PhonemeEvent, Speech
from studio.speech.viseme_tables import LANGUAGES, lookup, probe
from studio.speech.visemes import VISEMES, dominant_visemes, viseme_track
from studio.speech.envelope import best_lag, frame_envelope
from studio.speech.sample_text import SAMPLE_TEXT as SENTENCES
from studio.speech.sync_eval import SYNC_SET

PROBE_EXTRA = {   # more varied text so the probe meets rarer phonemes
    "en": "She sells sea shells by the sea shore. Azure measure vision, church judge, yellow hat, ring king thing, boy toy, cow now, "
          "air here pure, cat bird bed bid bead book boot about butter.",
    "ko": "의사 선생님, 외국인, 원숭이, 쥐, 닭, 흙, 짜장면, 떡볶이, 치킨, 택시, 휴대폰.",
    "es": "Chocolate, guitarra, zapato, cielo, yo, huevo, ñandú, jamón, general, caballo.",
    "ja": "しゃしん、きゅうり、じてんしゃ、つくえ、ふじさん、ぎんこう、りんご、ぱん、ちゃ、ひゃく。",
    "cmn": "学生，老师，电话，日本，自行车，飞机，水果，绿色，女儿，月亮，去，吃饭，熊猫。",
    "fr": "Huit, lui, oui, fille, peu, peur, brun, rue, roue, champ, genou, agneau.",
    "de": "Pferd, Zahn, Buch, ich, Bach, Kopf, Tür, Löwe, Haus, neu, Zwiebel, lang.",
}


def test_viseme_set_is_documented_and_uses_known_params():
    assert len(VISEMES) == 15 and "sil" in VISEMES
    for pose in VISEMES.values():
        assert set(pose) <= set(NAMES)
    assert VISEMES["PP"]["mouthClose"] > 0.8 and VISEMES["aa"]["jawOpen"] > VISEMES["ih"]["jawOpen"]
    assert VISEMES["ou"]["mouthPucker"] > 0.5 and VISEMES["FF"]["mouthUpperUp"] > 0.3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_emitted_phoneme_has_a_table_entry(lang):
    text = SENTENCES.get(lang, SENTENCES["en"]) + " " + PROBE_EXTRA.get(lang.split("-")[0], "")
    missing = {m for m in probe(lang, text) if lookup(lang, m) is None}
    assert not missing, f"{lang}: no viseme for {sorted(missing)}"


def test_bilabials_close_and_vowels_open(speeches):
    s = speeches["en"]
    track = viseme_track(s, 100, smoothing=0.0)
    jaw, close = track.column("jawOpen"), track.column("mouthClose")
    for p in s.phonemes:
        k = int(round(0.5 * (p.start + p.end) * 100))
        if p.phoneme in ("m", "b", "p") and p.end - p.start > 0.04:
            assert close[k] > 0.5, p
        if p.viseme == "aa" and p.phoneme != "h" and p.end - p.start > 0.06:
            assert jaw[k] > 0.35, p


def test_track_at_any_fps_has_the_right_length(speeches):
    s = speeches["es"]
    for fps in (12, 24, 25, 30, 59.94, 60):
        t = viseme_track(s, fps)
        assert isinstance(t, ParamTrack) and t.values.shape == (int(round(s.duration * fps)) + 1, len(NAMES))
        assert t.values.dtype == np.float32


def test_strength_and_smoothing(speeches):
    s = speeches["en"]
    base = viseme_track(s, 30, 1.0, 0.5).column("jawOpen")
    assert np.allclose(viseme_track(s, 30, 0.0, 0.5).column("jawOpen"), 0)
    strong = viseme_track(s, 30, 1.5, 0.5).column("jawOpen")
    assert strong.mean() > base.mean() * 1.3
    rough = np.abs(np.diff(viseme_track(s, 30, 1.0, 0.0).column("jawOpen"))).mean()
    smooth = np.abs(np.diff(viseme_track(s, 30, 1.0, 1.0).column("jawOpen"))).mean()
    assert smooth < 0.8 * rough


def test_lookahead_rounding():
    """'s' before 'u' is already rounded; 's' before 'i' is not."""
    def sp(vowel):
        ph = (PhonemeEvent(0.0, 0.2, "_", "sil"), PhonemeEvent(0.2, 0.3, "s", "SS"),
              PhonemeEvent(0.3, 0.5, vowel, {"u:": "ou", "i:": "ih"}[vowel]),
              PhonemeEvent(0.5, 0.7, "_", "sil"))
        return Speech(np.zeros(int(0.7 * 1000), np.float32), 1000, ph, (), "en")
    pucker_u = viseme_track(sp("u:"), 100, smoothing=0.0).column("mouthPucker")[25]
    pucker_i = viseme_track(sp("i:"), 100, smoothing=0.0).column("mouthPucker")[25]
    assert pucker_u > 0.3 > pucker_i


# Threshold: the lip-sync budget (docs/ARCHITECTURE.md, *Budgets and the benchmark*) asks
# mouth-opening vs audio-envelope correlation ≥ 0.6 at a lag within ±1 frame. The jaw follows
# the synthesized audio's loudness (visemes.py step 4), so
# measured (66 ms RMS window, 30 fps, defaults) on these sentences: en .88, en-us .86, ko .91,
# es .86, ja .83, cmn .88, fr .84, de .87 (shapes alone, before: .63–.77).
def _sync(s, fps=30, smoothing=0.5):
    jaw = viseme_track(s, fps, smoothing=smoothing).column("jawOpen").astype(np.float64)
    env = frame_envelope(s.samples, s.sample_rate, fps, len(jaw))
    return best_lag(jaw, env)


@pytest.mark.parametrize("lang", list(SENTENCES))
def test_mouth_opening_follows_the_audio_envelope(speeches, lang):
    best, corr = _sync(speeches[lang])
    assert corr[0] >= 0.6, corr[0]
    assert abs(best) <= 1, corr


# SYNC_SET: varied sentences, heavy in nasals and close vowels (i, u: loud with a nearly closed
# mouth), which scored lowest with shapes alone (median .70, min .59; .52 seen for others).
# Now: median .87, min .80 (default voice); figures: python -m studio.speech.sync_eval


@pytest.fixture(scope="module")
def sync_set():
    from studio.speech.engine import VoiceSettings
    from studio.speech.espeak import ESpeakEngine
    engine = ESpeakEngine()
    return [engine.synthesize(text, VoiceSettings(language=lang)) for lang, text in SYNC_SET]


def test_mouth_follows_loudness_over_varied_sentences(sync_set):
    results = [_sync(s) for s in sync_set]
    zero = [corr[0] for _, corr in results]
    assert np.median(zero) >= 0.7 and min(zero) >= 0.6, zero
    assert all(abs(best) <= 1 for best, _ in results), [best for best, _ in results]
    # lighter or heavier smoothing keeps the sync
    for smoothing in (0.0, 1.0):
        assert min(_sync(s, smoothing=smoothing)[1][0] for s in sync_set) >= 0.6


def test_vowels_keep_their_openness_order(sync_set):
    """Loudness scales the jaw, but open vowels still open wider than close ones and
    stops/bilabials stay nearly closed."""
    jaw_at: dict[str, list[float]] = {}
    for s in sync_set:
        jaw = viseme_track(s, 100).column("jawOpen")
        for p in s.phonemes:
            k = min(int(round(50 * (p.start + p.end))), len(jaw) - 1)
            jaw_at.setdefault(p.viseme, []).append(float(jaw[k]))
    mean = {v: np.mean(x) for v, x in jaw_at.items()}
    assert mean["aa"] > mean["oh"] > mean["E"] > mean["ih"] > mean["PP"]
    assert mean["aa"] > 0.6 and mean["PP"] < 0.15 and mean["SS"] < 0.15


def test_dominant_visemes_cover_the_speech(speeches):
    s = speeches["ko"]
    frames = dominant_visemes(s, 30)
    assert len(frames) == int(round(s.duration * 30)) + 1
    assert frames[0] in ("sil", "aa") and sum(f != "sil" for f in frames) > len(frames) / 2


def test_viseme_track_of_silence_rests():
    s = Speech(np.zeros(22050, np.float32), 22050, (), (), "en")
    t = viseme_track(s, 30)
    assert np.allclose(t.values, 0)
    assert INDEX["jawOpen"] < len(NAMES)
