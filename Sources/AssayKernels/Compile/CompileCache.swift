import Foundation

/// The content-addressed build cache: one directory per key holding the built library, the
/// generated sources, the build log and `manifest.json`.
///
/// Builds happen in a private temporary directory that is renamed into place when complete,
/// so a reader never sees a half-written entry and concurrent builders of the same key (other
/// processes) cannot corrupt each other: the first rename wins and the loser's copy is removed.
/// Compile errors are cached too (compilers are deterministic); timeouts and unavailable builds
/// are not.
struct CompileCache: Sendable {
    /// What `manifest.json` records about a build.
    struct Manifest: Codable, Sendable {
        var format = "assay-kernel-build/1"
        var key: String
        var build: ExtensionBuild
        var toolchain: String
        var created: Date
    }

    var directory: String

    func entryDirectory(_ key: String) -> String { "\(directory)/\(key.prefix(2))/\(key)" }

    /// A finished entry, if there is one.
    func lookup(_ key: String) -> ExtensionBuild? {
        let path = entryDirectory(key) + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: path),
            let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.key == key
        else { return nil }
        var build = manifest.build
        build.directory = entryDirectory(key)
        if let library = build.library, build.status == .compiled,
            !FileManager.default.fileExists(atPath: entryDirectory(key) + "/" + library)
        {
            return nil
        }
        build.cached = true
        build.seconds = 0
        return build
    }

    /// A fresh private directory to build `key` in.
    func workDirectory(_ key: String) throws -> String {
        let path = "\(directory)/tmp/\(key.prefix(16))-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Moves a finished build from `work` into the cache (keeping an entry another process
    /// finished first) and returns the build as stored.
    func commit(_ build: ExtensionBuild, from work: String, toolchain: String) throws -> ExtensionBuild {
        let final = entryDirectory(build.key)
        var stored = build
        stored.directory = final
        let manifest = Manifest(key: build.key, build: stored, toolchain: toolchain, created: Date())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: work + "/manifest.json"))
        try FileManager.default.createDirectory(
            atPath: (final as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if rename(work, final) != 0 {
            // Another builder got there first (EEXIST/ENOTEMPTY): theirs is as good as ours.
            try? FileManager.default.removeItem(atPath: work)
            if let existing = lookup(build.key) {
                var kept = existing
                kept.cached = false
                kept.seconds = build.seconds
                return kept
            }
            throw CocoaError(.fileWriteUnknown)
        }
        return stored
    }

    /// Removes a work directory that will not be committed.
    func discard(_ work: String) {
        try? FileManager.default.removeItem(atPath: work)
    }
}
