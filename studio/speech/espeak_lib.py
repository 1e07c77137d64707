"""ctypes binding to the eSpeak NG library shipped inside `espeakng-loader`.

eSpeak's C library is a process-wide singleton and not thread-safe, so this module keeps one
initialised handle (`library()`) and serialises every call through its lock. Synthesis runs in
synchronous mode: the callback receives int16 samples at 22,050 Hz and the events (word,
sentence, phoneme) of the block, with positions in samples from the start of the call.
"""
from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass

import numpy as np

from studio.errors import UserError

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INIT_PHONEME_EVENTS = 0x0001
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_EV_END_LIST, _EV_WORD, _EV_SENTENCE, _EV_END, _EV_PHONEME, _EV_SAMPLERATE = 0, 1, 2, 5, 7, 8
_PARAM = {"rate": 1, "volume": 2, "pitch": 3, "range": 4, "wordgap": 7}


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _EventId)]


class _Voice(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_void_p),
                ("identifier", ctypes.c_char_p), ("gender", ctypes.c_ubyte),
                ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte), ("xx1", ctypes.c_ubyte),
                ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


_Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


@dataclass(frozen=True)
class RawEvent:
    """One eSpeak event. `kind` is 'word' | 'phoneme' | 'sentence' | 'end'; `sample` counts
    from the start of the synth call; `text_pos` is 1-based in characters; `name` is the
    phoneme mnemonic for phoneme events."""
    kind: str
    sample: int
    text_pos: int
    length: int
    name: str = ""


@dataclass(frozen=True)
class VoiceInfo:
    name: str          # "English (America)"
    identifier: str    # "gmw/en-US"
    languages: tuple[str, ...]  # ("en-us", "en"), most specific first


class ESpeakLibrary:
    """The loaded library. Use `library()`; all methods hold the lock."""

    def __init__(self) -> None:
        try:
            import espeakng_loader
            self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data = espeakng_loader.get_data_path()
        except (ImportError, OSError) as exc:
            raise UserError("eSpeak NG is not available: reinstall Avatar Studio "
                            f"(pip install espeakng-loader) — {exc}") from None
        self.lock = threading.Lock()
        lib = self._lib
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        self.sample_rate = int(lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 200,
                                                     data.encode(), _INIT_PHONEME_EVENTS))
        if self.sample_rate <= 0:
            raise UserError(f"eSpeak NG failed to start (data folder {data}); reinstall espeakng-loader")
        self._blocks: list[np.ndarray] = []
        self._events: list[RawEvent] = []
        self._cb = _Callback(self._on_synth)   # kept alive as long as the library
        lib.espeak_SetSynthCallback(self._cb)
        self._voices = self._list_voices()

    def _on_synth(self, wav, n, events) -> int:
        if n > 0:
            self._blocks.append(np.ctypeslib.as_array(wav, (n,)).copy())
        i = 0
        while events[i].type != _EV_END_LIST:
            e = events[i]
            kind = {_EV_WORD: "word", _EV_PHONEME: "phoneme", _EV_SENTENCE: "sentence",
                    _EV_END: "end"}.get(e.type)
            if kind:
                name = bytes(e.id.string).split(b"\0")[0].decode("utf-8", "replace") \
                    if e.type == _EV_PHONEME else ""
                self._events.append(RawEvent(kind, int(e.sample), int(e.text_position),
                                             int(e.length), name))
            i += 1
        return 0

    def _list_voices(self) -> tuple[VoiceInfo, ...]:
        arr = self._lib.espeak_ListVoices(None)
        out, i = [], 0
        while arr[i]:
            v = arr[i].contents
            raw = ctypes.string_at(v.languages, 256)
            langs, j = [], 0
            while j < len(raw) and raw[j] != 0:   # [priority byte][name\0]… then \0
                k = raw.index(b"\0", j + 1)
                langs.append(raw[j + 1:k].decode("ascii", "replace"))
                j = k + 1
            out.append(VoiceInfo(v.name.decode("utf-8", "replace"),
                                 v.identifier.decode("utf-8", "replace"), tuple(langs)))
            i += 1
        return tuple(out)

    @property
    def voices(self) -> tuple[VoiceInfo, ...]:
        return self._voices

    def synth(self, text: str, voice: str, rate: int, pitch: int, pitch_range: int,
              volume: int) -> tuple[np.ndarray, list[RawEvent]]:
        """Synthesize one piece of text: (N int16 samples at `sample_rate`, events)."""
        data = text.encode("utf-8") + b"\0"
        with self.lock:
            if self._lib.espeak_SetVoiceByName(voice.encode("ascii", "replace")) != 0:
                raise UserError(f"eSpeak has no voice {voice!r}")
            for key, value in (("rate", rate), ("pitch", pitch), ("range", pitch_range),
                               ("volume", volume)):
                self._lib.espeak_SetParameter(_PARAM[key], int(value), 0)
            self._blocks, self._events = [], []
            self._lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            blocks, events = self._blocks, self._events
            self._blocks, self._events = [], []
        samples = np.concatenate(blocks) if blocks else np.zeros(0, np.int16)
        return samples, events


_instance: ESpeakLibrary | None = None
_instance_lock = threading.Lock()


def library() -> ESpeakLibrary:
    """The one eSpeak handle of this process (eSpeak itself is a C-level singleton)."""
    global _instance
    with _instance_lock:
        if _instance is None:
            _instance = ESpeakLibrary()
        return _instance
