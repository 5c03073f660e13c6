"""The one Jinja environment of fulfilment's documents: the addendum and both emails' bodies.

HTML is autoescaped (names are text, never markup); plain-text bodies are not, since escaping
them would only garble names.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def one_line(value: object) -> str:
    """Collapse control characters and runs of whitespace (a name is one line wherever shown)."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    return " ".join(text.split())


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(
            enabled_extensions=("html",), disabled_extensions=("txt",), default_for_string=True, default=True
        ),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["one_line"] = one_line
    return env


templates = _environment()
