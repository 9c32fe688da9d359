"""Finish a merge of a helper branch into the house layout. Run from the repo root during the merge.

argv: extra moves old=new for modules the branch added at old paths (e.g. sandbox.local_cgroup=sandbox.local.cgroup)
"""
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, ".house")
from restructure import path_of  # noqa: E402
import sandbox_errors  # noqa: E402

extra = dict(arg.split("=") for arg in sys.argv[1:])
out = subprocess.run(["git", "diff", "--name-only", "--diff-filter=U"], capture_output=True, text=True).stdout.split()
for name in out:
    subprocess.run(["git", "checkout", "--theirs", "--", name], check=True)
    print("took theirs:", name)
for old, new in extra.items():
    src, dst = path_of(old), path_of(new)
    if src.exists():
        dst.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "mv", str(src), str(dst)], check=True)
        print("moved", src, "->", dst)
subprocess.run([sys.executable, ".house/rewrite_imports.py", *sys.argv[1:]], check=True)
for path in [*Path("sandbox").glob("**/*.py"), *Path("tests/sandbox").glob("*.py")]:
    if path.name != "errors.py":
        sandbox_errors.rewrite(path)
b = Path("sandbox/docker/backend.py")
s = b.read_text()
rec = re.search(r'@dataclass\(frozen=True, slots=True\)\nclass ImageRecord:\n(?:.*\n)*?\n\n', s)
if rec:
    s = s.replace(rec.group(0), "")
    if "    ImageRecord,\n" not in s:
        s = s.replace("from sandbox.docker.image import (\n", "from sandbox.docker.image import (\n    ImageRecord,\n", 1)
    b.write_text(s)
    print("ImageRecord taken from image.py")
for path in Path("judge").rglob("*.py"):
    if path.name == "sandboxes.py":
        continue
    t = path.read_text()
    n = t.replace("from sandbox.choice import open_sandbox", "from judge.sandboxes import open_sandbox")
    n = n.replace("from sandbox.choice import default_kind", "from judge.sandboxes import default_kind")
    if n != t:
        path.write_text(n)
subprocess.run(["ruff", "check", "--fix", "-q", "."])
subprocess.run(["ruff", "format", "-q", "."])
subprocess.run(["git", "add", "-A"], check=True)
subprocess.run(["ruff", "check", ".", "--output-format", "concise"])
