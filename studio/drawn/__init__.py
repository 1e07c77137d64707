"""The drawn character: a second kind of avatar beside the warped photo (issue 15).

`character.py` is the parametric description (schema, defaults, validation; standard library
only, so the profile codec can import it); `renderer.py` draws it with skia-python and performs
the expression parameters of `studio.params`; `engine.py` is the `DrawnEngine` with the photo
engine's interface; `suggest.py` suggests a character from a photo; `gestures.py` turns spoken
words into a gesture track.
"""
