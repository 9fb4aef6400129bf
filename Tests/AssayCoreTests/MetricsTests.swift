import Testing
@testable import AssayCore

@Suite struct MetricsTests {
    /// Reference: the exact combinatorial definition 1 - C(n-c, k) / C(n, k).
    private func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        var r = 1.0
        for i in 0..<k { r = r * Double(n - i) / Double(i + 1) }
        return r
    }

    @Test func passAtKMatchesTheCombinatorialDefinition() throws {
        for n in 1...12 {
            for c in 0...n {
                for k in 1...n {
                    let exact = 1 - binomial(n - c, k) / binomial(n, k)
                    let value = try #require(passAtK(n: n, correct: c, k: k))
                    #expect(abs(value - exact) < 1e-12, "n=\(n) c=\(c) k=\(k)")
                }
            }
        }
    }

    @Test func passAtKEdgeCases() {
        #expect(passAtK(n: 10, correct: 0, k: 5) == 0)
        #expect(passAtK(n: 10, correct: 10, k: 1) == 1)
        #expect(passAtK(n: 10, correct: 3, k: 1) == 0.30000000000000004 || abs(passAtK(n: 10, correct: 3, k: 1)! - 0.3) < 1e-12)
        #expect(passAtK(n: 0, correct: 0, k: 1) == nil)
        #expect(passAtK(n: 5, correct: 2, k: 6) == nil)
        #expect(passAtK(n: 5, correct: 6, k: 1) == nil)
    }

    @Test func fastPCountsOnlyCorrectAndFaster() {
        let results: [(correct: Bool, speedup: Double?)] = [
            (true, 2.0), (true, 0.9), (false, 5.0), (true, nil), (true, 1.5),
        ]
        #expect(fastP(results, threshold: 1.0) == 0.4)
        #expect(fastP(results, threshold: 0.0) == 0.6)
        #expect(fastP([], threshold: 1) == nil)
    }
}
