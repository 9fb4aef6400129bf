/// Collects one output stream up to a cap, counting what it drops.
///
/// Keeps the first `limit` bytes (plus a little slack so the driver's markers can be removed
/// without losing real output) and the last few bytes, where the driver's end marker lands
/// even when the stream is far over the cap.
struct OutputCapture: Sendable {
    /// Bytes of real output to keep.
    let limit: Int
    /// The first bytes of the stream.
    private(set) var head: [UInt8] = []
    /// The last bytes of the stream.
    private(set) var tail: [UInt8] = []
    /// Every byte seen.
    private(set) var total = 0

    private static let slack = 64
    private static let tailLength = 64

    init(limit: Int) {
        self.limit = limit
    }

    /// Adds a chunk read from the stream.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        total += bytes.count
        let room = limit + Self.slack - head.count
        if room > 0 { head.append(contentsOf: bytes.prefix(room)) }
        if bytes.count >= Self.tailLength {
            tail = Array(bytes.suffix(Self.tailLength))
        } else {
            tail.append(contentsOf: bytes)
            if tail.count > Self.tailLength { tail.removeFirst(tail.count - Self.tailLength) }
        }
    }

    /// Adds bytes.
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Removes the first occurrence of `marker` from the kept head of the stream (Python may
    /// print warnings before the driver writes it); says whether it was there.
    mutating func removeFirst(_ marker: [UInt8]) -> Bool {
        guard !marker.isEmpty, head.count >= marker.count else { return false }
        for start in 0...(head.count - marker.count) where head[start] == marker[0] {
            if head[start..<(start + marker.count)].elementsEqual(marker) {
                head.removeSubrange(start..<(start + marker.count))
                total -= marker.count
                return true
            }
        }
        return false
    }

    /// Removes the driver's end marker from the end of the stream if it is there, returning
    /// its flag digit.
    mutating func removeEndMarker() -> UInt8? {
        let suffix = PythonDriver.endMarkerSuffix
        let prefix = PythonDriver.endMarkerPrefix
        let length = prefix.count + 1 + suffix.count
        guard tail.count >= length, tail.suffix(suffix.count).elementsEqual(suffix) else { return nil }
        let start = tail.count - length
        guard tail[start..<(start + prefix.count)].elementsEqual(prefix) else { return nil }
        let flag = tail[start + prefix.count]
        let headHeldEverything = head.count == total
        total -= length
        if headHeldEverything { head.removeLast(length) }
        tail.removeLast(length)
        return flag
    }

    /// Whether more than `limit` bytes of real output were written.
    var truncated: Bool { total > limit }

    /// The kept output as text, with a truncation marker when bytes were dropped.
    var text: String {
        Self.render(head.prefix(limit), total: total, limit: limit)
    }

    /// Decodes `bytes` (lossy UTF-8) and appends the truncation marker if `total > limit`.
    static func render(_ bytes: some Collection<UInt8>, total: Int, limit: Int) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if total > limit { text += truncationMarker(kept: limit, total: total) }
        return text
    }

    /// The line appended to output that was cut.
    static func truncationMarker(kept: Int, total: Int) -> String {
        "\n[assay: output truncated: kept the first \(kept) of \(total) bytes]\n"
    }
}
