import Checksum
import Foundation
import Testing

/// The committed server code is generated from the committed document: each generated file names the SHA-256 of
/// openapi/santunan.yaml it came from. Changing the document without `openapi/generate.sh` fails here.
@Suite("OpenAPI document and generated code")
struct OpenAPIDriftTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theGeneratedCodeMatchesTheDocument() throws {
        let document = try Data(contentsOf: Self.repository.appendingPathComponent("openapi/santunan.yaml"))
        let digest = SHA256.hash(Array(document)).hex
        let directory = Self.repository.appendingPathComponent("Sources/SantunanServer/Generated")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }
        #expect(files.contains("Server.swift") && files.contains("Types.swift"))
        for file in files {
            let generated = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let firstLine = generated.prefix { $0 != "\n" }
            #expect(
                firstLine.contains("sha256:\(digest)"),
                "openapi/santunan.yaml changed since \(file) was generated: run openapi/generate.sh and commit both")
        }
    }
}
