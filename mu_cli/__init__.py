"""mu: natural-language settings for the desktop. The engine: no CLI, UI or torch imports here."""

from pathlib import Path as _Path

__version__ = "0.1.0"

# In a source checkout (and an editable install) `commands/` sits beside this package; the wheel maps it
# to `mu_cli/commands`. Extending __path__ keeps `mu_cli.commands` importable in both layouts.
_top = _Path(__file__).resolve().parent.parent
if not (_Path(__file__).parent / "commands").is_dir() and (_top / "commands" / "__init__.py").is_file():
    __path__.append(str(_top))  # noqa: F821 - __path__ is defined for packages
