"""Settings: defaults, atomic save, recent projects, and never a crash on a bad file."""
from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import pytest

from studio import settings as st
from studio.errors import UserError


@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("AVATAR_STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("AVATAR_STUDIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("AVATAR_STUDIO_MODEL_DIR", raising=False)
    return tmp_path / "config"


def test_no_file_gives_defaults(config):
    assert st.load_settings() == st.Settings()
    assert not config.exists(), "reading must not create anything"


def test_round_trip_of_every_setting(config):
    chosen = st.Settings(camera_index=2, audio_input="USB Mic", audio_output="Headphones",
                         accelerator="directml", model_dir="/models/here", language="ko",
                         theme="dark", recent_projects=("/a/one.dhc", "/b/two.dhc"))
    path = st.save_settings(chosen)
    assert path == config / "settings.json"
    assert json.loads(path.read_text())["schema_version"] == st.SETTINGS_SCHEMA_VERSION
    assert st.load_settings() == chosen
    assert [p.name for p in config.iterdir()] == ["settings.json"], "no temp file left behind"


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2]", b""])
def test_corrupt_file_gives_defaults_a_warning_and_keeps_the_bad_copy(config, caplog, content):
    config.mkdir()
    (config / "settings.json").write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="studio.settings"):
        assert st.load_settings() == st.Settings()
    assert "corrupt" in caplog.text
    assert (config / "settings.json.bad").read_bytes() == content


def test_one_bad_value_falls_back_alone(config, caplog):
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({
        "schema_version": 1, "theme": "neon", "language": "ko", "camera_index": -3,
        "accelerator": "cuda", "future_option": True, "recent_projects": ["/x.dhc", 5, ""]}))
    with caplog.at_level(logging.WARNING, logger="studio.settings"):
        loaded = st.load_settings()
    assert (loaded.theme, loaded.language, loaded.camera_index, loaded.accelerator) == (
        "system", "ko", 0, "cuda")
    assert loaded.recent_projects == ("/x.dhc",)
    assert "theme" in caplog.text and "future_option" in caplog.text


def test_recent_projects_newest_first_deduplicated_capped(config, tmp_path):
    s = st.Settings()
    for i in range(12):
        s = s.with_recent(tmp_path / f"p{i}.dhc")
    s = s.with_recent(tmp_path / "p5.dhc")
    assert len(s.recent_projects) == st.MAX_RECENT
    assert s.recent_projects[0] == str(tmp_path / "p5.dhc")
    assert s.recent_projects.count(str(tmp_path / "p5.dhc")) == 1
    assert str(tmp_path / "p0.dhc") not in s.recent_projects
    (tmp_path / "p5.dhc").write_bytes(b"x")
    assert s.recent_existing() == (str(tmp_path / "p5.dhc"),)


def test_recent_projects_are_shown_relative_to_home():
    if Path.home() == Path("/"):
        pytest.skip("a home folder of / makes every path relative to it")
    inside = Path.home() / "Documents" / "me.dhc"
    assert st.display_path(inside) == str(Path("~") / "Documents" / "me.dhc")
    outside = Path("/opt/shared/team.dhc")
    assert st.display_path(outside) == str(outside)


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        st.Settings().theme = "dark"


def test_directories_follow_the_environment(config, tmp_path, monkeypatch):
    assert st.config_dir() == config
    assert st.data_dir() == tmp_path / "data"
    assert st.model_dir(st.Settings()) == tmp_path / "data" / "models"
    assert st.model_dir(st.Settings(model_dir=str(tmp_path / "mine"))) == tmp_path / "mine"
    monkeypatch.setenv("AVATAR_STUDIO_MODEL_DIR", str(tmp_path / "env-models"))
    assert st.model_dir(st.Settings(model_dir="/ignored")) == tmp_path / "env-models"


def test_unwritable_config_folder_is_a_user_error(config):
    config.parent.mkdir(exist_ok=True)
    config.write_text("a file where the folder should be")
    with pytest.raises(UserError, match="could not save settings"):
        st.save_settings(st.Settings(theme="dark"))
    assert st.load_settings() == st.Settings()
