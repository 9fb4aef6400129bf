import Foundation

/// The OpenAPI 3.1 description of the API, bundled as `Resources/openapi.yaml`.
public enum OpenAPIDocument {
    /// The document's text.
    public static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            // The resource is part of the target; a build without it is broken.
            fatalError("openapi.yaml is missing from the AssayServer bundle")
        }
        return text
    }()
}
