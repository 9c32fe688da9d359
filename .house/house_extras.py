"""After restructure.py and sandbox_errors.py: the boundary module, layer test, docs, version, image Protocol."""
import shutil
import subprocess
from pathlib import Path

H = Path(".house/house_files")
shutil.copy(H / "judge/sandboxes.py", "judge/sandboxes.py")
shutil.copy(H / "tests/test_layers.py", "tests/test_layers.py")
shutil.copy(H / "docs/architecture.md", "docs/architecture.md")
shutil.copy(H / "docs/architecture.mmd", "docs/architecture.mmd")
shutil.copy(H / "sandbox_init.py", "sandbox/__init__.py")
shutil.copy(H / "judge_init.py", "judge/__init__.py")
b = Path("sandbox/docker/backend.py"); s = b.read_text()
rec = '''@dataclass(frozen=True, slots=True)
class ImageRecord:
    """An image the engine holds: its id and its labels."""

    id: str
    labels: Mapping[str, str]


'''
assert rec in s
s = s.replace(rec, "").replace("from sandbox.docker.image import (\n", "from sandbox.docker.image import (\n    ImageRecord,\n", 1)
b.write_text(s)
i = Path("sandbox/docker/image.py"); t = i.read_text()
t = t.replace("from typing import TYPE_CHECKING\n", "from typing import Protocol\n")
t = t.replace("if TYPE_CHECKING:\n    from sandbox.docker.backend import Engine\n", "")
t = t.replace("from collections.abc import Callable, Mapping\n", "from collections.abc import Callable, Mapping, Sequence\n")
t = t.replace("import judge\n", "import sandbox\n").replace("judge.__version__", "sandbox.__version__")
anchor = 'IMAGE_REPOSITORY = "judge-sandbox"'
t = t.replace(anchor, '''@dataclass(frozen=True, slots=True)
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


''' + anchor, 1)
i.write_text(t)
p = Path("pyproject.toml"); s = p.read_text()
s = s.replace('version = { attr = "judge.__version__" }', 'version = { attr = "sandbox.__version__" }')
s = s.replace('dynamic = ["version"]  # judge.__version__', 'dynamic = ["version"]  # sandbox.__version__')
p.write_text(s)
for path in Path("judge").rglob("*.py"):
    if path.name == "sandboxes.py":
        continue
    text = path.read_text()
    new = text.replace("from sandbox.choice import open_sandbox", "from judge.sandboxes import open_sandbox")
    if new != text:
        path.write_text(new)
subprocess.run(["git", "add", "-A", "judge", "sandbox", "tests", "docs", "pyproject.toml"], check=True)
