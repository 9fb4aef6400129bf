import Testing
@testable import AssayMath
