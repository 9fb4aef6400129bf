/// Unbiased pass@k (Chen et al., 2021): the probability that at least one of `k` candidates
/// drawn without replacement from `n`, of which `correct` are correct, is correct.
///
/// Computed as `1 - prod_{i = n-c+1}^{n} (1 - k / i)`, which stays exact enough for large `n`.
/// Returns `nil` when `k` is not in `1...n` or `correct` is not in `0...n`.
public func passAtK(n: Int, correct: Int, k: Int) -> Double? {
    guard n > 0, (1...n).contains(k), (0...n).contains(correct) else { return nil }
    if correct == 0 { return 0 }
    if n - correct < k { return 1 }
    var failAll = 1.0
    for i in (n - correct + 1)...n {
        failAll *= 1 - Double(k) / Double(i)
    }
    return 1 - failAll
}

/// fast_p (KernelBench): the fraction of candidates that are correct *and* faster than the
/// baseline by more than `threshold` (speedup = baseline time / candidate time).
///
/// A candidate without a speedup (not timed) never counts as fast. Returns `nil` for an empty
/// list.
public func fastP(_ results: [(correct: Bool, speedup: Double?)], threshold: Double) -> Double? {
    guard !results.isEmpty else { return nil }
    let fast = results.count { $0.correct && ($0.speedup ?? 0) > threshold }
    return Double(fast) / Double(results.count)
}
