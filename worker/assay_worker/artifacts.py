"""Prebuilt extension artifacts, and the ``load_inline``/``load`` replacement installed in the child.

The compile service builds a candidate's extension outside the worker; the request maps each
extension ``name`` to ``{kind, path, digest}``. Before the candidate module runs, the child
replaces ``torch.utils.cpp_extension.load_inline`` and ``load`` with functions that return the
prebuilt module for exactly those arguments: the ``name`` must be in the map and the digest of the
call's arguments (``digest.py``) must equal the artifact's. Otherwise the call raises
:class:`ArtifactError` and the evaluation ends with ``artifact_missing`` / ``artifact_mismatch``
(recorded even if the candidate catches the exception). Real JIT compilation runs only when the
request says ``allow_jit: true`` and the name has no artifact (slow path: a cold ``load_inline``
costs about a minute on the H100 box).

Extension point: an artifact's ``kind`` selects a loader in :data:`LOADERS`, a function
``(name, path) -> module`` whose module exposes the functions the ``load_inline`` call binds:

* ``pybind_so``: the standard pybind11 extension that ``load_inline`` itself builds (Assay's
  full path; ``PyInit_<name>``), loaded with ``importlib.machinery.ExtensionFileLoader``.
* ``assay_slim``: an Assay slim build (the candidate's sources compiled against the slim torch
  header, C entry points ``assay_abi_version``/``assay_describe``/``assay_call`` instead of
  pybind11), loaded with ``assay_kernels.slim_loader`` (ctypes; imports torch).

Whatever the kind, the module must expose every function named in the call's ``functions``
(else ``artifact_load_error``), and the kernels the profiler attributes to the candidate are the
``__global__`` functions of the call's own ``cuda_sources``, never anything read from the build.

This module imports torch only inside the functions that need it.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import inspect
import json
import os
import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable, Mapping

from . import digest as _digest
from .kernelnames import declared_kernels


class ArtifactError(RuntimeError):
    """A load call the worker refuses; ``status`` is the verdict status it leads to."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def load_pybind_so(name: str, path: str) -> ModuleType:
    """Imports a standard pybind11 extension ``.so`` whose init function is ``PyInit_<name>``."""
    if not os.path.isfile(path):
        raise ArtifactError("artifact_missing", f"artifact for {name!r} not found at {path}")
    loader = importlib.machinery.ExtensionFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    if spec is None:
        raise ArtifactError("artifact_missing", f"cannot make an import spec for {path}")
    module = importlib.util.module_from_spec(spec)
    try:
        loader.exec_module(module)
    except ImportError as e:
        raise ArtifactError("artifact_load_error", f"loading {path} failed: {e}") from None
    return module


def load_assay_slim(name: str, path: str) -> Any:
    """Loads an Assay slim build (``assay_kernels.slim_loader``): a shared library with the C entry
    points of ``slim_binding.h``, called like a ``load_inline`` module."""
    if not os.path.isfile(path):
        raise ArtifactError("artifact_missing", f"artifact for {name!r} not found at {path}")
    from assay_kernels import slim_loader  # imports torch: only in the evaluation child

    try:
        return slim_loader.load(path, name)
    except (OSError, ImportError, AttributeError) as e:
        # OSError: dlopen failed (missing library, wrong architecture); ImportError: another slim
        # ABI version; AttributeError: a library without the slim entry points.
        raise ArtifactError("artifact_load_error", f"loading slim build {path} failed: {e}") from None


#: The artifact kind of a raw-kernel build, and the only artifact name a raw candidate has.
RAW_KIND = "assay_raw"
RAW_ARTIFACT_NAME = "raw_kernel"


