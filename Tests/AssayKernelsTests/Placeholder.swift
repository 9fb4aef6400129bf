import Testing
@testable import AssayKernels
