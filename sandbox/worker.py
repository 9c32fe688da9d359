"""The untrusted worker: loads one candidate file and serves calls over a framed pipe protocol.

This file runs INSIDE the sandbox (stdlib only, Python 3.11, nothing happens at import) and is
also imported by the judge for its framing constants, ``drive_operations`` and the encoding half
of the value codec (sandbox/decoding.py is the other half). Everything the worker sends is
untrusted: candidate code runs in the same interpreter and can rewrite any of it, so the judge
(sandbox/wire.py) validates every reply strictly and never relies on the worker being honest.

Invocation contract (both backends)
-----------------------------------
    python3 -I -S worker.py [--connect SOCKET_PATH] SUBMISSION_PATH

- ``SUBMISSION_PATH``: the candidate's file (readable by the worker). Its basename is the file
  name shown in tracebacks.
- Without ``--connect`` (the local backend), fd 0 carries requests (judge -> worker) and fd 1
  replies (worker -> judge). With it (the Docker backend), the worker connects to the unix
  socket at ``SOCKET_PATH`` before anything else and carries both over that one connection.
  fd 2 may go anywhere (it is only written to if Python itself fails before the worker starts).
- ``/tmp`` must be writable (the worker creates two unnamed capture files there with O_TMPFILE,
  so nothing the candidate plants in /tmp can redirect them).
- The environment may be empty, the working directory read-only.

At start the worker moves the protocol off fds 0-2: it dups fd 0 and fd 1 (or the socket) to
private close-on-exec fds, points fd 0 at /dev/null and fds 1 and 2 at the capture files, so the
candidate's print(), input() and os.write(1, ...) can never reach the protocol. Then it sends a
READY frame and waits for requests. It exits with status 0 when the request channel reaches EOF.

Framing: every message is a 4-byte big-endian length followed by that many bytes. Requests
(judge -> worker) are the judge's own values, so they travel in ``marshal`` format version 4,
which every Python from 3.4 on reads: exact types, no tagging, a tenth of JSON's cost each way.
Replies are untrusted, so they are UTF-8 JSON the judge checks key by key (ASCII in practice:
``ensure_ascii`` keeps lone surrogates representable); the judge never unmarshals.

Requests (marshalled tuples):
    first (exactly once):             ("load", id: int, output_bytes: int)
    any number of times after a load: ("call", id: int, task: str, args: tuple, is_class: bool,
                                       timed: bool, in_place: tuple of int)
Replies (JSON objects with every key present, but for the hot path's call replies: arrays, a
third cheaper to encode and decode, their fields in CALL_REPLY_FIELDS order):
    once at start, before any request:
        {"ready": PROTOCOL_VERSION, "python": "3.11.2"}
    to a load:
        {"id": int, "outcome": str, "status": str,
         "definitions": [[name, kind, [param, ...], variadic: bool], ...],
         "error": ERROR, "stdout": str, "stderr": str, "detail": str}
    to a call:
        [id: int, outcome: str, value: VALUE, error: ERROR, stdout: str, stderr: str,
         detail: str]
    ERROR is null or {"type": str, "message": str, "traceback": [str, ...]}; the traceback holds
    only the formatted frames of the candidate's own file.

    outcome (load): "ok" (status "ok"), "raised" (status syntax_error / import_error /
        crashed_at_import, error set; syntax_error includes a RecursionError from the compiler:
        a file nested too deeply to compile), "crashed" (SystemExit/KeyboardInterrupt at
        import), "memory_exceeded" (MemoryError at import).
    outcome (call): "ok" (value set), "raised" (error set), "memory_exceeded" (MemoryError),
        "crashed" (SystemExit/KeyboardInterrupt/GeneratorExit escaped the call; detail says which,
        e.g. "called sys.exit(3)"; the worker keeps serving), "output_exceeded" (captured
        stdout or stderr exceeded output_bytes, or the returned value is too large or too deep to
        carry: see MAX_VALUE_COST / MAX_DEPTH), "protocol_violation" (malformed request).
    Either op: "crashed" also when the worker itself fails after the candidate's code ran (the
    code used up every file descriptor, say); detail says what the code did.
    A call with is_class drives the class: args is (constructor_args, operations) as in
    ``drive_operations``. A timed call is a batch: args is a tuple of argument tuples, each run
    once in order, and value is the tuple of their answers. A call with in_place positions (an
    in-place task) answers the tuple of the return value and the arguments at those positions as
    the call left them, encoded and capped as any value is. The worker reads no clock: the judge
    times the batch from outside the sandbox, where the candidate cannot reach. stdout/stderr
    hold at most output_bytes bytes each (decoded as UTF-8 with replacement); the capture is
    emptied after every request. Too much output outranks the call's own outcome.

VALUE, a call's returned value (type-tagged JSON; exact types only, so a subclass with a rigged
__eq__ is opaque; a container referenced twice is written out twice, and costs twice):
    None -> null, bool -> true/false, str -> "...", list -> [...],
    int  -> a JSON number when |n| < 2**53, else {"i": hex(n)} (hex: no 4300-digit limit),
    float -> {"f": float.hex()} ("nan", "inf", "-inf" included),
    tuple -> {"t": [...]}, dict -> {"d": [[key, value], ...]} (the judge takes a dict with more
    than sandbox/decoding.py's MAX_KEYS_PER_HASH keys of one hash as output_exceeded),
    anything else -> {"o": type name}  (the judge decodes it to sandbox.base.Opaque).
"""

