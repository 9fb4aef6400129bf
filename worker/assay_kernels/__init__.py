"""Python side of Assay's kernel compile path: loading slim-path extensions (no pybind11) and,
for raw-kernel candidates, launching cubins through the CUDA driver."""
