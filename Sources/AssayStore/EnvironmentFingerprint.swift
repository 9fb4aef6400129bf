import Foundation

/// Where verdicts were produced: the toolchain, the machine and (for kernels) torch and the GPU.
///
/// Stored once per distinct fingerprint, under the hash of its canonical JSON, and referenced
/// by runs and verdicts so that a speedup measured on one GPU is never compared blindly with
/// one measured on another.
public struct EnvironmentFingerprint: Sendable, Hashable, Codable {
    /// Assay's own version.
    public var assayVersion: String
    /// The Swift toolchain Assay was built with.
    public var toolchain: String
    /// Operating system and kernel.
    public var os: String
    /// CPU model.
    public var cpu: String
    /// Logical CPU count.
    public var cores: Int
    /// Python version used by the sandbox, when probed.
    public var python: String?
    /// torch version, when probed (kernel evaluation).
    public var torch: String?
    /// GPU model and driver, when probed.
    public var gpu: String?
    /// Anything else worth recording (`CUDA_VISIBLE_DEVICES`, container image, ...).
    public var extra: [String: String]

    /// Creates a fingerprint.
    public init(
        assayVersion: String, toolchain: String, os: String, cpu: String, cores: Int,
        python: String? = nil, torch: String? = nil, gpu: String? = nil, extra: [String: String] = [:]
    ) {
        self.assayVersion = assayVersion
        self.toolchain = toolchain
        self.os = os
        self.cpu = cpu
        self.cores = cores
        self.python = python
        self.torch = torch
        self.gpu = gpu
        self.extra = extra
    }

    /// The fingerprint as canonical JSON (sorted keys, no whitespace).
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings and integers cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The content address of the fingerprint.
    public var id: ContentHash { ContentHash.of(bytes: canonicalJSON.utf8) }
}
