"""Dubbing a real video: the person's mouth and jaw follow new speech; the rest of every frame
is the video's own (`avatar-studio dub`, docs/BATCH.md *Dubbing*).

    track       Face Mesh (`studio.face.detectors.face_meshes`) on every frame: one face →
                its 478 landmarks; none → the frame is kept as it is; two or more faces in
                more than a stray frame (Face Mesh, and the full-range face detector on every
                fifth frame and wherever the mesh finds none) → the clip is refused in one line
    reference   one frame becomes the rig (`AvatarEngine` built from the frame's own pixels
                and landmarks): the most closed-mouthed, most frontal frame
    speech      eSpeak visemes for a text, audio lip-sync for a recording; only the mouth and
                jaw parameters are used
    per frame   the reference rendered with that frame's mouth pose (and turned by the rig as
                far as the frame's head is turned from the reference's), mapped onto the frame by
                a similarity transform fitted to the upper face's landmarks (eyes, brows, nose,
                temples: what the mouth does not move), its colour matched to the frame
                around the patch, and blended in through a feathered mask over the lower face
                (the jaw line, the mouth, the chin, down to the neck)

Why one reference frame and not a rig per frame: the frame's own mouth is still moving to the
old speech; a rig built on each frame would start from that open or closed mouth and the new
speech would ride on top of the old. One closed-mouthed reference gives every frame the same
starting mouth (the old speech is covered, not added to), the same teeth and mouth interior
from frame to frame (no flicker where the old mouth was open in some frames and closed in
others), and one rig to build instead of one per frame.

Length: the video's length is kept: speech longer than the video is cut at its end (with a
short fade), shorter speech is followed by the mouth at rest and silence. The new speech
replaces the soundtrack; with `duck` the original sound stays underneath, lowered while the
new voice speaks.
"""
from __future__ import annotations

import dataclasses
import math
import os
import threading
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable

import numpy as np

from studio.errors import Cancelled, UserError
from studio.face import topology as T

MAX_SECONDS = 10 * 60
TRACK_SIDE = 640            # frames are tracked at most this large (long side)
MIN_FACE_PX = 48            # temple to temple, in the video's pixels
MULTI_FACE_SHARE = 0.02     # more frames than this with two faces or more: refused
# Mouth and jaw parameters: the only ones the new speech moves.
MOUTH_PREFIXES = ("jaw", "mouth", "tongue", "cheekPuff")
# Landmarks the mouth never moves, to align the reference to each frame: eye corners and
# lids, brows, the nose bridge and tip, the temples and the forehead.
STABLE = tuple(sorted(set(T.RIGHT_EYE_UPPER + T.LEFT_EYE_UPPER + T.RIGHT_BROW + T.LEFT_BROW
                          + (6, 168, 197, 195, 5, 4, T.NOSE_TIP, T.TEMPLE_LEFT, T.TEMPLE_RIGHT)
                          + T.FOREHEAD_LOW)))
# The lower face: the face outline from cheekbone to cheekbone through the chin, and a line
# across the cheeks just below the nose.
LOWER_OVAL = (93, 132, 58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397,
              288, 361, 323)
UNDER_NOSE = (323, 425, 327, 2, 98, 205, 93)
DUCK_DB = -18.0
YAW_FOLLOW = 3.0           # degrees: a frame turned further from the reference turns the render
MAX_SHIFT = 24.0           # most colour correction of the patch, per channel (0..255)


@dataclass(frozen=True)
class DubResult:
    path: Path
    frames: int
    tracked: int               # frames where the face was found (and re-rendered)
    reference: int             # the frame the rig was built from
    speech_seconds: float
    video_seconds: float


def _open(path: Path):
    from studio.motion.drive import open_video
    return open_video(path)


def _frames(path: Path):
    """(rate as a Fraction, iterator of H×W×3 uint8 RGB frames) of the first video stream."""
    container = _open(path)
    stream = container.streams.video[0]
    rate = Fraction(stream.average_rate or stream.guessed_rate or 25)

    def gen():
        try:
            for frame in container.decode(stream):
                yield frame.to_ndarray(format="rgb24")
        finally:
            container.close()
    return rate, gen()


