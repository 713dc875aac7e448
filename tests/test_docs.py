"""Docs that cannot drift: the settings page, .env.example and the README's commands."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import GENERATED, SETTINGS, env_example

ROOT = Path(__file__).resolve().parent.parent


def test_settings_docs_env_example_and_setting_types_are_generated_from_config():
    stale = [path for path, text in GENERATED.items() if (ROOT / path).read_text() != text()]
    assert stale == [], "regenerate them: .venv/bin/python -m bot.config"


def test_every_setting_is_documented_with_help():
    page = (ROOT / "docs/settings.md").read_text()
    for setting in SETTINGS:
        assert f"`{setting.name}`" in page
        assert len(setting.help) > 15, setting.name


def test_secrets_have_no_default_in_env_example():
    example = env_example()
    for setting in SETTINGS:
        if setting.secret:
            assert re.search(rf"^{setting.name}=$", example, re.M), setting.name


def test_readme_names_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci/run").read_text()


def test_every_path_the_architecture_page_names_exists():
    page = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    named = set(
        re.findall(
            r"(?<![\w/.])((?:bot|sandbox|tests|templates|docs)/[\w/.-]*|[\w-]+\.(?:py|json))", page
        )
    )
    assert len(named) > 30  # the page is a map: it names the places
    missing = sorted(path for path in named if not (ROOT / path.rstrip(".")).exists())
    assert missing == []
