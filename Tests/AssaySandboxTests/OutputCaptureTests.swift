import Testing

@testable import AssaySandbox

/// The capped capture of one output stream and the driver's markers in it.
@Suite struct OutputCaptureTests {
    @Test func keepsEverythingUnderTheCap() {
        var capture = OutputCapture(limit: 10)
        capture.append(Array("hello".utf8))
        #expect(capture.text == "hello")
        #expect(!capture.truncated)
    }

    @Test func cutsAtTheCapAndSaysSo() {
        var capture = OutputCapture(limit: 4)
        capture.append(Array("abc".utf8))
        capture.append(Array("defghij".utf8))
        #expect(capture.truncated)
        #expect(capture.total == 10)
        #expect(capture.text == "abcd\n[assay: output truncated: kept the first 4 of 10 bytes]\n")
    }

    @Test func removesTheReadyMarkerWherePythonPutIt() {
        var capture = OutputCapture(limit: 100)
        capture.append(Array("warning\n".utf8) + PythonDriver.readyMarker + Array("real".utf8))
        let found = capture.removeFirst(PythonDriver.readyMarker)
        #expect(found)
        #expect(capture.text == "warning\nreal")
        let again = capture.removeFirst(PythonDriver.readyMarker)
        #expect(!again)
    }

    @Test(arguments: [(UInt8(ascii: "0"), "Traceback\n"), (UInt8(ascii: "1"), "MemoryError\n")])
    func readsAndRemovesTheEndMarker(flag: UInt8, text: String) {
        var capture = OutputCapture(limit: 100)
        capture.append(Array(text.utf8) + PythonDriver.endMarkerPrefix + [flag] + PythonDriver.endMarkerSuffix)
        let found = capture.removeEndMarker()
        #expect(found == flag)
        #expect(capture.text == text)
        #expect(capture.total == text.utf8.count)
    }

    @Test func findsTheEndMarkerAfterHugeOutput() {
        var capture = OutputCapture(limit: 8)
        capture.append([UInt8](repeating: 0x61, count: 100_000))
        capture.append(PythonDriver.endMarkerPrefix + [UInt8(ascii: "1")] + PythonDriver.endMarkerSuffix)
        let found = capture.removeEndMarker()
        #expect(found == UInt8(ascii: "1"))
        #expect(capture.total == 100_000)
        #expect(capture.text.hasPrefix("aaaaaaaa\n[assay: output truncated: kept the first 8 of 100000 bytes]"))
    }

    @Test func ignoresAnIncompleteEndMarker() {
        var capture = OutputCapture(limit: 100)
        capture.append(PythonDriver.endMarkerPrefix + [UInt8(ascii: "1")])
        let found = capture.removeEndMarker()
        #expect(found == nil)
    }

    @Test func decodesInvalidUTF8Lossily() {
        var capture = OutputCapture(limit: 100)
        capture.append([0x41, 0xFF, 0x42])
        #expect(capture.text == "A\u{FFFD}B")
    }
}
