/// The Python program that runs first inside every sandbox.
///
/// It is passed with `python3 -I -B -c`, so nothing is read from the host's disk besides the
/// interpreter and its standard library. It applies the resource limits with `setrlimit`
/// (before any untrusted code runs: no extra `prlimit` exec per run), then runs the code once
/// or serves a persistent session. The protocol is described in the script's header comment.
enum PythonDriver {
    /// Written to standard error once the limits are set, right before the code runs.
    static let readyMarker: [UInt8] = Array("\u{1E}assay-ready\u{1E}\n".utf8)
    /// The start of the marker written to standard error when Python exits normally.
    static let endMarkerPrefix: [UInt8] = Array("\u{1E}assay-end ".utf8)
    /// The end of that marker, after the memory flag digit.
    static let endMarkerSuffix: [UInt8] = Array("\u{1E}\n".utf8)

    /// The driver's arguments after `-c SOURCE`.
    static func arguments(mode: String, limits: SandboxLimits) -> [String] {
        [
            mode, String(limits.effectiveCPUSeconds), String(limits.memoryBytes), String(limits.processes),
            String(limits.fileSizeBytes), String(limits.openFiles), String(limits.maxOutputBytes),
        ]
    }

    /// The driver's source.
    static let source = #"""
# Assay's sandbox driver: the first thing that runs inside the sandbox. It sets the resource
# limits, then runs the untrusted code. argv: MODE CPU AS NPROC FSIZE NOFILE MAX_OUTPUT.
#
# once:    stdin is "<n>\n", n bytes of code, then the program's own stdin. The code is saved as
#          main.py and run as __main__. READY goes to stderr once the limits are set; END <m>
#          when Python exits normally (m = 1 after an uncaught MemoryError).
# session: requests are JSON lines {"id": int, "code": str} on stdin; every request gets one
#          JSON line reply on stdout ({"ready": true} comes first). The code's stdin is
#          /dev/null; its stdout and stderr are memory files, read (capped) and emptied after
#          each call, so output from os.write and child processes is captured too.
import os, sys, resource

READY = b"\x1eassay-ready\x1e\n"
END = b"\x1eassay-end %d\x1e\n"


def set_limits(argv, cpu_hard):
    cpu, memory, processes, file_size, open_files = (int(v) for v in argv[:5])
    if cpu > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu_hard(cpu)))
    for kind, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_NPROC, processes),
                        (resource.RLIMIT_FSIZE, file_size), (resource.RLIMIT_NOFILE, open_files)):
        if value > 0:
            resource.setrlimit(kind, (value, value))
    return cpu


def fresh_main():
    import builtins, types
    main = types.ModuleType("__main__")
    main.__builtins__ = builtins
    sys.modules["__main__"] = main
    return main.__dict__


def read_exact(fd, n):
    parts = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("the code ended early")
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


def run_once(argv):
    header = b""
    while not header.endswith(b"\n"):
        byte = os.read(0, 1)
        if not byte or len(header) > 20:
            raise EOFError("missing code header")
        header += byte
    source = read_exact(0, int(header))
    with open("main.py", "wb") as file:
        file.write(source)
    set_limits(argv, lambda cpu: cpu + 1)
    namespace = fresh_main()
    namespace["__file__"] = "main.py"
    sys.argv = ["main.py"]
    sys.path.insert(0, os.getcwd())
    memory = [0]

    def end():
        # Registered first, so it runs after the program's own atexit handlers.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        os.write(2, END % memory[0])

    import atexit
    atexit.register(end)
    os.write(2, READY)
    try:
        exec(compile(source, "main.py", "exec"), namespace)
    except SystemExit:
        raise
    except BaseException as error:
        memory[0] = int(isinstance(error, MemoryError))
        if error.__traceback__ is not None:
            error.__traceback__ = error.__traceback__.tb_next
        sys.__excepthook__(type(error), error, error.__traceback__)
        sys.exit(1)


def run_session(argv):
    import ast, io, json, linecache, traceback
    cpu = set_limits(argv, lambda cpu: resource.RLIM_INFINITY)
    max_output = int(argv[5])
    requests = open(os.dup(0), "rb")
    replies, diagnostics = os.dup(1), os.dup(2)
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        memfile = os.memfd_create(name)
        os.dup2(memfile, fd)
        os.close(memfile)
    namespace = fresh_main()

    def unbuffered(fd):
        # Unbuffered, so print(), os.write() and child processes interleave in order.
        raw = io.FileIO(fd, "w", closefd=False)
        return io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace", write_through=True)

    streams = [unbuffered(1), unbuffered(2)]
    sys.stdout, sys.stderr = streams

    def reply(message):
        data = json.dumps(message, ensure_ascii=False).encode() + b"\n"
        while data:
            data = data[os.write(replies, data):]

    def collect(fd):
        try:
            size = os.fstat(fd).st_size
            data = os.pread(fd, min(size, max_output), 0)
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
        except OSError:
            return "", 0
        return data.decode("utf-8", "replace"), size

    def run_cell(request):
        exit_code, exception, memory = 0, None, False
        name = "<cell-%d>" % request["id"]
        source = request["code"]
        linecache.cache[name] = (len(source), None, source.splitlines(True), name)
        try:
            tree = ast.parse(source, name)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, name, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
                if value is not None:
                    print(repr(value))
        except SystemExit as error:
            code = error.code
            if code is None:
                exit_code = 0
            elif isinstance(code, int):
                exit_code = code & 0xFF
            else:
                print(code, file=sys.stderr)
                exit_code = 1
        except BaseException as error:
            exit_code, exception = 1, type(error).__name__
            memory = isinstance(error, MemoryError)
            shown = None if isinstance(error, SyntaxError) else error.__traceback__.tb_next
            try:
                traceback.print_exception(type(error), error, shown)
            except BaseException:
                pass
        return exit_code, exception, memory

    reply({"ready": True})
    try:
        while True:
            line = requests.readline()
            if not line:
                os._exit(0)
            request = json.loads(line)
            if cpu > 0:
                usage = resource.getrusage(resource.RUSAGE_SELF)
                used = int(usage.ru_utime + usage.ru_stime)
                resource.setrlimit(resource.RLIMIT_CPU, (used + cpu, resource.RLIM_INFINITY))
            exit_code, exception, memory = run_cell(request)
            for index, fd in enumerate((1, 2)):
                if streams[index].closed:
                    streams[index] = unbuffered(fd)
            sys.stdout, sys.stderr = streams
            for stream in streams:
                try:
                    stream.flush()
                except BaseException:
                    pass
            out, out_bytes = collect(1)
            err, err_bytes = collect(2)
            reply({"id": request["id"], "stdout": out, "stdout_bytes": out_bytes,
                   "stderr": err, "stderr_bytes": err_bytes, "exit_code": exit_code,
                   "exception": exception, "memory_error": memory})
    except BaseException:
        os.write(diagnostics, traceback.format_exc().encode("utf-8", "replace"))
        os._exit(70)


if sys.argv[1] == "once":
    run_once(sys.argv[2:])
else:
    run_session(sys.argv[2:])
"""#
}
