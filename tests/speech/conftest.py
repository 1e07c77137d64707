"""Shared real eSpeak speech for the speech tests (synthesized once per session)."""
from __future__ import annotations

import numpy as np
import pytest

SENTENCES = {
    "en": "The quick brown fox jumps over the lazy dog. Would you like some orange juice "
          "or water? My father bought a new house near the river.",
    "en-us": "Please tell me what you would like to do this weekend, because the weather "
             "will be lovely. I love to read books in the evening.",
    "ko": "안녕하세요, 반갑습니다. 오늘 날씨가 정말 좋네요. 저는 한국어를 공부하고 있어요.",
    "es": "Hola, ¿cómo estás? Muy bien, gracias. Quiero comer una paella con mi familia.",
    "ja": "こんにちは、はじめまして。わたしのなまえはさくらです。ありがとうございます！",
    "cmn": "你好，很高兴认识你。今天天气很好。我喜欢吃中国菜。",
    "fr": "Bonjour, comment allez-vous? Je m'appelle Marie et j'habite à Paris.",
    "de": "Guten Tag, wie geht es Ihnen? Ich heiße Anna und wohne in Berlin.",
}


@pytest.fixture(scope="session")
def speeches():
    """language → Speech of SENTENCES[language] with default voice settings."""
    from studio.speech.engine import VoiceSettings
    from studio.speech.espeak import ESpeakEngine
    engine = ESpeakEngine()
    return {lang: engine.synthesize(text, VoiceSettings(language=lang))
            for lang, text in SENTENCES.items()}


def frame_envelope(samples: np.ndarray, rate: int, fps: float, n: int,
                   window: float = 2 / 30) -> np.ndarray:
    """RMS of the audio in a `window`-second window centred on each frame time."""
    half = int(window * rate / 2)
    centres = (np.arange(n) * rate / fps).astype(int)
    sq = np.concatenate([[0.0], np.cumsum(samples.astype(np.float64) ** 2)])
    lo = np.clip(centres - half, 0, len(samples))
    hi = np.clip(centres + half + 1, 0, len(samples))
    return np.sqrt((sq[hi] - sq[lo]) / np.maximum(hi - lo, 1))
