import Foundation
import Testing

/// The product stands alone, so it ships copies of the shared worked cases and the ISO 20022 schemas.
/// When the shared references sit beside the checkout (`../shared`), every file there must be in the copy, byte for byte.
@Suite struct SharedCopiesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")

    static func files(under directory: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(
                atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    @Test(arguments: ["cases", "schemas"])
    func repositoryCopyMatchesTheSharedReference(folder: String) throws {
        let source = Self.shared.appendingPathComponent(folder)
        guard FileManager.default.fileExists(atPath: source.path) else { return }  // a user's clone has no ../shared
        let sharedFiles = Self.files(under: source)
        #expect(!sharedFiles.isEmpty)
        for file in sharedFiles {
            let original = try Data(contentsOf: source.appendingPathComponent(file))
            let copyURL = Self.repository.appendingPathComponent(folder).appendingPathComponent(file)
            let copy = try? Data(contentsOf: copyURL)
            #expect(copy == original, "\(folder)/\(file) differs from ../shared/\(folder)/\(file): copy it again")
        }
    }

    @Test func theRepositoryShipsTheWorkedCasesAndSchemas() {
        let cases = Self.files(under: Self.repository.appendingPathComponent("cases"))
        #expect(cases.filter { $0.hasSuffix(".case.json") }.count >= 32)
        #expect(
            FileManager.default.fileExists(
                atPath: Self.repository.appendingPathComponent("schemas/pain.001.001.03.xsd").path))
        #expect(
            FileManager.default.fileExists(
                atPath: Self.repository.appendingPathComponent("schemas/pain.002.001.03.xsd").path))
    }
}
