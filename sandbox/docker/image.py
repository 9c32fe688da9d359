"""The sandbox image: its name, its recipe, building it, and telling whether it is current.

Two routes make an equivalent image (Python 3.11 at SANDBOX_PYTHON, user nobody):

- offline: debootstrap a minimal Debian from the host's own apt mirror, strip it, and import the
  root filesystem through the engine API. Needs root and debootstrap, but no container registry.
- dockerfile: build sandbox/docker/Dockerfile (FROM python:3.11-slim). Needs a registry to pull
from.

The image carries labels naming its route and the hash of its recipe, so status can tell
"present and current" from "stale: rebuild". The worker is not baked in: the Docker backend mounts
the judge's own worker into every container, so the worker and the image cannot drift apart.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

import sandbox
from sandbox.errors import SandboxUnavailable, SandboxUsageError


@dataclass(frozen=True, slots=True)
class ImageRecord:
    """An image the engine holds: its id and its labels."""

    id: str
    labels: Mapping[str, str]


class Engine(Protocol):
    """What building and checking the image asks of an engine (sandbox/docker/backend.py's
    Engine): declared here so that the two modules do not import each other."""

    def find_image(self, name: str) -> ImageRecord | None: ...

    def import_rootfs(self, tarball: Path, name: str, changes: Sequence[str]) -> None: ...

    def build_dockerfile(self, dockerfile: bytes, name: str, labels: Mapping[str, str]) -> None: ...

    def remove_image(self, image_id: str) -> None: ...


IMAGE_REPOSITORY = "judge-sandbox"
LABEL_ROUTE = "judge.sandbox.route"
LABEL_RECIPE = "judge.sandbox.recipe"
# Every route puts Python here, so the Docker backend never needs to inspect the image per run.
SANDBOX_PYTHON = "/usr/bin/python3"
# The user the image declares; the Docker backend sets it again on every container.
SANDBOX_USER = "65534:65534"
DEFAULT_MIRROR = "http://deb.debian.org/debian"

Progress = Callable[[str], None]


class BuildRoute(enum.Enum):
    """How the image is made: from a Debian mirror alone, or from a Dockerfile and a registry."""

    OFFLINE = "offline"
    DOCKERFILE = "dockerfile"


class ImageState(enum.Enum):
    """Whether the image the judge wants exists and matches today's recipe."""

    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class OfflineRecipe:
    """Everything that decides what the offline route produces; its digest labels the image."""

    suite: str = "bookworm"
    variant: str = "minbase"
    # The full python3, not python3-minimal: the minimal package lacks most of the stdlib.
    packages: tuple[str, ...] = ("python3",)
    # Docs, locales and package caches: nothing the worker reads, a third of the size.
    removed: tuple[str, ...] = (
        "usr/share/doc",
        "usr/share/man",
        "usr/share/info",
        "usr/share/locale",
        "usr/share/lintian",
        "var/cache/apt",
        "var/cache/debconf",
        "var/lib/apt/lists",
        "var/log",
    )
    # Mount points the engine fills at run time: the rootfs copies of them are never wanted.
    skipped: tuple[str, ...] = ("dev", "proc", "sys")
    # Setuid/setgid bits are dropped as the rootfs is packed (no-new-privileges already neuters
    # them; this removes them for anyone who runs the image without that option).
    strip_setid: bool = True

    def digest(self) -> str:
        """A hash of the recipe: it changes whenever anything that shapes the image changes."""
        canonical = json.dumps(asdict(self), sort_keys=True).encode()
        return hashlib.sha256(b"offline\0" + canonical).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ImageStatus:
    """What the engine holds under the image name, compared with today's recipe."""

    name: str
    state: ImageState
    route: BuildRoute | None  # the route it was built by, when its labels say
    recipe: str | None  # the recipe hash it carries
    reason: str


def default_image_name() -> str:
    """The image this version of the judge runs in: one tag per judge version."""
    return f"{IMAGE_REPOSITORY}:{sandbox.__version__}"


def dockerfile_source() -> bytes:
    """The Dockerfile shipped next to this module."""
    return resources.files("sandbox.docker").joinpath("Dockerfile").read_bytes()


def dockerfile_digest(dockerfile: bytes) -> str:
    """A hash of the Dockerfile route's recipe."""
    return hashlib.sha256(b"dockerfile\0" + dockerfile).hexdigest()[:16]


