"""The JSON-lines protocol: request parsing and validation, response shapes (pure Python).

Every request is one JSON object on one line; every response is one JSON object on one line.
The full specification, with every field and default, is in ``worker/README.md``; this module
is its executable form. Unknown fields are refused (a typo must not silently fall back to a
default).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from . import artifacts

KINDS = ("evaluate", "ping", "shutdown")
BASELINES = ("eager", "compile")
#: ``candidate.format``: Python defining ModelNew around load_inline extensions, or a raw kernel
#: (a cubin and its launch plan; the worker wraps it in a ModelNew built from the problem's Model).
CANDIDATE_FORMATS = ("load_inline", "raw_kernel")
MIN_TRIALS = 5


class ProtocolError(ValueError):
    """A request that cannot be executed: answered with ``kind: "error"`` and never crashes the worker."""

    def __init__(self, message: str, request_id: Optional[str] = None, code: str = "invalid_request"):
        super().__init__(message)
        self.message = message
        self.request_id = request_id
        self.code = code


@dataclass(frozen=True)
class Artifact:
    """A prebuilt extension for one ``load_inline``/``load`` name."""

    kind: str
    path: str
    digest: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "path": self.path, "digest": self.digest}


@dataclass(frozen=True)
class CorrectnessOptions:
    trials: int = MIN_TRIALS
    extra_distributions: bool = True
    atol: Optional[float] = None
    rtol: Optional[float] = None


@dataclass(frozen=True)
class TimingOptions:
    enabled: bool = True
    warmup: int = 3
    min_iters: int = 10
    max_iters: int = 1000
    target_rse: float = 0.01
    max_seconds: float = 10.0
    l2_flush_bytes: Optional[int] = None
    rechecks: int = 3
    baselines: tuple[str, ...] = BASELINES


@dataclass(frozen=True)
class CheckOptions:
    profiler: bool = True
    min_own_kernel_share: float = 0.5
    suspicious_speedup: float = 10.0
    extra_trials_if_suspicious: int = 10


@dataclass(frozen=True)
class Timeouts:
    """Seconds per stage of the child; ``total_s`` bounds the whole evaluation."""

    total_s: float = 900.0
    start_s: float = 120.0
    problem_s: float = 120.0
    baseline_s: float = 600.0
    load_s: float = 120.0
    correctness_s: float = 180.0
    checks_s: float = 120.0
    profile_s: float = 120.0
    timing_s: float = 240.0
    reverify_s: float = 240.0

    def for_stage(self, stage: str) -> float:
        """The limit for a stage name reported by the child (unknown stages get ``total_s``)."""
        value = getattr(self, f"{stage}_s", None)
        return float(value) if isinstance(value, (int, float)) else self.total_s


@dataclass(frozen=True)
class EvaluateRequest:
    id: str
    problem_source: str
    candidate_source: str
    problem_name: Optional[str] = None
    candidate_name: Optional[str] = None
    candidate_format: str = "load_inline"
    artifacts: Mapping[str, Artifact] = field(default_factory=dict)
    allow_jit: bool = False
    correctness: CorrectnessOptions = CorrectnessOptions()
    timing: TimingOptions = TimingOptions()
    checks: CheckOptions = CheckOptions()
    timeouts: Timeouts = Timeouts()
    fixed_seed: Optional[str] = None
    #: baselines measured earlier for the same problem and timing options on this GPU, passed in
    #: by the caller (the Swift pool shares them across its workers); not measured again
    known_baselines: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    kind: str = "evaluate"


@dataclass(frozen=True)
class PingRequest:
    id: str
    kind: str = "ping"


@dataclass(frozen=True)
class ShutdownRequest:
    id: str
    kind: str = "shutdown"


Request = EvaluateRequest | PingRequest | ShutdownRequest


# MARK: - field readers

class _Reader:
    """Reads typed fields from one JSON object, reporting paths like ``timing.max_iters``."""

    def __init__(self, obj: Mapping[str, Any], path: str, request_id: Optional[str]):
        self.obj = obj
        self.path = path
        self.request_id = request_id
        self.seen: set[str] = set()

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, message: str) -> ProtocolError:
        return ProtocolError(message, self.request_id)

    def _get(self, key: str) -> Any:
        self.seen.add(key)
        return self.obj.get(key)

    def has(self, key: str) -> bool:
        return key in self.obj and self.obj[key] is not None

    def string(self, key: str, *, required: bool = False, allow_empty: bool = False) -> Optional[str]:
        v = self._get(key)
        if v is None:
            if required:
                raise self.fail(f"missing required field {self._where(key)!r}")
            return None
        if not isinstance(v, str):
            raise self.fail(f"{self._where(key)} must be a string")
        if not allow_empty and not v:
            raise self.fail(f"{self._where(key)} must not be empty")
        return v

    def boolean(self, key: str, default: bool) -> bool:
        v = self._get(key)
        if v is None:
            return default
        if not isinstance(v, bool):
            raise self.fail(f"{self._where(key)} must be true or false")
        return v

    def integer(self, key: str, default: Optional[int], *, minimum: int, maximum: int) -> Optional[int]:
        v = self._get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.fail(f"{self._where(key)} must be an integer")
        if not minimum <= v <= maximum:
            raise self.fail(f"{self._where(key)} must be in [{minimum}, {maximum}], got {v}")
        return v

    def number(self, key: str, default: Optional[float], *, minimum: float, maximum: float,
               exclusive_minimum: bool = False) -> Optional[float]:
        v = self._get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise self.fail(f"{self._where(key)} must be a finite number")
        low_ok = v > minimum if exclusive_minimum else v >= minimum
        if not low_ok or v > maximum:
            bound = "(" if exclusive_minimum else "["
            raise self.fail(f"{self._where(key)} must be in {bound}{minimum}, {maximum}], got {v}")
        return float(v)

    def object(self, key: str) -> Optional["_Reader"]:
        v = self._get(key)
        if v is None:
            return None
        if not isinstance(v, dict):
            raise self.fail(f"{self._where(key)} must be an object")
        return _Reader(v, self._where(key), self.request_id)

    def raw(self, key: str) -> Any:
        return self._get(key)

    def done(self) -> None:
        extra = sorted(set(self.obj) - self.seen)
        if extra:
            where = f" in {self.path}" if self.path else ""
            raise self.fail(f"unknown field(s){where}: {', '.join(extra)}")


# MARK: - parsing

def parse_line(line: str) -> Request:
    """Parses one request line; raises :class:`ProtocolError` with the request id when known."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise ProtocolError(f"request is not valid JSON: {e.msg} at column {e.colno}") from None
    if not isinstance(obj, dict):
        raise ProtocolError("request must be a JSON object")
    return parse_request(obj)


