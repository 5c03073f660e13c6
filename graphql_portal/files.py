"""What the service writes under `PORTAL_VAR_DIR` (the SQLite database with its WAL files, the
secret key, demo passwords, the mail folder) is private: files 0600 in folders 0700.

The command line sets the process's umask to 077, so whatever it creates there (SQLite's WAL and
shared-memory files, written by the library) starts private; these helpers make the folders and
files private whoever calls them, and tighten what an earlier version left readable.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` (and its parents) if missing; the folder itself is left 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    _tighten(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Make sure a file at `path` exists and is 0600 (an empty file is a valid, empty SQLite
    database). Something else at `path` (a folder) is left for its user to report."""
    private_dir(path.parent)
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    if path.is_file():
        _tighten(path, PRIVATE_FILE)
    return path


def tighten_var_dir(var_dir: Path) -> None:
    """Take group and other permissions off everything under `var_dir` (files 0600, folders 0700)."""
    if not var_dir.is_dir():
        return
    _tighten(var_dir, PRIVATE_DIR)
    for root, dirs, files in os.walk(var_dir):
        for name in dirs:
            _tighten(Path(root, name), PRIVATE_DIR)
        for name in files:
            _tighten(Path(root, name), PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
        return  # not ours to change (a link, or another user's file)
    if stat.S_IMODE(info.st_mode) & 0o077:
        path.chmod(stat.S_IMODE(info.st_mode) & mode)
