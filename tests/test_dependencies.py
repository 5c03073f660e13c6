"""The dependency set cannot drift: every import is a declared dependency, every declared
dependency is pinned in the lock files, and each pin satisfies what pyproject.toml asks."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
FIRST_PARTY = {"graphql_portal", "tests", "bench", "scripts"}


def declared(*groups: str) -> dict[str, Requirement]:
    """The requirements of the runtime set (`"runtime"`) and of the named extras, by name."""
    found = {}
    for group in groups:
        items = PROJECT["dependencies"] if group == "runtime" else PROJECT["optional-dependencies"][group]
        for item in items:
            requirement = Requirement(item)
            found[canonicalize_name(requirement.name)] = requirement
    return found


# What each folder's code may import: its own set and what it is built on.
ALLOWED = {
    "graphql_portal": ("runtime",),
    "tests": ("runtime", "dev", "bench"),
    "bench": ("runtime", "bench"),
    "scripts": ("runtime", "dev"),
}


def top_level_imports(folder: Path) -> dict[str, set[str]]:
    """Each absolute import's top-level name, with the files that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def is_local(name: str, folder: Path) -> bool:
    """Our own packages, and modules a test imports from its own folder."""
    return name in FIRST_PARTY or any(folder.rglob(f"{name}.py")) or (ROOT / name).is_dir()


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_every_import_is_a_declared_dependency(folder):
    allowed = set(declared(*ALLOWED[folder]))
    distributions = importlib.metadata.packages_distributions()
    problems = []
    for name, files in sorted(top_level_imports(ROOT / folder).items()):
        if name in sys.stdlib_module_names or is_local(name, ROOT / folder):
            continue
        providers = {canonicalize_name(d) for d in distributions.get(name, [])}
        if not providers:
            problems.append(f"{name} (in {min(files)}) is installed by no package: declare it")
        elif not providers & allowed:
            problems.append(
                f"{name} (in {min(files)}) comes from {', '.join(sorted(providers))}, which is not "
                f"declared for {folder}/ in pyproject.toml ({' + '.join(ALLOWED[folder])})"
            )
    assert not problems, "\n".join(problems)


def locked(lock_file: str) -> dict[str, str]:
    """The exact versions pinned in a lock file, by name."""
    text = (ROOT / lock_file).read_text()
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", text, flags=re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


@pytest.mark.parametrize(
    ("lock_file", "groups"),
    [("requirements.lock", ("runtime",)), ("requirements-dev.lock", ("runtime", "dev", "bench"))],
)
def test_the_lock_files_pin_every_declared_dependency_within_its_bounds(lock_file, groups):
    pins = locked(lock_file)
    problems = []
    for name, requirement in sorted(declared(*groups).items()):
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        if name not in pins:
            problems.append(f"{name} is declared but not in {lock_file}: run `make lock`")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{name}=={pins[name]} in {lock_file} does not satisfy {requirement}")
    assert not problems, "\n".join(problems)


def test_every_lock_pin_carries_hashes_and_no_machine_paths():
    for lock_file in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock_file).read_text()
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
        pinned = [b for b in blocks if re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*==", b)]
        assert pinned, lock_file
        assert all("--hash=sha256:" in block for block in pinned), lock_file
        assert "file://" not in text and "--find-links" not in text, lock_file


def test_the_production_lock_agrees_with_the_development_lock():
    dev = locked("requirements-dev.lock")
    differing = {
        name: (version, dev.get(name))
        for name, version in locked("requirements.lock").items()
        if dev.get(name) != version
    }
    assert not differing, f"run `make lock`: {differing}"


def test_the_installed_versions_are_the_locked_ones():
    """A venv installed before the lock changed is stale: `make` reinstalls it."""
    pins = locked("requirements-dev.lock")
    stale = {}
    for name, version in pins.items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # a platform's own package (a marker excluded it here)
        if Version(installed) != Version(version):
            stale[name] = (installed, version)
    assert not stale, f"installed differs from requirements-dev.lock (run make): {stale}"