def _track(path: Path, cancel, progress) -> tuple[list, Fraction, tuple[int, int]]:
    """Landmarks (478×3 float32, video pixels, or None) per frame, the rate, (width, height)."""
    import cv2
    from studio.face.detectors import face_meshes
    rate, frames = _frames(path)
    marks, multi, size = [], 0, None
    for rgb in frames:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        h, w = rgb.shape[:2]
        size = (w, h)
        scale = min(1.0, TRACK_SIDE / max(h, w))
        small = rgb if scale >= 1 else cv2.resize(rgb, (round(w * scale), round(h * scale)),
                                                  interpolation=cv2.INTER_AREA)
        faces = face_meshes(np.ascontiguousarray(small))
        faces = [f / np.float32(scale) for f in faces if T.face_width(f) / scale >= MIN_FACE_PX]
        if len(faces) > 1 or (len(faces) == 0 or len(marks) % 5 == 0) and \
                len(_people(small, scale)) > 1:
            multi += 1                     # the full-range detector also sees small faces
            faces = faces[:0]
        marks.append(faces[0] if len(faces) == 1 else None)
        if len(marks) / float(rate) > MAX_SECONDS:
            raise UserError(f"{path.name} is longer than {MAX_SECONDS // 60} minutes; trim it first")
        if progress:
            progress(0.3 * min(1.0, len(marks) / max(1, len(marks) + 30)))
    if not marks:
        raise UserError(f"{path.name} has no frames")
    if multi > MULTI_FACE_SHARE * len(marks):
        raise UserError(f"{path.name} shows several faces ({multi} of {len(marks)} frames); "
                        "dubbing needs a clip of one person — crop the video to that person")
    if not any(m is not None for m in marks):
        raise UserError(f"no face found in {path.name}; dubbing needs a clip where one face "
                        "is clearly visible, facing the camera")
    return _smooth(marks), rate, size


def _people(small: np.ndarray, scale: float) -> list:
    """Face boxes at least MIN_FACE_PX / 2 wide (video pixels) from the full-range detector."""
    from studio.face.detectors import face_boxes
    return [b for b in face_boxes(np.ascontiguousarray(small))
            if (b[2] - b[0]) / scale >= MIN_FACE_PX / 2]


def _smooth(marks: list) -> list:
    """Each frame's landmarks averaged with its neighbours' (1-2-1) where they have a face:
    steadier alignment without lag."""
    out = []
    for i, m in enumerate(marks):
        if m is None:
            out.append(None)
            continue
        acc, wsum = 2.0 * m, 2.0
        for j in (i - 1, i + 1):
            if 0 <= j < len(marks) and marks[j] is not None:
                acc, wsum = acc + marks[j], wsum + 1.0
        out.append((acc / wsum).astype(np.float32))
    return out


def _openness(p: np.ndarray) -> float:
    gap = float(np.linalg.norm(p[T.LOWER_LIP_CENTRE_INNER, :2] - p[T.UPPER_LIP_CENTRE_INNER, :2]))
    width = float(np.linalg.norm(p[T.MOUTH_CORNER_LEFT, :2] - p[T.MOUTH_CORNER_RIGHT, :2]))
    return gap / max(width, 1.0)


def _reference(marks: list) -> int:
    """The frame to build the rig from: mouth closed, facing the camera, face large."""
    from studio.face.intake import estimated_roll, estimated_yaw
    best, score = -1, math.inf
    widths = [T.face_width(m) for m in marks if m is not None]
    top = max(widths)
    for i, m in enumerate(marks):
        if m is None:
            continue
        s = (_openness(m) + abs(estimated_yaw(m)) / 90.0 + abs(estimated_roll(m)) / 90.0
             + 0.5 * (1.0 - T.face_width(m) / top))
        if s < score:
            best, score = i, s
    return best


def _engine(rgb: np.ndarray, landmarks: np.ndarray):
    """An AvatarEngine on one video frame: its pixels, landmarks and person mask, kept exactly
    as photographed at rest (background 'original', no expression undone)."""
    from studio.face.detectors import person_mask
    from studio.face.intake import Photo
    from studio.profile.model import ExternalStatic
    from studio.render.engine import AvatarEngine
    from studio.quiet import native_stderr_to_log
    with native_stderr_to_log():
        mask = person_mask(rgb)
    static = dataclasses.replace(ExternalStatic(), background="original",
                                 photo_expression="as photographed")
    return AvatarEngine(Photo(np.ascontiguousarray(rgb), landmarks.astype(np.float32), mask), static)


def mouth_pose(pose: dict) -> dict:
    return {k: v for k, v in pose.items() if k.startswith(MOUTH_PREFIXES)}


def speech_track(text: str | None, lang: str | None, audio: str | None, profile=None):
    """(samples float32 mono, rate, ParamTrack of mouth parameters) of the new speech."""
    from studio.motion.perform import heard, spoken
    from studio.motion.performance import mouth_track
    from studio.profile.model import DigitalHuman
    profile = profile or DigitalHuman()
    speech = heard(audio) if audio is not None else spoken(profile, text, lang)
    return (np.asarray(speech.samples, np.float32), int(speech.sample_rate),
            mouth_track(profile.dynamic, speech, heard=audio is not None))


