"""A throwaway one-file image, imported the way the offline route imports its root filesystem."""

from __future__ import annotations

import contextlib
import io
import tarfile
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

from sandbox.docker.backend import Engine


@contextlib.contextmanager
def tiny_image(engine: Engine, workdir: Path, labels: Mapping[str, str]) -> Iterator[str]:
    """Import an image holding one file under a unique name; remove it (and its tag) after."""
    name = f"judge-sandbox-test:{uuid.uuid4().hex[:12]}"
    tarball = workdir / f"{uuid.uuid4().hex}.tar"
    with tarfile.open(tarball, "w") as tar:
        info = tarfile.TarInfo("marker")
        payload = tarball.name.encode()  # distinct content: a distinct image each time
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    engine.import_rootfs(tarball, name, [f"LABEL {key}={value}" for key, value in labels.items()])
    record = engine.find_image(name)
    assert record is not None
    try:
        yield name
    finally:
        engine.remove_image(record.id)
