/// Kernel candidates: KernelBench-format problems, extraction, static checks and the compile service.
public enum AssayKernels {}
