"""Settings declared once as data: every field describes itself, settings.json round-trips, bad values
fall back to the default one key at a time, and keys a newer PortDesk wrote survive a save."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from portdesk.platform.settings import Settings


def test_every_setting_declares_its_label_description_page_and_type() -> None:
    specs = {spec.name: spec for spec in Settings.specs()}
    assert list(specs) == ["author", "default_profile", "ocr_enabled", "sync_interval_seconds",
                           "notifications_enabled"]
    assert specs["ocr_enabled"].type is bool and specs["ocr_enabled"].page == "ocr"
    assert specs["sync_interval_seconds"].type is int and specs["sync_interval_seconds"].minimum == 30
    assert specs["default_profile"].choices == "profiles"
    assert all(spec.label and spec.description and spec.page for spec in specs.values())


def test_settings_save_to_a_private_file_and_read_back(portdesk_home: Path) -> None:
    Settings(author="Jane Roe", ocr_enabled=True, sync_interval_seconds=120).save()
    path = portdesk_home / "settings.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    back = Settings.load()
    assert (back.author, back.ocr_enabled, back.sync_interval_seconds) == ("Jane Roe", True, 120)
    assert back.notifications_enabled is True  # not written by the user: the declared default


def test_a_value_of_the_wrong_kind_or_out_of_range_is_the_default_and_the_rest_still_load(portdesk_home: Path) -> None:
    (portdesk_home / "settings.json").write_text(json.dumps({
        "author": "Jane", "ocr_enabled": "yes", "sync_interval_seconds": 5, "notifications_enabled": 1,
    }), encoding="utf-8")
    loaded = Settings.load()
    assert loaded.author == "Jane"
    assert loaded.ocr_enabled is False and loaded.sync_interval_seconds == 300
    assert loaded.notifications_enabled is True


def test_keys_from_a_newer_version_survive_a_save(portdesk_home: Path) -> None:
    path = portdesk_home / "settings.json"
    path.write_text(json.dumps({"author": "Jane", "theme": "dark"}), encoding="utf-8")
    loaded = Settings.load()
    loaded.author = "Jane Roe"
    loaded.save()
    assert json.loads(path.read_text(encoding="utf-8"))["theme"] == "dark"
    assert Settings.load().author == "Jane Roe"


def test_a_settings_file_that_is_not_an_object_is_the_defaults(portdesk_home: Path) -> None:
    (portdesk_home / "settings.json").write_text("[1, 2]", encoding="utf-8")
    assert Settings.load() == Settings()


def test_the_log_file_made_on_demand_follows_the_data_folder_when_it_moves(tmp_path, monkeypatch) -> None:
    import logging

    from portdesk.platform import settings as settings_module

    root = logging.getLogger()
    before = list(root.handlers)
    try:
        monkeypatch.setenv("PORTDESK_HOME", str(tmp_path / "first"))
        settings_module.setup_logging_on_demand()
        logging.getLogger("portdesk.test").warning("one")
        monkeypatch.setenv("PORTDESK_HOME", str(tmp_path / "second"))
        settings_module.setup_logging_on_demand()
        logging.getLogger("portdesk.test").warning("two")
        for handler in root.handlers:
            handler.flush()
        assert "two" in settings_module.log_path().read_text(encoding="utf-8")
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