from __future__ import annotations

import errno
import json
import marshal
import os
import sys
import time

PROTOCOL_VERSION = 4  # 4: in-place calls send their mutated arguments back
MARSHAL_VERSION = 4  # requests; see the module docstring
HEADER_BYTES = 4
CALL_REPLY_FIELDS = ("id", "outcome", "value", "error", "stdout", "stderr", "detail")
# A returned value costs one unit per node plus its length for strings (a quarter of the bit
# length for ints): bounds the work and memory of encoding a huge or self-referential value.
MAX_VALUE_COST = 4_000_000
MAX_DEPTH = 100
EXACT_INT_LIMIT = 2**53
# Tracebacks keep the first and last frames of the candidate's file; messages are cut.
_TRACEBACK_EDGE = 10
_MESSAGE_CHARS = 2000
_DEVNULL = "/dev/null"
_CAPTURE_DIR = "/tmp"


def max_reply_bytes(output_bytes: int) -> int:
    """The largest reply frame an honest worker sends for this output cap (the judge's read cap).

    Worst case per captured character is a 6-byte JSON escape; the value is bounded separately.
    """
    return 16 * 1024 * 1024 + 2 * 6 * (output_bytes + 1) + 64 * 1024


class _BadRequest(Exception):
    """The judge's request is malformed: the judge's bug, reported as a protocol violation."""


class ValueTooLarge(Exception):
    """A value exceeds MAX_VALUE_COST or MAX_DEPTH; the message says which."""


# --------------------------------------------------------------------------------------------
# The value codec
# --------------------------------------------------------------------------------------------


def encode_value(value: object) -> object:
    """A JSON-able type-tagged form of a returned value; ValueTooLarge past the caps.

    Types the wire does not carry become opaque (their type's name).
    """
    return _Encoder().encode(value, 0)


