/// A point in time after which cooperative work should stop.
///
/// Checkers poll ``isExpired`` at safe points (between parse steps, between evaluation
/// points) instead of being interrupted by signals, so a deadline is safe to use from many
/// threads at once.
public struct Deadline: Sendable, Hashable {
    /// The instant at which the deadline expires, or `nil` for no deadline.
    public let instant: ContinuousClock.Instant?

    /// A deadline that never expires.
    public static let never = Deadline(instant: nil)

    /// Creates a deadline `duration` from now.
    public static func after(_ duration: Duration) -> Deadline {
        Deadline(instant: ContinuousClock.now.advanced(by: duration))
    }

    /// Creates a deadline at an instant (or none).
    public init(instant: ContinuousClock.Instant?) {
        self.instant = instant
    }

    /// Whether the deadline has passed.
    public var isExpired: Bool {
        guard let instant else { return false }
        return ContinuousClock.now >= instant
    }
}
