import AssayStore
import Testing

@Suite struct ContentHashTests {
    @Test func sha256MatchesTheStandardTestVector() {
        // FIPS 180-2, appendix B.1.
        #expect(
            ContentHash.of(bytes: "abc".utf8).hex
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: [
        ("def f():\n    return 1\n", "def f():\r\n    return 1"),
        ("x = 1", "x = 1\n\n  \n"),
        ("caf\u{e9}", "cafe\u{301}"),
        ("a\nb", "a\rb"),
    ])
    func equivalentSourcesShareAnAddress(first: String, second: String) {
        #expect(ContentHash.of(source: first) == ContentHash.of(source: second))
    }

    @Test(arguments: [
        ("def f():\n    return 1", "def f():\n  return 1"),
        ("s = 'a '\n", "s = 'a'\n"),
        ("x=1", "x = 1"),
    ])
    func meaningfulDifferencesKeepDistinctAddresses(first: String, second: String) {
        #expect(ContentHash.of(source: first) != ContentHash.of(source: second))
    }

    @Test func partsAreLengthPrefixedSoBoundariesMatter() {
        #expect(ContentHash.of(parts: ["ab", "c"]) != ContentHash.of(parts: ["a", "bc"]))
        #expect(ContentHash.of(parts: ["math", "", "42"]) == ContentHash.of(parts: ["math", "", "42\n"]))
    }

    @Test func hexInitialiserValidates() throws {
        let hash = ContentHash.of(source: "x")
        #expect(try ContentHash(hex: hash.hex.uppercased()) == hash)
        #expect(throws: StoreError.self) { try ContentHash(hex: "abc") }
        #expect(throws: StoreError.self) { try ContentHash(hex: String(repeating: "g", count: 64)) }
    }
}
