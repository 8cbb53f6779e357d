"""Which files some paths name: directories walked in order, hidden and project files left out,
what cannot be read said with its reason; the names files go by; the shard a file falls to."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.formats import SUPPORTED_SUFFIXES
from ingest.model import Failure


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path met while walking that is not read, and why: a directory that cannot be listed,
    a link back to a directory already walked, a FIFO or device under a text file's name; or
    a project file (README, LICENSE...), left out on purpose, which is no failure."""

    path: Path
    reason: str
    failure: bool = True


# A folder of reports checked out or unpacked from elsewhere often carries its project's own
# files: never a policy text, and they rank high for the words they explain. Left out of a
# directory walk (by name, whatever the suffix); a file named on the command line is read.
PROJECT_FILE_NAMES = frozenset(
    "readme license licence copying changelog changes history contributing authors notice "
    "code_of_conduct security".split()
)


def is_project_file(path: Path) -> bool:
    return path.name.split(".", 1)[0].lower() in PROJECT_FILE_NAMES


@dataclass
class FileList:
    """The files to read under some paths, what was not read and why (failures), and the
    project files left out on purpose."""

    files: list[Path]
    failures: list[Failure]
    left_out: list[Path]


def _is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _is_dir(path: Path) -> bool:
    # Path.is_dir raises on EACCES; such an entry is then read as a file and reported.
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_regular_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return True


def _walk(directory: Path, visited: set[Path]) -> Iterator[Path | Skipped]:
    # Symlinked directories are followed, so a link back up the tree must not loop forever.
    real = directory.resolve()
    if real in visited:
        yield Skipped(directory, f"skipped: a symbolic link to a folder already read ({real})")
        return
    visited.add(real)
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        yield Skipped(directory, f"cannot list directory: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if _is_dir(entry):
            yield from _walk(entry, visited)
        # Only regular files: opening a FIFO that happens to be named x.txt would block.
        elif _is_supported(entry):
            if is_project_file(entry):
                yield Skipped(entry, "a project file (README, LICENSE...)", failure=False)
            elif _is_regular_file(entry):
                yield entry
            elif entry.exists():
                yield Skipped(entry, "skipped: not a regular file (a FIFO, socket or device)")


def entries(paths: Iterable[Path]) -> Iterator[Path | Skipped]:
    """The files named, the walk of the directories named, and what that walk did not read."""
    for path in paths:
        path = Path(path)
        if _is_dir(path):
            yield from _walk(path, set())
        else:
            yield path


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and the supported files under directories.

    Directories are walked recursively in sorted order; hidden files/dirs (name starts
    with '.') and project files (README, LICENSE...) are skipped inside directories.
    """
    # What the walk skips is left out here; read_documents and list_files report it.
    for entry in entries(paths):
        if isinstance(entry, Path):
            yield entry


def list_files(paths: Iterable[Path], base: Path | None = None) -> FileList:
    """What `iter_files` gives, with what the walk did not read: failures (sources relative
    to `base`, default the working directory) and the project files it left out."""
    root = source_root(base)
    listing = FileList([], [], [])
    for entry in entries(paths):
        if isinstance(entry, Path):
            listing.files.append(entry)
        elif entry.failure:
            listing.failures.append(
                Failure(source=source_name(entry.path, root), reason=entry.reason)
            )
        else:
            listing.left_out.append(entry.path)
    return listing


def source_root(base: Path | None) -> Path:
    """What sources are named relative to: `base`, default the working directory."""
    return _absolute(base if base is not None else Path.cwd())


def source_name(path: Path, root: Path) -> str:
    """The source a file goes by: its path relative to `root`, or absolute when outside it."""
    absolute = _absolute(path)
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


def _absolute(path: Path) -> Path:
    # Lexical, not resolve(): a symlinked corpus keeps the source names its user sees.
    return Path(os.path.abspath(path))


def in_shard(path: Path, index: int, count: int) -> bool:
    """Whether `path` belongs to shard `index` of `count` (1-based), stably across machines.

    The split hashes the file's name only, so processes that mount the corpus at different
    places still agree on who takes which file.
    """
    digest = hashlib.sha1(path.name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1
