"""The README stays a true user's guide: its settings table is the code's."""

from __future__ import annotations

from click.testing import CliRunner

from cli.settings_table import settings
from core.config import PROJECT_ROOT


def test_the_readme_lists_every_setting_as_the_code_describes_it():
    table = CliRunner().invoke(settings).output.strip()
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert table in readme, "paste `python main.py settings` into README.md's Configuration"