def recipe_digest(route: BuildRoute, recipe: OfflineRecipe, dockerfile: bytes) -> str:
    """Today's recipe hash for one route."""
    if route is BuildRoute.OFFLINE:
        return recipe.digest()
    return dockerfile_digest(dockerfile)


def classify_image(
    name: str,
    labels: Mapping[str, str] | None,
    recipe: OfflineRecipe,
    dockerfile: bytes,
) -> ImageStatus:
    """Compare an image's labels (None: no such image) with today's recipe for its route."""
    if labels is None:
        return ImageStatus(name, ImageState.MISSING, None, None, f"image {name} is missing")
    found = labels.get(LABEL_RECIPE)
    try:
        route = BuildRoute(labels.get(LABEL_ROUTE, ""))
    except ValueError:
        reason = f"image {name} is stale: `judge sandbox build` did not make it"
        return ImageStatus(name, ImageState.STALE, None, found, reason)
    wanted = recipe_digest(route, recipe, dockerfile)
    if found != wanted:
        reason = f"image {name} is stale: recipe {found or 'unknown'}, now {wanted}"
        return ImageStatus(name, ImageState.STALE, route, found, reason)
    reason = f"image {name} is current ({route.value} route, recipe {found})"
    return ImageStatus(name, ImageState.CURRENT, route, found, reason)


def image_status(engine: Engine, name: str | None = None) -> ImageStatus:
    """Look the image up on the engine and say whether it is present and current."""
    name = name or default_image_name()
    record = engine.find_image(name)
    return classify_image(
        name, None if record is None else record.labels, OfflineRecipe(), dockerfile_source()
    )


def build_image(
    engine: Engine,
    route: BuildRoute,
    progress: Progress,
    *,
    name: str | None = None,
    mirror: str | None = None,
) -> ImageStatus:
    """Build the image by one route, tag it, drop the image it replaces, and return its status."""
    debootstrap = check_prerequisites(route)  # the offline route's, None for the Dockerfile's
    name = name or default_image_name()
    previous = engine.find_image(name)
    if debootstrap is not None:
        recipe = OfflineRecipe()
        mirror = mirror or apt_mirror(Path("/etc/apt"))
        _build_offline(engine, debootstrap, recipe, name, mirror, progress)
    else:
        dockerfile = dockerfile_source()
        progress(f"building {name} from sandbox/docker/Dockerfile")
        engine.build_dockerfile(
            dockerfile,
            name,
            {LABEL_ROUTE: route.value, LABEL_RECIPE: dockerfile_digest(dockerfile)},
        )
    current = engine.find_image(name)
    if previous is not None and current is not None and previous.id != current.id:
        # The old image lost its tag; without this every rebuild leaves a dangling image behind.
        engine.remove_image(previous.id)
    return image_status(engine, name)


def apt_mirror(apt_dir: Path) -> str:
    """The first Debian mirror the host's apt sources use (deb822 or one-line), else the default."""
    sources = sorted(apt_dir.glob("sources.list.d/*.sources"))
    one_line = [apt_dir / "sources.list", *sorted(apt_dir.glob("sources.list.d/*.list"))]
    for path in sources:
        for stanza in path.read_text(errors="replace").split("\n\n"):
            fields = _deb822_fields(stanza)
            if "deb" in fields.get("types", "").split() and _is_debian_main(fields):
                return fields["uris"].split()[0]
    for path in one_line:
        if not path.is_file():
            continue
        for line in path.read_text(errors="replace").splitlines():
            # "deb [arch=amd64 signed-by=...] URI SUITE COMPONENTS": options are not words.
            words = re.sub(r"\[[^\]]*\]", " ", line.split("#", 1)[0]).split()
            if len(words) >= 3 and words[0] == "deb" and words[2] == "bookworm":
                return words[1]
    return DEFAULT_MIRROR


def _deb822_fields(stanza: str) -> dict[str, str]:
    """The fields of one deb822 stanza, keys lower-cased; comment lines ignored."""
    fields: dict[str, str] = {}
    for line in stanza.splitlines():
        if line.startswith("#") or ":" not in line or line[:1].isspace():
            continue
        key, value = line.split(":", 1)
        fields[key.strip().lower()] = value.strip()
    return fields


def _is_debian_main(fields: Mapping[str, str]) -> bool:
    """True for a stanza that serves the bookworm suite itself (not -security, not -updates)."""
    return "bookworm" in fields.get("suites", "").split() and bool(fields.get("uris"))


