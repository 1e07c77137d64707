"""Optional Coqui TTS engine (XTTS-v2 voice cloning from the user's sample, VITS voices).

Coqui is an optional extra (`pip install "avatar-studio[coqui]"`): it is imported only when
this engine is used, and model files are never downloaded here — the user places them in
`<model dir>/coqui/<model folder>/` (`studio.settings.model_dir()`), e.g. for XTTS-v2:
`config.json`, `model.pth`, `vocab.json`, `speakers_xtts.pth`; for a VITS voice:
`config.json` and `model_file.pth` (or `model.pth`).

Coqui reports no phoneme timings, so the visemes of its speech are recovered from the audio
(`audio_lipsync.phonemes_from_audio`) and words are left empty.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import numpy as np

from studio.errors import Cancelled, UserError
from studio.speech import text as textmod
from studio.speech.engine import Voice, VoiceSettings
from studio.speech.types import Speech

INSTALL_HINT = 'pip install "avatar-studio[coqui]"'
XTTS_FOLDER = "xtts_v2"
XTTS_FILES = ("config.json", "model.pth", "vocab.json")
XTTS_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "pl", "tr", "ru", "nl", "cs", "ar",
                  "zh-cn", "ja", "hu", "ko", "hi")
_LANG_ALIASES = {"cmn": "zh-cn", "zh": "zh-cn", "en-us": "en"}


def coqui_dir() -> Path:
    from studio.settings import model_dir
    return model_dir() / "coqui"


def import_tts():
    """The `TTS.api.TTS` class, or UserError saying what to install and where models go."""
    try:
        from TTS.api import TTS   # noqa: N811 - Coqui's own name
    except Exception as exc:      # ImportError, or torchaudio failing to load its libraries
        raise UserError(
            f"the Coqui voice engine is not available here ({type(exc).__name__}: {exc}). "
            f"Install it with {INSTALL_HINT} (it needs a torchaudio that loads with your torch), "
            f"and put the model files in {coqui_dir()}/<model>/ (XTTS-v2: "
            f"{', '.join(XTTS_FILES)}) — or choose the espeak engine") from None
    return TTS


class CoquiEngine:
    """Coqui TTS behind the `TTSEngine` protocol. `model` is a folder name under
    `coqui_dir()`; `speaker_wav` (a WAV of the user, e.g. the project's voice sample) makes
    XTTS clone that voice."""
    name = "coqui"

    def __init__(self, model: str = XTTS_FOLDER, speaker_wav: str | Path | None = None,
                 model_root: Path | None = None):
        self.model = model
        self.speaker_wav = Path(speaker_wav) if speaker_wav else None
        self.model_root = Path(model_root) if model_root else None
        self._tts = None
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        return (self.model_root or coqui_dir()) / self.model

    def _load(self):
        if self._tts is not None:
            return self._tts
        TTS = import_tts()
        folder = self.folder
        config = folder / "config.json"
        weights = next((folder / n for n in ("model.pth", "model_file.pth") if (folder / n).is_file()), None)
        if not config.is_file() or weights is None:
            raise UserError(f"Coqui model files are missing: put config.json and model.pth of "
                            f"'{self.model}' in {folder} (nothing is downloaded automatically)")
        try:
            self._tts = TTS(model_path=str(folder if self.model == XTTS_FOLDER else weights),
                            config_path=str(config), progress_bar=False)
        except Exception as exc:
            raise UserError(f"Coqui could not load the model in {folder}: {exc}") from None
        return self._tts

    def languages(self) -> list[str]:
        if self.model == XTTS_FOLDER:
            return list(XTTS_LANGUAGES)
        tts = self._load()
        return list(getattr(tts, "languages", None) or ["en"])

    def voices(self) -> list[Voice]:
        tts = self._load()
        speakers = list(getattr(tts, "speakers", None) or [])
        return [Voice(s, s, tuple(self.languages())) for s in speakers] or \
            [Voice(self.model, self.model, tuple(self.languages()))]

    def _synth(self, sentence: str, settings: VoiceSettings) -> Speech:
        from studio.speech.audio_lipsync import phonemes_from_audio
        tts = self._load()
        kwargs = {}
        if getattr(tts, "is_multi_lingual", False):
            lang = settings.language.lower()
            kwargs["language"] = _LANG_ALIASES.get(lang, lang)
        if self.speaker_wav is not None:
            kwargs["speaker_wav"] = str(self.speaker_wav)
        elif settings.voice and getattr(tts, "is_multi_speaker", False):
            kwargs["speaker"] = settings.voice
        with self._lock:
            wav = tts.tts(text=sentence, speed=max(0.5, min(2.0, settings.rate / 175.0)), **kwargs)
        rate = int(tts.synthesizer.output_sample_rate)
        x = np.clip(np.asarray(wav, np.float32) * settings.volume, -1, 1)
        return Speech(x, rate, phonemes_from_audio(x, rate), (), settings.language,
                      {"engine": "coqui", "model": self.model, "text": sentence})

    def stream(self, text: str, settings: VoiceSettings,
               cancel: threading.Event | None = None) -> Iterator[Speech]:
        cleaned = textmod.check_text(text)
        self._load()                                   # fail now, not at the first next()

        def gen():
            for sentence in textmod.sentences(cleaned):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                yield self._synth(sentence, settings)
        return gen()

    def synthesize(self, text: str, settings: VoiceSettings,
                   cancel: threading.Event | None = None) -> Speech:
        return Speech.concat(list(self.stream(text, settings, cancel)))


@lru_cache(maxsize=1)
def available() -> tuple[bool, str]:
    """(True, '') when Coqui imports here, else (False, the reason) — for `doctor` and the UI."""
    try:
        import_tts()
        return True, ""
    except UserError as exc:
        return False, str(exc)
