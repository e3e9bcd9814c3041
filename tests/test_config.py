"""Every setting is documented in the README's configuration table, with its default."""

from pathlib import Path

from thepost.config import Settings, to_environ

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_setting_is_in_the_readme_table() -> None:
    readme = README.read_text()
    for name, field in Settings.model_fields.items():
        assert f"| `THEPOST_{name.upper()}` |" in readme, name
        assert field.description, f"{name} has no help text"


def test_settings_come_from_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("THEPOST_PAGE_SIZE", "7")
    monkeypatch.setenv("THEPOST_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.page_size == 7
    assert settings.resolved_database_url == f"sqlite:///{tmp_path.resolve()}/thepost.sqlite3"


def test_settings_round_trip_through_the_environment(monkeypatch, tmp_path) -> None:
    original = Settings(data_dir=tmp_path, page_size=5, theme_dir=tmp_path)
    for key, value in to_environ(original).items():
        monkeypatch.setenv(key, value)
    assert Settings() == original


def test_the_s3_media_store_needs_a_bucket() -> None:
    import pytest

    with pytest.raises(ValueError, match="THEPOST_MEDIA_STORE=s3 needs THEPOST_S3_BUCKET"):
        Settings(media_store="s3")
    assert Settings(media_store="s3", s3_bucket="media").s3_bucket == "media"


def test_a_redis_url_is_checked_when_the_settings_are_read() -> None:
    import pytest

    with pytest.raises(ValueError, match=r"a Redis URL starts with redis://, rediss://"):
        Settings(redis_url="http://cache:6379")
    with pytest.raises(ValueError, match="the database is a number"):
        Settings(redis_url="redis://cache/zero")
    assert Settings(redis_url=" redis://cache:6379/2 ").redis_url == "redis://cache:6379/2"
