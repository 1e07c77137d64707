"""Speech and lip-sync (issue 4): text or audio in, voice and timed mouth shapes out.

- `types`          Speech, PhonemeEvent, WordEvent (the data others consume)
- `say`            speak(text, dynamic, internal, language) → Speech (voice settings, voice
                   matching, emotion prosody); speak_stream for sentence-by-sentence
- `engine`         TTSEngine protocol, VoiceSettings, engine_for(name)
- `espeak`, `espeak_lib`, `text`   the default eSpeak NG engine (ctypes), text preparation
- `words`          every word of the text timed (eSpeak word events aligned to text tokens)
- `coqui`          optional Coqui TTS engine (lazy import, clear message when absent)
- `visemes`, `viseme_tables`       viseme set, per-language phoneme tables, viseme_track
- `audio_lipsync`, `audio_features`, `evaluate`   audio-only lip-sync and its evaluation
- `audio_io`       load_audio / save_wav; `vad` Silero VAD on ONNX
- `voice_sample`, `voice_profile`, `voice_match`, `pitch`   the user's voice
- `prosody`        emotion/personality → rate, pitch, range, volume
- `envelope`, `sample_text`        sync-check helpers and sample passages per language
- `sync_eval`      jaw-vs-envelope and speaking-rate figures (python -m studio.speech.sync_eval)
"""
