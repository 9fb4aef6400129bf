"""A stand-in for the GPU worker (no torch) that speaks its protocol for the pool's baseline tests."""