class _Blender:
    """The reference engine's mouth on one frame."""

    def __init__(self, engine, size: int):
        self.engine, self.size = engine, size
        self.to_ref = engine.framing.matrix(size)            # render pixel → reference pixel
        self.ref = engine.photo.landmarks
        from studio.face.intake import estimated_yaw
        self.ref_yaw = estimated_yaw(self.ref)

    def _similarity(self, marks: np.ndarray, source: np.ndarray) -> np.ndarray:
        """2×3: reference pixel → this frame's pixel (rotation, scale, shift), least squares,
        fitted from `source` (the posed reference's landmarks) to `marks`."""
        src = source[list(STABLE), :2].astype(np.float64)
        dst = marks[list(STABLE), :2].astype(np.float64)
        ms, md = src.mean(0), dst.mean(0)
        a, b = src - ms, dst - md
        den = float((a ** 2).sum())
        p = float((a[:, 0] * b[:, 0] + a[:, 1] * b[:, 1]).sum()) / den
        q = float((a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]).sum()) / den
        r = np.array([[p, -q], [q, p]])
        return np.hstack([r, (md - r @ ms)[:, None]])

    def _mask(self, shape, posed_ref: np.ndarray, m: np.ndarray, marks: np.ndarray) -> np.ndarray:
        """H×W float32 0..1: the lower face of the frame and of the posed reference mapped onto
        it, widened downwards (the jaw moves down) and feathered."""
        import cv2
        h, w = shape[:2]
        mask = np.zeros((h, w), np.uint8)
        width = T.face_width(marks)
        posed = posed_ref @ m[:, :2].T + m[:, 2]
        _, down = T.face_axes(marks)
        for pts in (marks[:, :2], posed):
            poly = pts[list(LOWER_OVAL + UNDER_NOSE)].astype(np.float64)
            centre = poly.mean(0)
            grown = centre + (poly - centre) * 1.06            # a little past the jaw line
            chin = np.concatenate([grown, grown[:len(LOWER_OVAL)] + down * 0.05 * width])
            hull = cv2.convexHull(np.round(chin).astype(np.int32))
            cv2.fillConvexPoly(mask, hull, 255, cv2.LINE_AA)
        sigma = max(1.0, 0.035 * width)
        k = int(sigma * 3) * 2 + 1
        soft = cv2.GaussianBlur(mask, (k, k), sigma).astype(np.float32) / 255.0
        return soft

    def apply(self, frame: np.ndarray, marks: np.ndarray, pose: dict) -> np.ndarray:
        import cv2
        h, w = frame.shape[:2]
        from studio.face.intake import estimated_yaw
        # the head turned as far from the reference as this frame's (the image-plane fit
        # below cannot turn it), so the jaw line meets the frame's own
        yaw = estimated_yaw(marks) - self.ref_yaw
        if abs(yaw) > YAW_FOLLOW:
            pose = dict(pose, headYaw=float(np.clip(yaw, -30.0, 30.0)))
        render = self.engine.render(pose, self.size)[..., :3]
        posed = self.engine.rig.target(pose)[:, :2]
        m = self._similarity(marks, posed)
        full = np.vstack([m, [0, 0, 1]]) @ np.vstack([self.to_ref, [0, 0, 1]])
        warped = cv2.warpAffine(render, full[:2], (w, h), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_REPLICATE)
        mask = self._mask(frame.shape, posed, m, marks)
        inside = self._covered(full, (w, h))
        mask *= inside
        # the patch's colour matched to the frame on the feathered edge (light changes): the
        # median difference, so the few edge pixels where the jaws differ do not pull it
        ring = (mask > 0.05) & (mask < 0.6)
        out = frame.astype(np.float32)
        patch = warped.astype(np.float32)
        if ring.sum() > 20:
            shift = np.median(out[ring] - patch[ring], axis=0)
            patch += np.clip(shift, -MAX_SHIFT, MAX_SHIFT)[None, None, :]
        a = mask[..., None]
        blended = out * (1.0 - a) + patch * a
        res = np.clip(blended + 0.5, 0, 255).astype(np.uint8)
        res[mask <= 0.0] = frame[mask <= 0.0]                # untouched pixels stay exact
        return res

    def _covered(self, full: np.ndarray, wh: tuple[int, int]) -> np.ndarray:
        """H×W float32: 1 where the render lands in the frame, 0 beyond its edges."""
        import cv2
        ones = np.full((self.size, self.size), 255, np.uint8)
        cov = cv2.warpAffine(ones, full[:2], wh, flags=cv2.INTER_LINEAR, borderValue=0)
        return cv2.erode(cov, np.ones((3, 3), np.uint8)).astype(np.float32) / 255.0


