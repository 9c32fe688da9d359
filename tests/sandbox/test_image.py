"""The sandbox image: recipe hashes, current/stale/missing, packing the root filesystem safely,
and the `judge sandbox build` / `judge sandbox status` commands.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from tiny_image import tiny_image
from typer.testing import CliRunner

from judge.cli.app import app
from sandbox.docker.backend import Engine
from sandbox.docker.image import (
    LABEL_RECIPE,
    LABEL_ROUTE,
    BuildRoute,
    ImageState,
    ImageStatus,
    OfflineRecipe,
    apt_mirror,
    check_prerequisites,
    classify_image,
    default_image_name,
    dockerfile_digest,
    dockerfile_source,
    image_status,
    pack_rootfs,
    recipe_digest,
    remove_build_dir,
)
from sandbox.errors import SandboxUnavailable, SandboxUsageError

RECIPE = OfflineRecipe()
DOCKERFILE = b"FROM python:3.11-slim\n"
NOWHERE = "unix:///nonexistent/docker.sock"

# ---- recipe hashes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changed",
    [
        {"suite": "trixie"},
        {"variant": "buildd"},
        {"packages": ("python3", "python3-numpy")},
        {"removed": ("usr/share/doc",)},
        {"skipped": ("proc", "sys")},
        {"strip_setid": False},
    ],
    ids=lambda changed: next(iter(changed)),
)
def test_the_offline_digest_changes_with_every_field(changed: dict[str, object]) -> None:
    assert dataclasses.replace(RECIPE, **changed).digest() != RECIPE.digest()


def test_digests_are_stable_and_routes_never_collide() -> None:
    assert OfflineRecipe().digest() == RECIPE.digest()
    assert len(RECIPE.digest()) == 16
    assert dockerfile_digest(DOCKERFILE) == dockerfile_digest(bytes(DOCKERFILE))
    assert dockerfile_digest(DOCKERFILE + b"USER 1\n") != dockerfile_digest(DOCKERFILE)
    assert recipe_digest(BuildRoute.OFFLINE, RECIPE, DOCKERFILE) == RECIPE.digest()
    assert recipe_digest(BuildRoute.DOCKERFILE, RECIPE, DOCKERFILE) == dockerfile_digest(DOCKERFILE)


def test_the_shipped_dockerfile_starts_from_python_3_11_slim() -> None:
    assert b"\nFROM python:3.11-slim\n" in dockerfile_source()


# ---- current, stale, missing ------------------------------------------------------------------


def labels(route: str, recipe: str) -> dict[str, str]:
    return {LABEL_ROUTE: route, LABEL_RECIPE: recipe}


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (
            None,
            ImageStatus("img:1", ImageState.MISSING, None, None, "image img:1 is missing"),
        ),
        (
            labels("offline", RECIPE.digest()),
            ImageStatus(
                "img:1",
                ImageState.CURRENT,
                BuildRoute.OFFLINE,
                RECIPE.digest(),
                f"image img:1 is current (offline route, recipe {RECIPE.digest()})",
            ),
        ),
        (
            labels("dockerfile", dockerfile_digest(DOCKERFILE)),
            ImageStatus(
                "img:1",
                ImageState.CURRENT,
                BuildRoute.DOCKERFILE,
                dockerfile_digest(DOCKERFILE),
                f"image img:1 is current (dockerfile route, "
                f"recipe {dockerfile_digest(DOCKERFILE)})",
            ),
        ),
        (
            labels("offline", "0123456789abcdef"),
            ImageStatus(
                "img:1",
                ImageState.STALE,
                BuildRoute.OFFLINE,
                "0123456789abcdef",
                f"image img:1 is stale: recipe 0123456789abcdef, now {RECIPE.digest()}",
            ),
        ),
        (
            # The offline recipe's hash does not make a Dockerfile-built image current.
            labels("dockerfile", RECIPE.digest()),
            ImageStatus(
                "img:1",
                ImageState.STALE,
                BuildRoute.DOCKERFILE,
                RECIPE.digest(),
                f"image img:1 is stale: recipe {RECIPE.digest()}, "
                f"now {dockerfile_digest(DOCKERFILE)}",
            ),
        ),
        (
            {},
            ImageStatus(
                "img:1",
                ImageState.STALE,
                None,
                None,
                "image img:1 is stale: `judge sandbox build` did not make it",
            ),
        ),
    ],
    ids=["missing", "offline-current", "dockerfile-current", "stale", "other-route", "foreign"],
)
def test_classify_image(found: dict[str, str] | None, expected: ImageStatus) -> None:
    assert classify_image("img:1", found, RECIPE, DOCKERFILE) == expected


@pytest.fixture
def engine(docker_required: None) -> Iterator[Engine]:
    with Engine.connect() as connected:
        yield connected


@pytest.mark.docker
def test_status_on_the_engine_says_missing_current_and_stale(
    engine: Engine, tmp_path: Path
) -> None:
    with tiny_image(engine, tmp_path, labels("offline", RECIPE.digest())) as name:
        current = image_status(engine, name)
        assert (current.state, current.route, current.recipe) == (
            ImageState.CURRENT,
            BuildRoute.OFFLINE,
            RECIPE.digest(),
        )
    assert image_status(engine, name).state is ImageState.MISSING
    with tiny_image(engine, tmp_path, labels("offline", "0000000000000000")) as name:
        stale = image_status(engine, name)
        assert (stale.state, stale.recipe) == (ImageState.STALE, "0000000000000000")


@pytest.mark.docker
def test_the_real_image_is_present_and_current(engine: Engine) -> None:
    status = image_status(engine)
    assert (status.name, status.state) == (default_image_name(), ImageState.CURRENT)


# ---- the offline route's pieces ---------------------------------------------------------------


def test_apt_mirror_takes_the_main_suite_from_deb822_sources(tmp_path: Path) -> None:
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(
        "Types: deb\nURIs: http://security.example/debian-security\n"
        "Suites: bookworm-security\nComponents: main\n\n"
        "# the main archive\nTypes: deb deb-src\nURIs: http://mirror.example/debian\n"
        "Suites: bookworm bookworm-updates\nComponents: main\n"
    )
    assert apt_mirror(tmp_path) == "http://mirror.example/debian"


def test_apt_mirror_reads_one_line_sources_with_options(tmp_path: Path) -> None:
    (tmp_path / "sources.list").write_text(
        "# deb http://commented.example/debian bookworm main\n"
        "deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://one.example/debian "
        "bookworm main\n"
    )
    assert apt_mirror(tmp_path) == "http://one.example/debian"


def test_apt_mirror_defaults_to_deb_debian_org(tmp_path: Path) -> None:
    assert apt_mirror(tmp_path) == "http://deb.debian.org/debian"


def test_packing_drops_setid_bits_and_runtime_mounts(tmp_path: Path) -> None:
    rootfs = tmp_path / "rootfs"
    for directory in ("usr/bin", "dev", "proc", "sys", "tmp"):
        (rootfs / directory).mkdir(parents=True)
    (rootfs / "usr/bin/su").write_bytes(b"#!/bin/sh\n")
    (rootfs / "usr/bin/su").chmod(0o4755)
    (rootfs / "usr/bin/python3").symlink_to("python3.11")
    (rootfs / "dev/null-ish").write_bytes(b"")
    (rootfs / "proc/stale").write_bytes(b"")
    pack_rootfs(rootfs, tmp_path / "rootfs.tar", RECIPE)
    with tarfile.open(tmp_path / "rootfs.tar") as tar:
        members = {member.name: member for member in tar.getmembers()}
    assert sorted(members) == [
        ".",
        "./dev",
        "./proc",
        "./sys",
        "./tmp",
        "./usr",
        "./usr/bin",
        "./usr/bin/python3",
        "./usr/bin/su",
    ]
    assert stat.S_IMODE(members["./usr/bin/su"].mode) == 0o755
    assert members["./usr/bin/python3"].linkname == "python3.11"


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_removing_the_build_dir_unmounts_before_deleting(tmp_path: Path) -> None:
    workdir = tmp_path / "build"
    mount_point = workdir / "rootfs" / "dev"
    mount_point.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], check=True)
    (mount_point / "node").write_bytes(b"")
    remove_build_dir(workdir)
    assert not workdir.exists()
    assert str(mount_point) not in Path("/proc/self/mounts").read_text()


def test_the_offline_route_needs_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(SandboxUsageError) as raised:
        check_prerequisites(BuildRoute.OFFLINE)
    assert str(raised.value) == (
        "the offline route runs debootstrap, which needs root: "
        "run `sudo judge sandbox build`, or use --route dockerfile"
    )
    assert check_prerequisites(BuildRoute.DOCKERFILE) is None


def test_the_offline_route_needs_debootstrap(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SandboxUnavailable) as raised:
        check_prerequisites(BuildRoute.OFFLINE)
    assert str(raised.value) == (
        "debootstrap is not installed: run `apt-get install debootstrap`, or use --route dockerfile"
    )


# ---- the commands -----------------------------------------------------------------------------


def invoke(*args: str, docker_host: str | None = None) -> tuple[int, str, str]:
    env = {"COLUMNS": "200"}
    if docker_host is not None:
        env["DOCKER_HOST"] = docker_host
    result = CliRunner().invoke(app, ["sandbox", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_status_without_an_engine_picks_local_and_exits_3() -> None:
    code, stdout, stderr = invoke("status", docker_host=NOWHERE)
    lines = [line.rstrip() for line in stdout.splitlines()]
    assert (code, stderr) == (3, "")
    assert lines == [
        f"Engine      not reachable at {NOWHERE}",
        "Image       unknown",
        f"Auto picks  local: no Docker engine answers at {NOWHERE}: "
        "start dockerd, or set DOCKER_HOST",
    ]


def test_build_without_an_engine_is_one_line_and_exits_3() -> None:
    assert invoke("build", docker_host=NOWHERE) == (
        3,
        "",
        f"Error: no Docker engine answers at {NOWHERE}: start dockerd, or set DOCKER_HOST\n",
    )


def test_build_rejects_an_unknown_route() -> None:
    code, _, stderr = invoke("build", "--route", "magic")
    assert code == 2
    assert "'magic' is not one of 'offline', 'dockerfile'" in stderr


@pytest.mark.docker
def test_status_with_the_image_picks_docker_and_exits_0(docker_required: None) -> None:
    code, stdout, stderr = invoke("status")
    lines = [line.rstrip() for line in stdout.splitlines()]
    assert (code, stderr, len(lines)) == (0, "", 3)
    assert lines[0].startswith("Engine      Docker ")
    assert lines[1].startswith(f"Image       {default_image_name()}: current (")
    assert lines[2].startswith("Auto picks  docker: Docker ")


@pytest.mark.docker
def test_build_offline_as_non_root_is_a_usage_error(
    docker_required: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert invoke("build") == (
        2,
        "",
        "Error: the offline route runs debootstrap, which needs root: "
        "run `sudo judge sandbox build`, or use --route dockerfile\n",
    )