def check_prerequisites(route: BuildRoute) -> str | None:
    """Fail early when a route cannot work here; for the offline route, debootstrap's path."""
    if route is not BuildRoute.OFFLINE:
        return None
    if os.geteuid() != 0:
        raise SandboxUsageError(
            "the offline route runs debootstrap, which needs root: "
            "run `sudo judge sandbox build`, or use --route dockerfile"
        )
    debootstrap = shutil.which("debootstrap")
    if debootstrap is None:
        raise SandboxUnavailable(
            "debootstrap is not installed: run `apt-get install debootstrap`, "
            "or use --route dockerfile"
        )
    return debootstrap


def _build_offline(
    engine: Engine,
    debootstrap: str,
    recipe: OfflineRecipe,
    name: str,
    mirror: str,
    progress: Progress,
) -> None:
    """Debootstrap, strip and pack a root filesystem, then import it as the image."""
    workdir = Path(tempfile.mkdtemp(prefix="judge-image-"))
    try:
        rootfs = workdir / "rootfs"
        progress(f"debootstrap {recipe.suite} from {mirror} (about a minute)")
        _debootstrap(debootstrap, recipe, rootfs, mirror, workdir / "debootstrap.log")
        for relative in recipe.removed:
            _empty_directory(rootfs / relative)
        progress("packing the root filesystem")
        tarball = workdir / "rootfs.tar"
        pack_rootfs(rootfs, tarball, recipe)
        progress(f"importing {name}")
        engine.import_rootfs(
            tarball,
            name,
            changes=(
                f"LABEL {LABEL_ROUTE}={BuildRoute.OFFLINE.value}",
                f"LABEL {LABEL_RECIPE}={recipe.digest()}",
                f"USER {SANDBOX_USER}",
                "WORKDIR /tmp",
            ),
        )
    finally:
        remove_build_dir(workdir)


def _debootstrap(
    debootstrap: str, recipe: OfflineRecipe, rootfs: Path, mirror: str, log: Path
) -> None:
    """Run debootstrap; on failure raise with its last error line and where the full log is."""
    command = [
        debootstrap,
        f"--variant={recipe.variant}",
        f"--include={','.join(recipe.packages)}",
        recipe.suite,
        str(rootfs),
        mirror,
    ]
    with log.open("wb") as log_file:
        finished = subprocess.run(
            command, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT
        )
    if finished.returncode != 0:
        lines = log.read_text(errors="replace").splitlines()
        errors = [line for line in lines if line.startswith("E:")] or lines or ["no output"]
        kept = Path(tempfile.gettempdir()) / "judge-debootstrap.log"
        shutil.copyfile(log, kept)
        raise SandboxUnavailable(
            f"debootstrap from {mirror!r} failed: {errors[-1]} (full log: {kept})"
        )


def _empty_directory(path: Path) -> None:
    """Delete what a directory holds, keeping the directory (packages expect it to exist)."""
    if not path.is_dir() or path.is_symlink():
        return
    for entry in path.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def pack_rootfs(rootfs: Path, tarball: Path, recipe: OfflineRecipe) -> None:
    """Write the root filesystem as an uncompressed tar, as the engine's import expects."""
    skipped = {f"./{name}/" for name in recipe.skipped}

    def keep(member: tarfile.TarInfo) -> tarfile.TarInfo | None:
        if any(member.name.startswith(prefix) for prefix in skipped):
            return None
        if recipe.strip_setid:
            member.mode &= ~0o6000
        return member

    with tarfile.open(tarball, "w", format=tarfile.PAX_FORMAT) as tar:
        tar.add(rootfs, arcname=".", filter=keep)


def remove_build_dir(workdir: Path) -> None:
    """Delete the build directory, but never through a mount debootstrap left behind."""
    prefix = str(workdir.resolve()) + "/"
    with open("/proc/self/mounts") as mounts:
        held = [line.split()[1] for line in mounts if line.split()[1].startswith(prefix)]
    for mount_point in sorted(held, key=len, reverse=True):
        subprocess.run(["umount", "--lazy", mount_point], check=False, capture_output=True)
    with open("/proc/self/mounts") as mounts:
        if any(line.split()[1].startswith(prefix) for line in mounts):
            # Deleting through a bind mount of /dev would delete the host's device nodes.
            raise SandboxUnavailable(
                f"{workdir} still has mounts under it: unmount them, then delete it"
            )
    shutil.rmtree(workdir, ignore_errors=True)