def _soundtrack(samples: np.ndarray, rate: int, seconds: float, original: np.ndarray | None,
                duck: bool) -> np.ndarray:
    from studio.export import audio as audio_mod
    n = int(round(seconds * audio_mod.RATE))
    voice = audio_mod.resample(samples, rate)[:n].copy()
    if len(voice) == n:                    # cut at the video's end: a short fade, not a click
        k = min(n, int(0.05 * audio_mod.RATE))
        voice[n - k:] *= np.linspace(1.0, 0.0, k, dtype=np.float32)
    if duck and original is not None and len(original):
        under = np.zeros(n, np.float32)
        under[:min(n, len(original))] = original[:n]
        out = audio_mod.mix(voice, None, n)
        v = np.zeros(n, np.float32)
        v[:len(voice)] = voice
        gain = 1.0 - (1.0 - 10 ** (DUCK_DB / 20)) * audio_mod.envelope(v, audio_mod.RATE)
        out = out + under * gain
        return (np.tanh(out * 1.1) / np.tanh(1.1)).astype(np.float32) \
            if np.abs(out).max(initial=0) > 0.95 else out.astype(np.float32)
    return audio_mod.mix(voice, None, n)


def dub_video(video: str | os.PathLike, output: str | os.PathLike, *, text: str | None = None,
              lang: str | None = None, audio: str | None = None, duck: bool = False,
              profile=None, progress: Callable[[float], None] | None = None,
              cancel: threading.Event | None = None) -> DubResult:
    """Dub `video` with `text` (in `lang`) or the recording `audio`; writes `output` atomically."""
    import av
    from studio.export.atomic import atomic_path, check_writable_target
    from studio.export.metadata import container_metadata
    from studio.export.talk import video_format
    from studio.export.video import _add_audio_stream, _Encoder, _spec
    from studio.quiet import native_stderr_to_log

    video, output = Path(video), Path(output)
    fmt = video_format(str(output))
    check_writable_target(output)
    if (text is None) == (audio is None):
        raise UserError("give either --text (with --lang) or --audio")
    if text is not None:
        from studio.speech.text import check_text
        check_text(text)
    if lang:
        from studio.speech.espeak import resolve_language
        resolve_language(lang)
    with native_stderr_to_log():
        marks, rate, (width, height) = _track(video, cancel, progress)
    samples, sr, track = speech_track(text, lang, audio, profile)
    n = len(marks)
    seconds = n / float(rate)
    ref = _reference(marks)
    _, frames = _frames(video)
    ref_rgb = None
    for i, rgb in enumerate(frames):
        if i == ref:
            ref_rgb = rgb
            break
    frames.close()
    engine = _engine(ref_rgb, marks[ref])
    side = engine.framing.side
    size = int(min(1024, max(64, round(side / 2) * 2)))
    blender = _Blender(engine, size)
    original = None
    if duck:
        from studio.motion.drive import read_audio
        original = read_audio(video)
    sound = _soundtrack(samples, sr, seconds, original, duck)
    w2, h2 = width - width % 2, height - height % 2        # H.264 4:2:0 needs even sides
    spec = _spec(fmt, False, 18)
    stages = {"render": 0.0, "encode_video": 0.0, "encode_audio": 0.0, "mux": 0.0}
    tracked = 0
    from studio.profile.model import DigitalHuman
    with atomic_path(output) as tmp:
        with av.open(str(tmp), "w", format=spec.container, options=spec.container_options) as out:
            out.metadata.update(container_metadata(profile or DigitalHuman()))
            stream = out.add_stream(spec.codec, rate=rate)
            stream.width, stream.height, stream.pix_fmt = w2, h2, spec.pix_fmt
            stream.options = spec.options
            audio_stream = _add_audio_stream(out, spec.audio_codec)
            worker = _Encoder(out, stream, audio_stream, sound, stages)
            worker.start()
            _, frames = _frames(video)
            try:
                for i, rgb in enumerate(frames):
                    if i >= n:
                        break
                    if cancel is not None and cancel.is_set():
                        raise Cancelled()
                    if worker.error:
                        raise worker.error
                    if marks[i] is not None:
                        pose = mouth_pose(track.at(i / float(rate))) if i / float(rate) < track.duration else {}
                        rgb = blender.apply(rgb, marks[i], pose)
                        tracked += 1
                    worker.put((i, np.ascontiguousarray(rgb[:h2, :w2]), "rgb24"))
                    if progress:
                        progress(0.3 + 0.69 * (i + 1) / n)
            finally:
                frames.close()
                worker.put(None)
                worker.join()
            if worker.error:
                raise worker.error
    if progress:
        progress(1.0)
    return DubResult(output, n, tracked, ref, len(samples) / sr, seconds)