def parse_request(obj: Mapping[str, Any]) -> Request:
    """Validates one decoded request object."""
    raw_id = obj.get("id")
    request_id = raw_id if isinstance(raw_id, str) else None
    r = _Reader(obj, "", request_id)
    rid = r.string("id", required=True)
    assert rid is not None
    kind = r.string("kind", required=True)
    if kind == "ping":
        r.done()
        return PingRequest(id=rid)
    if kind == "shutdown":
        r.done()
        return ShutdownRequest(id=rid)
    if kind == "evaluate":
        return _parse_evaluate(r, rid)
    raise r.fail(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")


def _parse_evaluate(r: _Reader, rid: str) -> EvaluateRequest:
    problem = r.object("problem")
    if problem is None:
        raise r.fail("missing required field 'problem'")
    problem_source = problem.string("source", required=True)
    problem_name = problem.string("name")
    problem.done()

    candidate = r.object("candidate")
    if candidate is None:
        raise r.fail("missing required field 'candidate'")
    candidate_source = candidate.string("source", required=True)
    candidate_name = candidate.string("name")
    candidate_format = candidate.string("format") or "load_inline"
    candidate.done()
    if candidate_format not in CANDIDATE_FORMATS:
        raise r.fail(f"candidate.format {candidate_format!r} is unknown; expected one of {', '.join(CANDIDATE_FORMATS)}")

    arts = _parse_artifacts(r)
    raw_arts = sorted(n for n, a in arts.items() if a.kind == artifacts.RAW_KIND)
    if candidate_format == "raw_kernel":
        if list(arts) != [artifacts.RAW_ARTIFACT_NAME] or raw_arts != [artifacts.RAW_ARTIFACT_NAME]:
            raise r.fail(f"a raw_kernel candidate needs exactly one artifact, {artifacts.RAW_ARTIFACT_NAME!r} of kind "
                         f"{artifacts.RAW_KIND!r} (the build directory)")
    elif raw_arts:
        raise r.fail(f"artifacts.{raw_arts[0]}: kind {artifacts.RAW_KIND!r} is only for candidate.format 'raw_kernel'")
    allow_jit = r.boolean("allow_jit", False)
    correctness = _parse_correctness(r.object("correctness"))
    timing = _parse_timing(r.object("timing"))
    checks = _parse_checks(r.object("checks"))
    timeouts = _parse_timeouts(r.object("timeouts"))
    fixed_seed = r.string("fixed_seed")
    known = _parse_known_baselines(r)
    r.done()
    assert problem_source is not None and candidate_source is not None
    return EvaluateRequest(
        id=rid, problem_source=problem_source, candidate_source=candidate_source,
        problem_name=problem_name, candidate_name=candidate_name, candidate_format=candidate_format, artifacts=arts,
        allow_jit=allow_jit, correctness=correctness, timing=timing, checks=checks,
        timeouts=timeouts, fixed_seed=fixed_seed, known_baselines=known,
    )


_STATS_FIELDS = ("n", "median_ms", "mean_ms", "std_ms", "min_ms", "rse", "compile_seconds")


def _parse_known_baselines(r: _Reader) -> dict[str, dict[str, Any]]:
    """``baselines``: {"eager"|"compile": timing stats as a result reports them, or {"error": text}}."""
    raw = r.raw("baselines")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise r.fail("baselines must be an object mapping 'eager'/'compile' to timing stats")
    out: dict[str, dict[str, Any]] = {}
    for name, stats in raw.items():
        where = f"baselines.{name}"
        if name not in BASELINES:
            raise r.fail(f"{where}: unknown baseline; expected one of {', '.join(BASELINES)}")
        if not isinstance(stats, dict):
            raise r.fail(f"{where} must be an object")
        if "error" in stats:
            if set(stats) != {"error"} or not isinstance(stats["error"], str):
                raise r.fail(f"{where}: a failed baseline is exactly {{\"error\": text}}")
        else:
            extra = sorted(set(stats) - set(_STATS_FIELDS))
            if extra:
                raise r.fail(f"unknown field(s) in {where}: {', '.join(extra)}")
            for key, value in stats.items():
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                    raise r.fail(f"{where}.{key} must be a finite number >= 0")
            if not stats.get("median_ms"):
                raise r.fail(f"{where}.median_ms must be > 0")
        out[name] = dict(stats)
    return out


def _parse_artifacts(r: _Reader) -> dict[str, Artifact]:
    raw = r.raw("artifacts")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise r.fail("artifacts must be an object mapping a load_inline name to {kind, path, digest}")
    out: dict[str, Artifact] = {}
    for name, spec in raw.items():
        if not name.isidentifier():
            raise r.fail(f"artifacts key {name!r} is not a valid extension name (a Python identifier)")
        if not isinstance(spec, dict):
            raise r.fail(f"artifacts.{name} must be an object")
        a = _Reader(spec, f"artifacts.{name}", r.request_id)
        kind = a.string("kind", required=True)
        path = a.string("path", required=True)
        digest = a.string("digest", required=True)
        a.done()
        assert kind is not None and path is not None and digest is not None
        if kind not in artifacts.LOADERS:
            raise r.fail(f"artifacts.{name}.kind {kind!r} is unknown; known: {', '.join(sorted(artifacts.LOADERS))}")
        if not path.startswith("/"):
            raise r.fail(f"artifacts.{name}.path must be absolute")
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise r.fail(f"artifacts.{name}.digest must be 64 lowercase hex digits (SHA-256)")
        out[name] = Artifact(kind=kind, path=path, digest=digest)
    return out


def _parse_correctness(r: Optional[_Reader]) -> CorrectnessOptions:
    if r is None:
        return CorrectnessOptions()
    trials = r.integer("trials", MIN_TRIALS, minimum=MIN_TRIALS, maximum=1000)
    extra = r.boolean("extra_distributions", True)
    atol = r.number("atol", None, minimum=0, maximum=1e6)
    rtol = r.number("rtol", None, minimum=0, maximum=1e6)
    r.done()
    assert trials is not None
    return CorrectnessOptions(trials=trials, extra_distributions=extra, atol=atol, rtol=rtol)


def _parse_timing(r: Optional[_Reader]) -> TimingOptions:
    if r is None:
        return TimingOptions()
    d = TimingOptions()
    enabled = r.boolean("enabled", d.enabled)
    warmup = r.integer("warmup", d.warmup, minimum=0, maximum=1000)
    min_iters = r.integer("min_iters", d.min_iters, minimum=2, maximum=100_000)
    max_iters = r.integer("max_iters", d.max_iters, minimum=2, maximum=100_000)
    target_rse = r.number("target_rse", d.target_rse, minimum=0, maximum=1, exclusive_minimum=True)
    max_seconds = r.number("max_seconds", d.max_seconds, minimum=0, maximum=3600, exclusive_minimum=True)
    l2 = r.integer("l2_flush_bytes", None, minimum=0, maximum=1 << 34)
    rechecks = r.integer("rechecks", d.rechecks, minimum=0, maximum=1000)
    raw_b = r.raw("baselines")
    if raw_b is None:
        baselines = d.baselines
    else:
        if not isinstance(raw_b, list) or any(b not in BASELINES for b in raw_b) or len(set(raw_b)) != len(raw_b):
            raise r.fail(f"timing.baselines must be a list of distinct names from {list(BASELINES)}")
        baselines = tuple(raw_b)
    r.done()
    assert warmup is not None and min_iters is not None and max_iters is not None and rechecks is not None
    if min_iters > max_iters:
        raise r.fail("timing.min_iters must not exceed timing.max_iters")
    assert target_rse is not None and max_seconds is not None
    return TimingOptions(enabled=enabled, warmup=warmup, min_iters=min_iters, max_iters=max_iters,
                         target_rse=target_rse, max_seconds=max_seconds, l2_flush_bytes=l2,
                         rechecks=rechecks, baselines=baselines)


def _parse_checks(r: Optional[_Reader]) -> CheckOptions:
    if r is None:
        return CheckOptions()
    d = CheckOptions()
    profiler = r.boolean("profiler", d.profiler)
    share = r.number("min_own_kernel_share", d.min_own_kernel_share, minimum=0, maximum=1)
    sus = r.number("suspicious_speedup", d.suspicious_speedup, minimum=0, maximum=1e9, exclusive_minimum=True)
    extra = r.integer("extra_trials_if_suspicious", d.extra_trials_if_suspicious, minimum=0, maximum=1000)
    r.done()
    assert share is not None and sus is not None and extra is not None
    return CheckOptions(profiler=profiler, min_own_kernel_share=share, suspicious_speedup=sus,
                        extra_trials_if_suspicious=extra)


def _parse_timeouts(r: Optional[_Reader]) -> Timeouts:
    if r is None:
        return Timeouts()
    d = Timeouts()
    values = {}
    for name in d.__dataclass_fields__:
        values[name] = r.number(name, getattr(d, name), minimum=0, maximum=86_400, exclusive_minimum=True)
    r.done()
    return Timeouts(**values)


# MARK: - responses

def error_response(err: ProtocolError) -> dict[str, Any]:
    """The response to a request that could not be executed."""
    return {"id": err.request_id, "kind": "error", "ok": False,
            "error": {"code": err.code, "message": err.message}}


def encode(obj: Mapping[str, Any]) -> str:
    """One response line (no trailing newline). Non-finite floats become ``null``."""
    return json.dumps(_finite(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _finite(v: Any) -> Any:
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, Mapping):
        return {str(k): _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    return v
