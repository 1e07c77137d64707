"""A conversation turn as a performance: the reply spoken with the expression and emotion the
conversation gave it: emotion drives the expression and the voice prosody.
Used by `avatar-studio chat --say` and by the studio's chat panel."""
from __future__ import annotations

import dataclasses


def performance_for(profile, turn, internal_now=None, cancel=None):
    """(Performance, Speech) of `turn` (a `dialogue.Turn`) spoken by `profile`: its text in its
    language, its expression preset and intensity, and `internal_now` (e.g.
    `Conversation.internal_now()`: the emotion at that turn as valence/arousal) for the voice
    prosody and the emotion layer of the face. UserError from `speak` for text it cannot say."""
    from studio.motion.performance import TRACK_FPS, build_performance
    from studio.speech.say import speak
    from studio.speech.visemes import viseme_track

    if internal_now is not None:
        profile = dataclasses.replace(profile, internal=internal_now)
    speech = speak(turn.text, profile.dynamic, profile.internal, language=turn.language, cancel=cancel)
    d = profile.dynamic
    track = viseme_track(speech, TRACK_FPS, strength=d.lipsync_strength, smoothing=d.lipsync_smoothing)
    performance = build_performance(profile, speech=speech, track=track,
                                    expression=turn.expression, intensity=turn.intensity)
    return performance, speech