def _raw_manifest(path: str) -> dict[str, Any]:
    """The ``manifest.json`` of a raw build directory (``assay kernel compile`` writes it)."""
    if not os.path.isdir(path):
        raise ArtifactError("artifact_missing", f"raw build directory {path} not found")
    try:
        with open(os.path.join(path, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        raise ArtifactError("artifact_load_error", f"{path}: no readable manifest.json ({e})") from None
    build = manifest.get("build") if isinstance(manifest, dict) else None
    if manifest.get("format") != "assay-kernel-build/1" or not isinstance(build, dict):
        raise ArtifactError("artifact_load_error", f"{path} is not an Assay kernel build")
    if build.get("path") != "raw" or build.get("status") != "compiled":
        raise ArtifactError("artifact_load_error",
                            f"{path} holds a {build.get('path')!r} build with status {build.get('status')!r}, "
                            "not a compiled raw kernel")
    return manifest


def load_assay_raw(name: str, path: str) -> Any:
    """Loads a raw-kernel build directory (``kernel.cubin`` + ``plan.json``) as a
    ``RawKernelModule`` (``assay_kernels.raw_launcher``: called as ``module(*inputs, parameters=...)``)."""
    _raw_manifest(path)
    from assay_kernels import raw_launcher  # imports torch: only in the evaluation child

    try:
        return raw_launcher.load(path)
    except (OSError, ValueError, KeyError) as e:
        raise ArtifactError("artifact_load_error", f"loading raw build {path} failed: {e}") from None


def load_raw_candidate(artifact: Any) -> tuple[Any, LoadRecord]:
    """The raw kernel module of a ``raw_kernel`` candidate and its load record. The artifact's
    digest must be the build's content address (``key`` in its manifest), so a directory that
    was rebuilt from something else is refused (``artifact_mismatch``); the declared kernels are
    the ``__global__`` functions of the build's ``kernel.cu`` (the candidate's CUDA source)."""
    manifest = _raw_manifest(artifact.path)
    if manifest.get("key") != artifact.digest:
        raise ArtifactError("artifact_mismatch",
                            f"raw build {artifact.path} has key {str(manifest.get('key'))[:12]}…, "
                            f"the request names {artifact.digest[:12]}…")
    module = load_assay_raw(RAW_ARTIFACT_NAME, artifact.path)
    try:
        with open(os.path.join(artifact.path, "kernel.cu"), encoding="utf-8") as f:
            kernels = declared_kernels([f.read()])
    except OSError:
        kernels = []
    for launch in module.plan.get("launches", []):
        if launch.get("kernel") not in kernels:
            kernels.append(launch.get("kernel"))
    return module, LoadRecord("raw_kernel", RAW_ARTIFACT_NAME, artifact.digest, "artifact", kernels)


#: Artifact kind -> loader ``(name, path) -> module``. The extension point for faster kinds.
#: ``assay_raw`` is not for load_inline calls: the protocol allows it only for a raw candidate.
LOADERS: dict[str, Callable[[str, str], Any]] = {
    "pybind_so": load_pybind_so,
    "assay_slim": load_assay_slim,
    RAW_KIND: load_assay_raw,
}


def missing_functions(module: Any, functions: Any) -> list[str]:
    """Names in a ``load_inline`` ``functions`` argument (list, string or dict) the module lacks."""
    wanted = list(functions) if isinstance(functions, Mapping) else _digest.normalize_strings("functions", functions)
    return [n for n in wanted if not callable(getattr(module, n, None))]


@dataclass
class LoadRecord:
    """One ``load_inline``/``load`` call the candidate made."""

    function: str
    name: str
    digest: str | None
    source: str  # "artifact" | "jit" | "refused"
    kernels: list[str] = field(default_factory=list)
    error: str | None = None
    status: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"function": self.function, "name": self.name, "digest": self.digest,
                "source": self.source, "kernels": self.kernels, "error": self.error}


@dataclass
class ExtensionShim:
    """Replaces ``load_inline``/``load`` in ``torch.utils.cpp_extension`` for one evaluation."""

    artifacts: dict[str, Any]  # name -> protocol.Artifact
    allow_jit: bool
    records: list[LoadRecord] = field(default_factory=list)
    _loaded: dict[tuple[str, str], ModuleType] = field(default_factory=dict)

    @property
    def declared_kernels(self) -> list[str]:
        """Every ``__global__`` name in the sources of successful load calls."""
        out: list[str] = []
        for r in self.records:
            if r.error is None:
                out.extend(k for k in r.kernels if k not in out)
        return out

    @property
    def refusal(self) -> LoadRecord | None:
        """The first refused call, if any (decides the verdict even if the candidate caught it)."""
        return next((r for r in self.records if r.error is not None), None)

    def install(self) -> None:
        import torch.utils.cpp_extension as ce

        real_inline = ce.load_inline
        real_load = ce.load
        inline_sig = inspect.signature(real_inline)
        load_sig = inspect.signature(real_load)
        shim = self

        def load_inline(*args: Any, **kwargs: Any) -> Any:
            bound = inline_sig.bind(*args, **kwargs)
            bound.apply_defaults()
            a = bound.arguments
            return shim._resolve("load_inline", a, lambda: real_inline(*args, **kwargs))

        def load(*args: Any, **kwargs: Any) -> Any:
            bound = load_sig.bind(*args, **kwargs)
            bound.apply_defaults()
            return shim._resolve("load", bound.arguments, lambda: real_load(*args, **kwargs))

        load_inline.__doc__ = real_inline.__doc__
        load.__doc__ = real_load.__doc__
        ce.load_inline = load_inline
        ce.load = load
        if not self.allow_jit and hasattr(ce, "_jit_compile"):
            def refuse_jit(*args: Any, **kwargs: Any) -> Any:
                err = ArtifactError("artifact_missing", "direct JIT compilation is refused (allow_jit is false)")
                shim.records.append(LoadRecord("_jit_compile", "?", None, "refused", error=err.message, status=err.status))
                raise err
            ce._jit_compile = refuse_jit

    def _resolve(self, function: str, a: dict[str, Any], jit: Callable[[], Any]) -> Any:
        name = a.get("name")
        if not isinstance(name, str):
            return self._refuse(function, str(name), None, "artifact_missing", f"{function}: name must be a string")
        try:
            if function == "load_inline":
                if a.get("sycl_sources"):
                    return self._refuse(function, name, None, "artifact_missing", "sycl_sources are not supported")
                digest = _digest.load_inline_digest(
                    a.get("cpp_sources"), a.get("cuda_sources"), a.get("functions"),
                    a.get("extra_cflags"), a.get("extra_cuda_cflags"), a.get("extra_ldflags"),
                    a.get("extra_include_paths"))
                cuda = _digest.normalize_strings("cuda_sources", a.get("cuda_sources"))
                kernels = declared_kernels(cuda)
            else:
                contents = []
                for p in _digest.normalize_strings("sources", a.get("sources")):
                    with open(p, encoding="utf-8") as f:
                        contents.append(f.read())
                digest = _digest.load_digest(contents, a.get("extra_cflags"), a.get("extra_cuda_cflags"),
                                             a.get("extra_ldflags"), a.get("extra_include_paths"))
                kernels = declared_kernels(contents)
        except (_digest.DigestError, OSError) as e:
            return self._refuse(function, name, None, "artifact_missing", f"{function}({name!r}): {e}")
        if a.get("is_python_module", True) is not True and not self.allow_jit:
            return self._refuse(function, name, digest, "artifact_missing",
                                f"{function}({name!r}) with is_python_module=False needs allow_jit")
        key = (name, digest)
        if key in self._loaded:
            return self._loaded[key]
        artifact = self.artifacts.get(name)
        if artifact is not None and artifact.kind == RAW_KIND:
            return self._refuse(function, name, digest, "artifact_mismatch",
                                f"{name!r} names a raw-kernel build, which no {function} call can load")
        if artifact is None:
            if not self.allow_jit:
                return self._refuse(function, name, digest, "artifact_missing",
                                    f"no prebuilt artifact for extension {name!r} and allow_jit is false")
            module = jit()
            self.records.append(LoadRecord(function, name, digest, "jit", kernels))
            self._loaded[key] = module
            return module
        if artifact.digest != digest:
            return self._refuse(function, name, digest, "artifact_mismatch",
                                f"artifact for {name!r} was built from other sources "
                                f"(artifact digest {artifact.digest[:12]}…, call digest {digest[:12]}…)")
        loader = LOADERS.get(artifact.kind)
        if loader is None:
            return self._refuse(function, name, digest, "artifact_missing", f"unknown artifact kind {artifact.kind!r}")
        try:
            module = loader(name, artifact.path)
        except ArtifactError as e:
            return self._refuse(function, name, digest, e.status, e.message)
        if function == "load_inline":
            absent = missing_functions(module, a.get("functions"))
            if absent:
                return self._refuse(function, name, digest, "artifact_load_error",
                                    f"the {artifact.kind} build of {name!r} has no function {', '.join(absent)}")
        self.records.append(LoadRecord(function, name, digest, "artifact", kernels))
        self._loaded[key] = module
        sys.modules.setdefault(name, module)
        return module

    def _refuse(self, function: str, name: str, digest: str | None, status: str, message: str) -> Any:
        self.records.append(LoadRecord(function, name, digest, "refused", error=message, status=status))
        raise ArtifactError(status, message)