class _Encoder:
    """One value's encoding: the budget left, and each container already encoded.

    A container reached again (a shared reference: ``x = [x, x]`` ninety times over is 2**90
    leaves in a few hundred bytes) is not walked again: its encoded form is reused and its whole
    cost spent at once, so the budget counts the expanded output, and runs out after as many
    steps as there are distinct containers, not leaves.
    """

    def __init__(self) -> None:
        self.budget = MAX_VALUE_COST
        # id -> (the container, its encoded form, its cost, its height). Holding the container
        # keeps its id from being reused; no candidate code runs while encoding exact types.
        self.done: dict[int, tuple[object, object, int, int]] = {}
        self.deepest = 0

    def spend(self, cost: int) -> None:
        """Take ``cost`` from the budget; ValueTooLarge once it is spent."""
        self.budget -= cost
        if self.budget < 0:
            raise ValueTooLarge(
                f"the value is larger than the wire carries ({MAX_VALUE_COST:,} units)"
            )

    def encode(self, value: object, depth: int) -> object:
        """``value`` encoded at ``depth`` containers deep."""
        kind = type(value)
        if value is None or kind is bool or kind is str:
            if kind is str:
                self.spend(len(value) + 1)  # type: ignore[arg-type]
            return value
        if kind is int:
            if -EXACT_INT_LIMIT < value < EXACT_INT_LIMIT:  # type: ignore[operator]
                self.spend(1)
                return value
            self.spend(value.bit_length() // 4 + 1)  # type: ignore[attr-defined]
            return {"i": hex(value)}  # type: ignore[arg-type]
        if kind is float:
            self.spend(1)
            return {"f": value.hex()}  # type: ignore[attr-defined]
        if kind is list or kind is tuple or kind is dict:
            seen = self.done.get(id(value))
            if seen is not None:
                _, encoded, cost, height = seen
                self._check_depth(depth + height - 1)
                self.deepest = max(self.deepest, depth + height)
                self.spend(cost)
                return encoded
            self._check_depth(depth)
            outer_deepest, self.deepest = self.deepest, depth + 1
            before = self.budget
            encoded = self._container(value, kind, depth + 1)
            height = self.deepest - depth
            self.done[id(value)] = (value, encoded, before - self.budget, height)
            self.deepest = max(outer_deepest, self.deepest)
            return encoded
        self.spend(1)
        return {"o": _type_name(value)}

    @staticmethod
    def _check_depth(depth: int) -> None:
        if depth >= MAX_DEPTH:
            raise ValueTooLarge(f"the value is nested deeper than {MAX_DEPTH} levels")

    def _container(self, value, kind: type, depth: int) -> object:  # type: ignore[no-untyped-def]
        """A list, tuple or dict's encoded form, its items at ``depth``."""
        self.spend(len(value) + 1)
        text_cost = None if kind is dict else untagged_cost(value)
        if text_cost is not None:
            self.spend(text_cost)
            items = list(value)
            return items if kind is list else {"t": items}
        if kind is dict:
            pairs = [[self.encode(k, depth), self.encode(v, depth)] for k, v in value.items()]
            return {"d": pairs}
        items = [self.encode(item, depth) for item in value]
        return items if kind is list else {"t": items}


_UNTAGGED_TYPES = frozenset({str, int, bool, type(None)})


def untagged_cost(items: list | tuple) -> int | None:  # type: ignore[type-arg]
    """None unless every item is a scalar JSON carries untagged; then its strings' length.

    Checked at C speed (set, map, min, max): large inputs and answers are mostly such lists.
    """
    types = set(map(type, items))
    if not types <= _UNTAGGED_TYPES:
        return None
    if int in types:
        ints = items if types <= {int, bool} else [item for item in items if type(item) is int]
        if not (min(ints) > -EXACT_INT_LIMIT and max(ints) < EXACT_INT_LIMIT):
            return None
    if str not in types:
        return 0
    texts = items if len(types) == 1 else [item for item in items if type(item) is str]
    return sum(map(len, texts))


def _type_name(value: object) -> str:
    """The type's plain name, read without running the candidate's code (no __class__ lookup)."""
    name = type.__dict__["__name__"].__get__(type(value))
    return name if isinstance(name, str) else "object"


# --------------------------------------------------------------------------------------------
# Framing
# --------------------------------------------------------------------------------------------


# One encoder for every frame: json.dumps with options builds a new one per call.
_FRAME_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def encode_frame(message: object) -> bytes:
    """One reply frame: 4-byte big-endian length, then the message as ASCII JSON."""
    return _framed(_FRAME_ENCODER.encode(message).encode("ascii"))


def encode_request(request: tuple) -> bytes:  # type: ignore[type-arg]
    """One request frame (the judge's side): 4-byte big-endian length, then the marshalled tuple.

    ValueError for a value marshal cannot carry.
    """
    return _framed(marshal.dumps(request, MARSHAL_VERSION))


def _framed(payload: bytes) -> bytes:
    return len(payload).to_bytes(HEADER_BYTES, "big") + payload


class _FrameReader:
    """Reads whole frames from a blocking fd, usually with one read() per request."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()

    def next_frame(self) -> bytes | None:
        """The next frame's payload, or None at EOF."""
        while True:
            if len(self.buffer) >= HEADER_BYTES:
                end = HEADER_BYTES + int.from_bytes(self.buffer[:HEADER_BYTES], "big")
                if len(self.buffer) >= end:
                    payload = bytes(self.buffer[HEADER_BYTES:end])
                    del self.buffer[:end]
                    return payload
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return None
            self.buffer += chunk


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


# --------------------------------------------------------------------------------------------
# Driving candidate code (also used by the judge for reference classes)
# --------------------------------------------------------------------------------------------


def drive_operations(cls, constructor_args, operations) -> list:  # type: ignore[no-untyped-def]
    """Instantiate ``cls`` and call each (method, args) in order; the list of return values."""
    instance = cls(*constructor_args)
    return [getattr(instance, method)(*args) for method, args in operations]


def in_place_answer(function, args: tuple, positions: tuple) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    """Call ``function`` on ``args``; its return value, then the arguments at ``positions`` as
    the call left them (an in-place task's answer)."""
    value = function(*args)
    return (value, *[args[position] for position in positions])


# --------------------------------------------------------------------------------------------
# The worker
# --------------------------------------------------------------------------------------------


class _Capture:
    """An unnamed file fds 1 or 2 point at; read back (capped) and emptied after every request."""

    def __init__(self, target_fd: int) -> None:
        self.target_fd = target_fd
        self.fd = _open_unnamed_file()
        os.dup2(self.fd, target_fd)

    def take(self, cap: int) -> tuple[str, bool]:
        """The captured text (at most ``cap`` bytes) and whether there was more."""
        try:
            # The size (one cheap syscall per call); fd 1/2 shares the capture's description.
            size = os.lseek(self.target_fd, 0, os.SEEK_END)
        except OSError:
            # The candidate closed fd 1/2, or put a pipe there: point it back at the capture.
            os.dup2(self.fd, self.target_fd)
            size = os.lseek(self.fd, 0, os.SEEK_END)
        if size == 0:
            return "", False
        data = os.pread(self.fd, cap + 1, 0)
        os.ftruncate(self.fd, 0)
        return data[:cap].decode("utf-8", "replace"), len(data) > cap


def _connect(socket_path: str) -> int:
    """A close-on-exec fd above 2 connected to the judge's unix socket."""
    import fcntl
    import socket

    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(socket_path)
        # Above 2 even if the engine started the worker with fd 0, 1 or 2 closed.
        return fcntl.fcntl(connection.fileno(), fcntl.F_DUPFD_CLOEXEC, 3)
    finally:
        connection.close()


def _open_unnamed_file() -> int:
    flags = os.O_RDWR | os.O_APPEND | os.O_CLOEXEC
    try:
        return os.open(_CAPTURE_DIR, flags | os.O_TMPFILE, 0o600)
    except (AttributeError, OSError):
        # No O_TMPFILE here: a fresh name, never following a planted link, unlinked at once.
        path = os.path.join(_CAPTURE_DIR, f".capture-{os.getpid()}-{time.monotonic_ns()}")
        fd = os.open(path, flags | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.unlink(path)
        return fd


class _Worker:
    """The request loop: owns the protocol fds, the captures and the candidate's namespace."""

    def __init__(self, submission_path: str, socket_path: str | None = None) -> None:
        self.submission_path = submission_path
        self.filename = os.path.basename(submission_path)
        self.namespace: dict[str, object] | None = None
        self.output_bytes = 0
        # Private copies of the protocol channel: fds 0-2 become the candidate's.
        if socket_path is None:
            self.requests = os.dup(0)
            self.replies = os.dup(1)
        else:
            # One fd for both ways: closing it is then a closed channel the judge sees at once.
            self.requests = self.replies = _connect(socket_path)
        null_fd = os.open(_DEVNULL, os.O_RDONLY)
        os.dup2(null_fd, 0)
        os.close(null_fd)
        self.stdout = _Capture(1)
        self.stderr = _Capture(2)

    def serve(self) -> None:
        """Send READY, then answer requests until the channel reaches EOF."""
        version = ".".join(str(part) for part in sys.version_info[:3])
        _write_all(self.replies, encode_frame({"ready": PROTOCOL_VERSION, "python": version}))
        requests = _FrameReader(self.requests)
        while (body := requests.next_frame()) is not None:
            _write_all(self.replies, self._answer(body))

    def _answer(self, body: bytes) -> bytes:
        request_id, op = -1, "call"
        try:
            try:
                request = marshal.loads(body)
                op, number = request[0], request[1]
                if type(number) is not int:
                    raise ValueError(f"a request id that is not an int: {number!r:.40}")
                request_id = number
                if op == "load" and self.namespace is None:
                    _, _, output_bytes = request
                    self.output_bytes = int(output_bytes)
                elif op == "call" and self.namespace is not None:
                    _, _, task, args, is_class, timed, in_place = request
                else:
                    raise ValueError(f"unexpected request {op!r}")
            except MemoryError:
                raise
            except Exception as exc:
                raise _BadRequest(f"{exc!r:.200}") from None
            if op == "load":
                reply = self._load()
            else:
                reply = self._call(task, args, is_class, timed, in_place)
        except MemoryError:
            reply = self._finish("memory_exceeded", detail="MemoryError")
        except _BadRequest as exc:  # a malformed request: the judge's bug, reported as data
            reply = self._finish("protocol_violation", detail=f"bad request: {exc}")
        except Exception as exc:  # the worker failed after the candidate's code ran: its doing
            reply = self._finish("crashed", detail=_broken_worker_detail(exc))
        shape = _LOAD_DEFAULTS if op == "load" else _CALL_DEFAULTS
        reply = {**shape, **reply, "id": request_id}
        try:
            frame = _reply_frame(op, reply)
        except MemoryError:
            frame = b""
        if not frame or len(frame) > max_reply_bytes(self.output_bytes):
            outcome, detail = (
                ("memory_exceeded", "MemoryError while replying")
                if not frame
                else ("output_exceeded", "the reply is too large to carry")
            )
            bare = {**reply, **shape, "outcome": outcome, "detail": detail}
            frame = _reply_frame(op, {**bare, "stdout": "", "stderr": "", "error": None})
        return frame

    def _finish(self, outcome: str, **fields: object) -> dict:
        """Complete a reply: flush and collect the captures (output over the cap wins)."""
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:  # noqa: SIM105 - cheaper than contextlib.suppress, and this runs per call
                stream.flush()  # type: ignore[union-attr]
            except BaseException:  # a closed or replaced stream is the candidate's business
                pass
        stdout, stdout_over = self.stdout.take(self.output_bytes)
        stderr, stderr_over = self.stderr.take(self.output_bytes)
        reply = {"error": None, "detail": "", **fields}
        if stdout_over or stderr_over:
            # Too much output outranks whatever the code returned or raised (often EFBIG).
            which = "stdout" if stdout_over else "stderr"
            outcome = "output_exceeded"
            reply.update(error=None, detail=f"wrote more than {self.output_bytes} bytes to {which}")
            if "value" in reply:
                reply["value"] = None
        reply.update(outcome=outcome, stdout=stdout, stderr=stderr)
        return reply

    # ---- load ---------------------------------------------------------------------------

    def _load(self) -> dict:
        import linecache
        import types

        with open(self.submission_path, "rb") as handle:
            source = handle.read()
        text = source.decode("utf-8", "replace")
        # Tracebacks show the candidate's lines without reading the file again.
        linecache.cache[self.filename] = (len(text), None, text.splitlines(True), self.filename)
        # A fixed module name: a file called json.py must not shadow the worker's own imports.
        module = types.ModuleType("solution")
        module.__file__ = self.filename
        namespace = module.__dict__
        sys.modules[module.__name__] = module  # dataclasses and pickle look classes up here
        fields: dict[str, object] = {"definitions": [], "status": "crashed_at_import"}
        try:
            code = compile(source, self.filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError) as exc:
            # RecursionError: nested too deeply for the compiler (3000 unary minuses in a row)
            fields.update(status="syntax_error", error=self._syntax_error(exc))
            return self._finish("raised", **fields)
        # What the worker needs once the candidate's code has run, imported before it runs: a
        # file that uses up every file descriptor must not leave the worker unable to import.
        import inspect  # noqa: F401
        import traceback  # noqa: F401

        _install_exit_builtins()
        try:
            exec(code, namespace)
        except MemoryError:
            return self._finish("memory_exceeded", detail="MemoryError at import", **fields)
        except (SystemExit, KeyboardInterrupt, GeneratorExit) as exc:
            return self._finish("crashed", detail=_exit_detail(exc) + " at import", **fields)
        except ImportError as exc:
            fields.update(status="import_error", error=self._candidate_error(exc))
            return self._finish("raised", **fields)
        except BaseException as exc:
            fields.update(error=self._candidate_error(exc))
            return self._finish("raised", **fields)
        self.namespace = namespace
        fields.update(status="ok", definitions=_definitions(namespace, module.__name__))
        return self._finish("ok", **fields)

    def _syntax_error(self, exc: SyntaxError | ValueError | RecursionError) -> dict:
        if isinstance(exc, RecursionError):
            message = f"{exc}: the file is nested too deeply for Python to compile"
            return {"type": "RecursionError", "message": message, "traceback": []}
        if not isinstance(exc, SyntaxError):
            return {"type": type(exc).__name__, "message": str(exc), "traceback": []}
        import traceback

        lines = traceback.format_exception_only(type(exc), exc)
        detail = [line.rstrip("\n") for chunk in lines for line in chunk.splitlines()]
        message = f"{exc.msg} (line {exc.lineno})" if exc.lineno else str(exc.msg)
        return {"type": type(exc).__name__, "message": message, "traceback": detail[:-1]}

    def _candidate_error(self, exc: BaseException) -> dict:
        import traceback

        # Walk the frames ourselves: a recursion bomb leaves a million of them. A frame that
        # repeats (same function, same line) is one run, shown once with its count, as CPython
        # shows it; the first and last runs are kept.
        first: list[_FrameRun] = []
        last: list[_FrameRun] = []
        skipped = 0
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            if frame.f_code.co_filename != self.filename:
                continue
            entry = (frame.f_code.co_name, lineno)
            runs = last if last else first
            if runs and runs[-1].entry == entry:
                runs[-1].count += 1
            elif len(first) < _TRACEBACK_EDGE and not last:
                first.append(_FrameRun(entry))
            else:
                last.append(_FrameRun(entry))
                if len(last) > _TRACEBACK_EDGE:
                    skipped += last.pop(0).count
        lines = [line for run in first for line in self._run_lines(run)]
        if skipped:
            lines.append(f"  ... {skipped} more frames ...")
        lines += [line for run in last for line in self._run_lines(run)]
        try:
            message = str(exc)
        except BaseException:  # a rigged __str__
            message = "<the exception's message could not be read>"
        if len(message) > _MESSAGE_CHARS:
            message = message[:_MESSAGE_CHARS] + " ..."
        return {"type": _type_name(exc), "message": message, "traceback": lines}

    def _run_lines(self, run: _FrameRun) -> list[str]:
        lines = self._frame_lines(*run.entry)
        if run.count > 1:
            repeats = run.count - 1
            lines.append(f"  [Previous line repeated {repeats} more time{'s' * (repeats > 1)}]")
        return lines

    def _frame_lines(self, name: str, lineno: int | None) -> list[str]:
        import linecache

        lines = [f'  File "{self.filename}", line {lineno}, in {name}']
        code = linecache.getline(self.filename, lineno or 0).strip()
        if code:
            lines.append(f"    {code[:_MESSAGE_CHARS]}")
        return lines

    # ---- call ---------------------------------------------------------------------------

    def _call(  # type: ignore[type-arg]
        self, task: object, args: object, is_class: object, timed: object, in_place: object
    ) -> dict:
        if type(task) is not str or type(is_class) is not bool or type(timed) is not bool:
            raise _BadRequest("malformed call request")
        if type(in_place) is not tuple or not all(type(p) is int for p in in_place):
            raise _BadRequest("in_place must be a tuple of argument positions")
        if in_place and is_class:
            raise _BadRequest("a class task is never in place")
        if type(args) is not tuple:
            raise _BadRequest("call arguments must be a tuple")
        if timed and not all(type(call) is tuple for call in args):
            raise _BadRequest("a timed batch is a tuple of argument tuples")
        calls = args if timed else (args,)
        if in_place and not all(min(in_place) >= 0 and max(in_place) < len(call) for call in calls):
            raise _BadRequest("an in_place position past the arguments")
        assert self.namespace is not None
        if task not in self.namespace:
            error = {
                "type": "NameError",
                "message": f"{self.filename} does not define {task!r}",
                "traceback": [],
            }
            return self._finish("raised", value=None, error=error)
        target = self.namespace[task]
        value: object = None
        try:
            if timed:
                value = tuple([_run(target, call, is_class, in_place) for call in args])
            else:
                value = _run(target, args, is_class, in_place)
        except MemoryError:
            value = None  # let the candidate's memory go before replying
            return self._finish("memory_exceeded", value=None, detail="MemoryError")
        except (SystemExit, KeyboardInterrupt, GeneratorExit) as exc:
            return self._finish("crashed", value=None, detail=_exit_detail(exc))
        except BaseException as exc:
            error = self._candidate_error(exc)
            return self._finish("raised", value=None, error=error)
        try:
            encoded = encode_value(value)
        except ValueTooLarge as exc:
            return self._finish("output_exceeded", value=None, detail=str(exc))
        except RecursionError:
            return self._finish(
                "output_exceeded", value=None, detail="the value is nested too deep"
            )
        return self._finish("ok", value=encoded)


class _FrameRun:
    """Consecutive traceback frames at one function and line: a recursion's repeats."""

    __slots__ = ("count", "entry")

    def __init__(self, entry: tuple[str, int | None]) -> None:
        self.entry = entry
        self.count = 1


def _reply_frame(op: str, reply: dict) -> bytes:  # type: ignore[type-arg]
    """A load reply as its JSON object; any other as a call reply's array."""
    if op == "load":
        return encode_frame(reply)
    return encode_frame([reply[field] for field in CALL_REPLY_FIELDS])


def _run(target, args: tuple, is_class: bool, in_place: tuple) -> object:  # type: ignore[no-untyped-def,type-arg]
    """One call of the candidate's function, or one drive of its class."""
    if is_class:
        return drive_operations(target, *args)
    if in_place:
        return in_place_answer(target, args, in_place)
    return target(*args)


_LOAD_DEFAULTS = {"status": "crashed_at_import", "definitions": []}
_CALL_DEFAULTS = {"value": None}


def _install_exit_builtins() -> None:
    """exit() and quit(), which `-S` leaves out (site.py adds them): as in any script they end
    the program, here reported as the worker ending, not as a NameError about a missing name."""
    import builtins

    def leave(code: object = None) -> None:
        raise SystemExit(code)

    builtins.exit = builtins.quit = leave  # type: ignore[assignment]


def _broken_worker_detail(exc: Exception) -> str:
    """What the candidate's code did to the worker, when the worker fails after it ran."""
    if isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE):
        return "the code used up every file descriptor, so the worker could not reply"
    if isinstance(exc, RecursionError):
        return "the code left the stack too deep for the worker to reply"
    return f"the code left the worker unable to reply: {exc!r:.200}"


def _exit_detail(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        code = exc.code
        shown = repr(code) if code is None or type(code) in (int, str) else _type_name(code)
        return f"called sys.exit({shown})"
    return f"raised {_type_name(exc)}"


def _definitions(namespace: dict[str, object], module_name: str) -> list[list[object]]:
    """Top-level callables the candidate's file binds, defined there or imported, with their
    parameter names and whether the signature takes any number of arguments.

    An imported callable counts: ``from math import gcd`` binds ``gcd`` as surely as a ``def``.
    A signature that is variadic (``math.gcd(*integers)``) or cannot be read (rigged, or a
    builtin without one) leaves the number of arguments to the call itself.
    """
    import inspect

    found: list[list[object]] = []
    for name, obj in list(namespace.items()):
        if name.startswith("__"):
            continue
        try:
            if not callable(obj):
                continue
            kind = "class" if isinstance(obj, type) else "function"
            parameters = list(inspect.signature(obj).parameters.values())
            params = [p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
            variadic = any(p.kind is p.VAR_POSITIONAL for p in parameters)
        except Exception:  # a signature the candidate rigged or that cannot be read
            kind, params, variadic = ("class" if isinstance(obj, type) else "function"), [], True
        if all(type(p) is str for p in params):
            found.append([name, kind, params, variadic])
    return found


def main(argv: list[str]) -> int:
    """Serve one submission; the exit status is 0 when the judge closes the channel."""
    if len(argv) == 4 and argv[1] == "--connect":
        _Worker(argv[3], socket_path=argv[2]).serve()
    elif len(argv) == 2:
        _Worker(argv[1]).serve()
    else:
        os.write(2, b"usage: python3 -I -S worker.py [--connect SOCKET_PATH] SUBMISSION_PATH\n")
        return 2
    return 0


if __name__ == "__main__":
    # os._exit: never wait for threads the candidate left running.
    os._exit(main(sys.argv))
