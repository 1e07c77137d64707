"""Head turns, closed loop: render the head turned, track the rendered frame with real Face
Mesh, estimate the pose the way the webcam driver does, and check that what a viewer (or
tracker) reads is the turn that was commanded — a turn, not a sideways shift — while the
backdrop stays still."""
from __future__ import annotations

import numpy as np
import pytest

SIZE = 512
TURNS = [("headYaw", 20.0), ("headYaw", -20.0), ("headPitch", 15.0), ("headPitch", -15.0)]


@pytest.fixture(scope="module")
def neutral(engine, face_mesh):
    from studio.motion.webcam import calibrate
    return calibrate(face_mesh(engine.render({}, SIZE)))


@pytest.mark.parametrize("name, angle", TURNS)
def test_rendered_turn_reads_as_the_commanded_angle(engine, face_mesh, neutral, name, angle):
    from studio.motion.webcam import estimate_pose
    frame = engine.render({name: angle}, SIZE)
    pose = estimate_pose(face_mesh(frame), neutral)
    assert abs(pose[name] - angle) <= 0.25 * abs(angle), (name, angle, pose[name])
    other = "headPitch" if name == "headYaw" else "headYaw"
    assert abs(pose[other]) <= 4.0, (other, pose[other])
    # The backdrop does not move: the frame's corners are the resting frame's, exactly.
    rest = engine.render({}, SIZE)
    for ys, xs in ((slice(0, 24), slice(0, 24)), (slice(0, 24), slice(-24, None)),
                   (slice(-24, None), slice(0, 24)), (slice(-24, None), slice(-24, None))):
        assert np.array_equal(frame[ys, xs], rest[ys, xs])


@pytest.mark.parametrize("angles", [(35, 0, 0), (-35, 0, 0), (0, 25, 0), (0, -25, 0),
                                    (25, 15, 0), (0, 0, 20), (0, 15, 20)])
def test_extreme_turns_never_fold_the_warp(engine, angles):
    """A fold (the forward motion's Jacobian turning over) shows as a tear or a mirrored
    smear; the warp cannot show occlusion, so it must compress, never fold."""
    from studio.rig.blendshapes import coefficients
    k = coefficients({})
    u = engine.flow.forward(k, angles) * np.float32(engine.flow.grid - 1)
    dux, duy = np.gradient(u[..., 0]), np.gradient(u[..., 1])     # (∂/∂row, ∂/∂col)
    det = (1 + dux[1]) * (1 + duy[0]) - dux[0] * duy[1]
    assert det.min() > 0.05, (angles, float(det.min()))
