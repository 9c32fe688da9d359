"""The sandbox commands: which backend `--sandbox auto` picks, and the image being built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sandbox.choice import BackendChoice
from sandbox.docker.image import ImageState, ImageStatus

if TYPE_CHECKING:
    from sandbox.docker.backend import DockerStatus


def sandbox_status(
    console: Console, status: DockerStatus, choice: BackendChoice, strays: int | None
) -> None:
    """Engine, image and the backend `--sandbox auto` picks, one labelled line each; and the
    containers of judge processes that are gone, if there are any."""
    if status.engine_version is None:
        engine = Text(f"not reachable at {status.address}", style="red")
    else:
        engine = Text(f"Docker {status.engine_version} at {status.address}", style="green")
    image = Text("unknown", style="dim") if status.image is None else _image_text(status.image)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Engine", engine)
    table.add_row("Image", image)
    table.add_row("Auto picks", Text(choice.reason))  # the reason starts with the kind
    if strays:
        left = f"{_strays(strays)}: run `judge sandbox clean`"
        table.add_row("Left behind", Text(left, style="yellow"))
    console.print(table)


def strays_removed(console: Console, count: int) -> None:
    """What `judge sandbox clean` removed."""
    if count:
        console.print(f"Removed {_strays(count)}.")
    else:
        console.print("Nothing to remove: no container of a judge process that is gone.")


def _strays(count: int) -> str:
    """How many containers judge processes that are gone left, in words (one is singular)."""
    noun = "container" if count == 1 else "containers"
    return f"{count} {noun} of judge processes that are gone"


def build_step(console: Console, step: str) -> None:
    """One line of progress while the sandbox image builds."""
    console.print(Text(f"... {step}", style="dim"), soft_wrap=True)


def image_built(console: Console, status: ImageStatus) -> None:
    """The image a build produced."""
    console.print(Text("Built ", style="bold green") + _image_text(status), soft_wrap=True)


def _image_text(status: ImageStatus) -> Text:
    styles = {ImageState.CURRENT: "green", ImageState.STALE: "yellow", ImageState.MISSING: "red"}
    text = Text(f"{status.name}: ") + Text(status.state.value, style=styles[status.state])
    if status.state is ImageState.STALE:
        text.append(" (run `judge sandbox build`)")
    elif status.state is ImageState.CURRENT and status.route is not None:
        text.append(f" ({status.route.value} route, recipe {status.recipe})")
    return text
