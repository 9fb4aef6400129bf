import HTTPTypes
import Hummingbird
import Synchronization

/// The paths and methods the server answers, so that a known path asked with the wrong
/// method gets 405 with `Allow` rather than 404.
final class RouteTable: Sendable {
    private let routes = Mutex<[(path: String, segments: [Substring], method: HTTPRequest.Method)]>([])

    /// Every route, in registration order.
    var all: [(path: String, method: HTTPRequest.Method)] {
        routes.withLock { $0.map { ($0.path, $0.method) } }
    }

    /// Records a route and returns its path, for `router.get(table.add(.get, "/x"))`.
    func add(_ method: HTTPRequest.Method, _ path: String) -> RouterPath {
        routes.withLock { $0.append((path, path.split(separator: "/"), method)) }
        return RouterPath(path)
    }

    /// The methods allowed on `path` (empty when no route matches it).
    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.withLock { routes in
            var methods: [HTTPRequest.Method] = []
            for route in routes where route.segments.count == segments.count {
                let matches = zip(route.segments, segments).allSatisfy { pattern, segment in
                    pattern.hasPrefix(":") || pattern == segment
                }
                if matches && !methods.contains(route.method) { methods.append(route.method) }
            }
            return methods
        }
    }
}

