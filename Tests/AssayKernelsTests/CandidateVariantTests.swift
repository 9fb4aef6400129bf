import AssayCore
import Foundation
import Testing
@testable import AssayKernels

/// Small variations of `Fixtures/candidates/ok_basic.py` (one correct ReLU kernel) and the finding
/// codes the static checks must report for each: the ways past the checks the GPU suite found
/// (operator dunders, exception-swallowing context managers, getattr, containers, token pasting),
/// written several ways each, and their legitimate look-alikes. A variant with findings must be
/// rejected; one without must pass.
@Suite struct CandidateVariantTests {
    static let checker = KernelChecker.twoAtATime()

    struct Variant: Sendable, CustomStringConvertible {
        var name: String
        /// ModelNew.forward's body (8-space indented lines).
        var forward: String
        /// Module-level code after the imports.
        var prelude: String = ""
        /// Extra lines for ModelNew.__init__ (8-space indented).
        var initLines: String = ""
        /// Extra CUDA source after its #include lines.
        var cuda: String = ""
        var findings: Set<String>
        var description: String { name }
    }

    static let variants: [Variant] = [
        // 1. operator dunders
        Variant(name: "dunder on a kernel result", forward: "        y = self.ext.relu_cuda(x)\n        return y.__add__(0.0)\n",
                findings: ["torch_compute_op"]),
        Variant(name: "reflected dunder with a tensor argument",
                forward: "        y = self.ext.relu_cuda(x)\n        return (1.0).__rmul__(y)\n", findings: ["torch_compute_op"]),
        Variant(name: "dunder in a lambda", forward: "        y = self.ext.relu_cuda(x)\n        return (lambda t: t.__abs__())(y)\n",
                findings: ["torch_compute_op"]),
        Variant(name: "dunder on a size is integer arithmetic",
                forward: "        n = x.size(0).__mul__(2)\n        return self.ext.relu_cuda(x)\n", findings: []),
        // 2. exceptions swallowed by a context manager
        Variant(name: "contextlib.suppress through the module", forward: """
                        with cl.suppress(RuntimeError):
                            return self.ext.relu_cuda(x)
                        return x\n
                """, prelude: "import contextlib as cl\n", findings: ["try_except_fallback"]),
        Variant(name: "contextlib.ExitStack", forward: """
                        with contextlib.ExitStack():
                            return self.ext.relu_cuda(x)\n
                """, prelude: "import contextlib\n", findings: ["try_except_fallback"]),
        Variant(name: "contextlib.nullcontext is not swallowing", forward: """
                        with contextlib.nullcontext():
                            return self.ext.relu_cuda(x)\n
                """, prelude: "import contextlib\n", findings: []),
        // 3. getattr
        Variant(name: "getattr with a module-level constant name",
                forward: "        self.ext.relu_cuda(x)\n        return getattr(torch, NAME)(x)\n",
                prelude: "NAME = \"re\" + \"lu\"\n", findings: ["torch_compute_op"]),
        Variant(name: "getattr whose name is rebound elsewhere is computed",
                forward: "        self.ext.relu_cuda(x)\n        return getattr(torch, NAME)(x)\n",
                prelude: "NAME = \"abs\"\n\n\ndef rename():\n    global NAME\n    NAME = \"relu\"\n",
                findings: ["dynamic_attribute", "global_state"]),
        Variant(name: "getattr of a tensor method kept for later",
                forward: "        y = self.ext.relu_cuda(x)\n        f = getattr(y, \"relu\")\n        return f()\n",
                findings: ["torch_compute_op"]),
        Variant(name: "a tensor method kept for later", forward: "        y = self.ext.relu_cuda(x)\n        f = y.relu\n        return f()\n",
                findings: ["torch_compute_op"]),
        Variant(name: "getattr of an introspection attribute",
                forward: "        y = self.ext.relu_cuda(x)\n        d = getattr(y, \"__dict__\")\n        return y\n",
                findings: ["introspection"]),
        Variant(name: "getattr through functools.partial",
                forward: "        self.ext.relu_cuda(x)\n        return P(x)\n",
                prelude: "import functools\n\nP = functools.partial(getattr(torch, \"sigmoid\"))\n", findings: ["torch_compute_op"]),
        // 4. containers
        Variant(name: "a local list of a local alias",
                forward: "        act = torch.relu\n        ops = [act]\n        self.ext.relu_cuda(x)\n        return ops[0](x)\n",
                findings: ["torch_compute_op"]),
        Variant(name: "a dict filled by item assignment",
                forward: "        y = self.ext.relu_cuda(x)\n        return OPS.get(\"a\")(y)\n",
                prelude: "OPS = {}\nOPS[\"a\"] = torch.sigmoid\n", findings: ["torch_compute_op"]),
        Variant(name: "an OrderedDict filled by item assignment",
                forward: "        y = self.ext.relu_cuda(x)\n        return OPS[\"a\"](y)\n",
                prelude: "import collections\n\nOPS = collections.OrderedDict()\nOPS[\"a\"] = torch.sigmoid\n",
                findings: ["torch_compute_op"]),
        Variant(name: "a list changed through an alias",
                forward: "        ops = OPS\n        ops[0] = torch.relu\n        self.ext.relu_cuda(x)\n        return OPS[0](x)\n",
                prelude: "OPS = [torch.empty_like]\n", findings: ["torch_compute_op"]),
        Variant(name: "a list changed through a function parameter",
                forward: "        self.ext.relu_cuda(x)\n        return OPS[0](x)\n",
                prelude: "OPS = [torch.empty_like]\n\n\ndef install(ops):\n    ops[0] = torch.relu\n\n\ninstall(OPS)\n",
                findings: ["torch_compute_op"]),
        Variant(name: "a torch op handed to map",
                forward: "        self.ext.relu_cuda(x)\n        return list(map(torch.relu, [x]))[0]\n", findings: ["torch_compute_op"]),
        Variant(name: "constants and dtypes as values are fine",
                forward: "        low = -torch.inf\n        dtype = torch.float32\n        return self.ext.relu_cuda(x)\n", findings: []),
        Variant(name: "a list kept on self", forward: "        self.ext.relu_cuda(x)\n        return self.ops[0](x)\n",
                initLines: "        self.ops = [torch.relu]\n", findings: ["torch_compute_op"]),
        Variant(name: "a lambda in a module-level list", forward: "        self.ext.relu_cuda(x)\n        return OPS[0](x)\n",
                prelude: "OPS = [lambda t: torch.relu(t)]\n", findings: ["torch_compute_op"]),
        Variant(name: "a ModuleList of nn modules called by index",
                forward: "        y = self.ext.relu_cuda(x)\n        return self.blocks[0](y)\n",
                initLines: "        self.blocks = nn.ModuleList([nn.Linear(4, 4)])\n", findings: ["torch_compute_op"]),
        Variant(name: "a ModuleList of nn modules called in a loop", forward: """
                        y = self.ext.relu_cuda(x)
                        for block in self.blocks:
                            y = block(y)
                        return y\n
                """, initLines: "        self.blocks = nn.ModuleList([nn.Linear(4, 4)])\n", findings: ["torch_compute_op"]),
        Variant(name: "a Sequential of nn modules", forward: "        y = self.ext.relu_cuda(x)\n        return self.seq(y)\n",
                initLines: "        self.seq = nn.Sequential(nn.Linear(4, 4))\n", findings: ["torch_compute_op"]),
        Variant(name: "a ModuleList read for its weights only", forward: """
                        for block in self.blocks:
                            w = block.weight
                        return self.ext.relu_cuda(x)\n
                """, initLines: "        self.blocks = nn.ModuleList([nn.Linear(4, 4)])\n", findings: []),
        Variant(name: "a dict of dtypes read in forward",
                forward: "        dtype = DTYPES[\"f32\"]\n        return self.ext.relu_cuda(x)\n",
                prelude: "DTYPES = {\"f32\": torch.float32, \"f64\": torch.float64}\n", findings: []),
        Variant(name: "a module-level list of modules taken by index (patching)",
                forward: "        return self.ext.relu_cuda(x)\n",
                prelude: "MODULES = [torch]\nsetattr(MODULES[0], \"relu\", lambda t: t)\n", findings: ["monkey_patch"]),
        // 5. token pasting
        Variant(name: "token pasting through the digraph", forward: "        return self.ext.relu_cuda(x)\n",
                cuda: "%:define JOIN(a, b) a %:%: b\n", findings: ["native_token_pasting"]),
        Variant(name: "token pasting on a continued #define line", forward: "        return self.ext.relu_cuda(x)\n",
                cuda: "#define MAKE(kind) \\\\\n    cudaStream ## kind\n", findings: ["native_token_pasting"]),
        Variant(name: "token pasting next to a stream the scan sees", forward: "        return self.ext.relu_cuda(x)\n",
                cuda: "#define JOIN(a, b) a##b\nstatic void side() { cudaStream_t s; cudaStreamCreate(&s); }\n",
                findings: ["cuda_stream_or_event"]),
        Variant(name: "## in a comment or string is not pasting", forward: "        return self.ext.relu_cuda(x)\n",
                cuda: "// #define JOIN(a, b) a##b\nstatic const char* banner = \"## relu\";\n", findings: []),
    ]

