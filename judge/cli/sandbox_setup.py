"""`judge sandbox`: build the Docker sandbox's image, say which backend auto picks, and remove
the containers of judge processes that are gone."""

from __future__ import annotations

from typing import Annotated

import typer

from judge.cli.options import ImageOption, fail, settings_given
from judge.errors import JudgeError
from judge.sandboxes import mapped_errors
from sandbox.base import SandboxKind
from sandbox.choice import choose_backend
from sandbox.docker.image import BuildRoute, ImageState, build_image

sandbox_app = typer.Typer(no_args_is_help=True, help="Build and inspect the sandbox.")


@sandbox_app.command("build")
def sandbox_build(
    route: Annotated[
        BuildRoute,
        typer.Option(
            help="offline: debootstrap Debian from the host's apt mirror (needs root and "
            "debootstrap, no registry); dockerfile: build sandbox/docker/Dockerfile (pulls "
            "python:3.11-slim).",
            case_sensitive=False,
        ),
    ] = BuildRoute.OFFLINE,
    mirror: Annotated[
        str | None,
        typer.Option(help="Debian mirror for the offline route. Default: the host's apt sources."),
    ] = None,
    image: ImageOption = None,
) -> None:
    """Build the image the Docker sandbox runs candidate code in."""
    # Imported here: only the sandbox commands and the Docker backend need the docker SDK.
    from judge.reports.terminal import sandbox_setup
    from judge.reports.terminal.consoles import consoles
    from sandbox.docker.backend import Engine

    console, err_console = consoles()
    try:
        name = settings_given(image=image).image.value
        with mapped_errors(), Engine.connect() as engine:
            built = build_image(
                engine,
                route,
                lambda step: sandbox_setup.build_step(err_console, step),
                name=name,
                mirror=mirror,
            )
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    sandbox_setup.image_built(console, built)


@sandbox_app.command("status")
def sandbox_status(image: ImageOption = None) -> None:
    """Say which sandbox --sandbox auto picks here, and why.

    Exits 0 when an engine answers and the image is current, 3 otherwise.
    """
    from judge.reports.terminal import sandbox_setup
    from judge.reports.terminal.consoles import consoles
    from sandbox.docker.backend import docker_status

    console, err_console = consoles()
    try:
        name = settings_given(image=image).image.value
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    status = docker_status(image=name)
    strays = _count_strays() if status.engine_version is not None else None
    choice = choose_backend(SandboxKind.AUTO, name)
    sandbox_setup.sandbox_status(console, status, choice, strays)
    current = status.image is not None and status.image.state is ImageState.CURRENT
    raise typer.Exit(0 if current else 3)


@sandbox_app.command("clean")
def sandbox_clean() -> None:
    """Remove the sandbox containers of judge processes that are gone.

    A judge that was killed, or whose removal failed after it exited, leaves its containers.

    Containers of running judges are kept.
    """
    from judge.reports.terminal import sandbox_setup
    from judge.reports.terminal.consoles import consoles
    from sandbox.docker.backend import Engine

    console, err_console = consoles()
    try:
        with mapped_errors(), Engine.connect() as engine:
            strays = engine.stray_containers()
            for container_id in strays:
                engine.remove_container(container_id)
    except JudgeError as exc:
        raise fail(err_console, exc) from None
    sandbox_setup.strays_removed(console, len(strays))


def _count_strays() -> int | None:
    """How many containers judge processes that are gone left; None when the engine will not say."""
    from sandbox.docker.backend import Engine

    try:
        with mapped_errors(), Engine.connect() as engine:
            return len(engine.stray_containers())
    except JudgeError:
        return None
