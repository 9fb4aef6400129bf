import Subprocess

extension LaunchPlan {
    /// The environment in Subprocess's key type.
    var environmentKeys: [Environment.Key: String] {
        var keys: [Environment.Key: String] = [:]
        for (name, value) in environment {
            if let key = Environment.Key(rawValue: name) { keys[key] = value }
        }
        return keys
    }
}