    static func candidate(_ variant: Variant) throws -> String {
        let base = try TestFiles.fixture("candidates/ok_basic.py")
        let forward = "        return self.ext.relu_cuda(x)\n"
        let initLine = "        self.ext = relu_ext\n"
        let imports = "from torch.utils.cpp_extension import load_inline\n"
        let includes = "#include <ATen/cuda/CUDAContext.h>\n"
        for marker in [forward, initLine, imports, includes] {
            #expect(base.components(separatedBy: marker).count == 2, "ok_basic.py must hold \(marker) once")
        }
        return base.replacingOccurrences(of: forward, with: variant.forward)
            .replacingOccurrences(of: initLine, with: initLine + variant.initLines)
            .replacingOccurrences(of: imports, with: imports + variant.prelude)
            .replacingOccurrences(of: includes, with: includes + variant.cuda)
    }

    @Test(arguments: variants)
    func staticChecks(_ variant: Variant) async throws {
        let report = await Self.checker.check(output: try Self.candidate(variant),
                                                 problem: try TestFiles.fixture("problems/relu.py"))
        #expect(report.verdict.status != .syntaxError, "\(report.feedback)")
        #expect(Set(report.findings.map(\.code)) == variant.findings, "\(report.findings.map(\.feedbackLine))")
        // Every variant with findings here is a reject (warnings only ride along).
        #expect(report.verdict.status == (variant.findings.isEmpty ? .checked : .rejected), "\(report.feedback)")
    }
}
