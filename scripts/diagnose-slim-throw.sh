#!/usr/bin/env bash
# GPU box: why a C++ exception thrown inside a host-only slim build crashed the CPU comparison test
# there (worker/tests/test_slim_loader_cpu.py, case `fail`). Prints the host compiler, the C++
# runtime each side uses, and calls a throwing function in a child process per build variant, so a
# crash is reported instead of ending the script. Run from the repository root.
set -uo pipefail
cd "$(dirname "$0")/.."
echo "== c++: $(command -v c++) -> $(readlink -f "$(command -v c++)")"; c++ --version | head -1
echo "== g++: $(command -v g++ || echo none)"; g++ --version 2>/dev/null | head -1
echo "== CC=${CC:-} CXX=${CXX:-}"
python3 - <<'PY'
import torch, re
maps = open("/proc/self/maps").read()
print("== C++ runtimes mapped by python3 after import torch:", sorted(set(re.findall(r"\S*(?:libstdc\+\+|libc\+\+|libgcc_s)\S*", maps))))
PY
work="$(mktemp -d)"
cd worker
for flags in "" "-static-libstdc++ -static-libgcc"; do
    echo "== build with ${SLIM_CXX:-c++} ${flags:-(no extra flags)}"
    SLIM_CXX="${SLIM_CXX:-c++}" python3 - "$work" "$flags" <<'PY'
import subprocess, sys
from pathlib import Path
sys.path.insert(0, "tests")
from slimbuild import build_host_slim
work, flags = Path(sys.argv[1]), tuple(sys.argv[2].split())
source = (Path("tests/fixtures/cpu_extension.cpp")).read_text()
tag = "static" if flags else "plain"
import os
lib = build_host_slim(source, ["scale_add", "fail"], work / f"slim_{tag}.so", flags=flags, compiler=os.environ["SLIM_CXX"])
print(subprocess.run(["ldd", str(lib)], capture_output=True, text=True).stdout.strip())
probe = f"""
import faulthandler; faulthandler.enable()
import sys, torch; sys.path.insert(0, '.')
from assay_kernels import slim_loader
m = slim_loader.load({str(lib)!r}, 'slim_{tag}')
print('scale_add ok:', m.scale_add(torch.ones(2), 2.0, 1).tolist())
try:
    m.fail(torch.ones(1))
except Exception as e:
    print('fail raised', type(e).__name__, str(e)[:80])
"""
for label, pre in (("with torch imported first", ""),):
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    print(f"-- {label}: exit {r.returncode}")
    print(r.stdout.strip()[-800:]); print(r.stderr.strip()[-1500:])
PY
done
rm -rf "$work"

# The CPU comparison test loads torch's own load_inline build of the same source before the slim
# one. Repeat that here (a cold load_inline build: about a minute), with and without hidden
# symbol visibility for the slim build, each in a child process.
if [ "${WITH_REFERENCE:-0}" = 1 ]; then
    work="$(mktemp -d)"
    for flags in "" "-fvisibility=hidden"; do
        echo "== load_inline reference loaded first; slim build with c++ ${flags:-(no extra flags)}"
        python3 - "$work" "$flags" <<'PY'
import subprocess, sys
from pathlib import Path
work, flags = Path(sys.argv[1]), sys.argv[2]
probe = f"""
import faulthandler; faulthandler.enable()
import sys; sys.path.insert(0, 'tests'); sys.path.insert(0, '.')
from pathlib import Path
import torch
from torch.utils.cpp_extension import load_inline
from slimbuild import build_host_slim
from assay_kernels import slim_loader
source = Path('tests/fixtures/cpu_extension.cpp').read_text()
ref = load_inline(name='assay_cpu_reference', cpp_sources=[source], functions=['scale_add', 'fail'],
                  build_directory={str(work)!r}, verbose=False)
try:
    ref.fail(torch.ones(1))
except Exception as e:
    print('reference fail raised', type(e).__name__)
lib = build_host_slim(source, ['scale_add', 'fail'], Path({str(work)!r}) / 'slim_probe.so', flags=tuple({flags!r}.split()))
m = slim_loader.load(str(lib), 'slim_probe')
print('slim scale_add ok:', m.scale_add(torch.ones(2), 2.0, 1).tolist())
try:
    m.fail(torch.ones(1))
except Exception as e:
    print('slim fail raised', type(e).__name__, str(e)[:80])
"""
r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
print(f"-- exit {r.returncode}")
print(r.stdout.strip()[-800:]); print(r.stderr.strip()[-1200:])
PY
    done
    rm -rf "$work"
fi
