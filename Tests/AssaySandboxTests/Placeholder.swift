import Testing
@testable import AssaySandbox
