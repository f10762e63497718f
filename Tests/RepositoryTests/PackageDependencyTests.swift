import Foundation
import Testing

/// Package.swift says what each target depends on; the `import` lines say what it uses. They must agree: a declared
/// dependency nothing imports is build time and a false edge in the module graph, and an import of a module the
/// target does not declare builds only because some other dependency happens to bring it (issue 17).
@Suite struct PackageDependencyTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Modules of the toolchain and the platform, never declared in Package.swift.
    static let platformModules: Set<String> = [
        "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML", "Dispatch", "Glibc", "Musl",
        "Darwin", "Android", "Bionic", "WinSDK", "ucrt", "CRT", "XCTest", "Testing", "Synchronization", "RegexBuilder",
        "os",
        "_Concurrency", "Observation",
    ]

    @Test func everyTargetDeclaresWhatItImportsAndImportsWhatItDeclares() throws {
        let targets = try Self.targets()
        #expect(targets.count > 10)
        var problems: [String] = []
        for target in targets {
            let imports = try Self.imports(of: target)
            let unused = target.dependencies.subtracting(imports).sorted()
            let undeclared = imports.subtracting(target.dependencies).subtracting([target.name]).sorted()
            if !unused.isEmpty {
                problems.append("\(target.name) declares \(unused) but no file of \(target.directory) imports it")
            }
            if !undeclared.isEmpty {
                problems.append("\(target.name) imports \(undeclared) without declaring it in Package.swift")
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func theParserReadsTargetsProductsAndPaths() throws {
        let manifest = """
            .target(
                name: "A",
                dependencies: ["B", .product(name: "Logging", package: "swift-log")],
                swiftSettings: strictSettings
            ),
            .executableTarget(
                name: "tool",
                dependencies: [
                    "A", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                ],
                path: "Benchmarks/tool"
            ),
            .testTarget(name: "ATests", swiftSettings: strictSettings),
            """
        let targets = Self.targets(in: manifest)
        #expect(targets.map(\.name) == ["A", "tool", "ATests"])
        #expect(targets[0].dependencies == ["B", "Logging"])
        #expect(targets[1].dependencies == ["A", "ArgumentParser"])
        #expect(targets[1].directory == "Benchmarks/tool")
        #expect(targets[2].dependencies.isEmpty && targets[2].directory == "Tests/ATests")
    }

    // MARK: - Reading Package.swift and the imports

    struct Target {
        var name: String
        var dependencies: Set<String>
        /// Relative to the repository.
        var directory: String
    }

    static func targets() throws -> [Target] {
        targets(in: try String(contentsOf: repository.appendingPathComponent("Package.swift"), encoding: .utf8))
    }

    /// The Swift targets of a manifest: `.target`, `.executableTarget` and `.testTarget` calls, each with the target
    /// names and product names of its `dependencies:` and its `path:` (else `Sources/<name>` or `Tests/<name>`).
    static func targets(in manifest: String) -> [Target] {
        var targets: [Target] = []
        let opener = #/\.(target|executableTarget|testTarget)\(/#
        var rest = manifest[...]
        while let match = rest.firstMatch(of: opener) {
            let body = balanced(rest[match.range.upperBound...])
            rest = rest[body.endIndex...]
            guard let name = body.firstMatch(of: #/name:\s*"([^"]+)"/#)?.output.1 else { continue }
            var dependencies: Set<String> = []
            if let list = body.firstMatch(of: #/dependencies:\s*\[/#) {
                var items = String(balanced(body[list.range.upperBound...], open: "[", close: "]"))
                for product in items.matches(of: #/\.(?:product|target)\(\s*name:\s*"([^"]+)"[^)]*\)/#) {
                    dependencies.insert(String(product.output.1))
                }
                items.replace(#/\.(?:product|target)\([^)]*\)/#, with: "")
                for plain in items.matches(of: #/"([^"]+)"/#) {
                    dependencies.insert(String(plain.output.1))
                }
            }
            let kind = match.output.1
            let path = body.firstMatch(of: #/path:\s*"([^"]+)"/#).map { String($0.output.1) }
            targets.append(
                Target(
                    name: String(name), dependencies: dependencies,
                    directory: path ?? (kind == "testTarget" ? "Tests/\(name)" : "Sources/\(name)")))
        }
        return targets
    }

    /// The text up to the bracket that closes the one just before `text` (strings are not looked into: the manifest
    /// has no brackets in its strings).
    static func balanced(_ text: Substring, open: Character = "(", close: Character = ")") -> Substring {
        var depth = 1
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == open {
                depth += 1
            } else if text[index] == close {
                depth -= 1
                if depth == 0 { return text[text.startIndex..<index] }
            }
            index = text.index(after: index)
        }
        return text
    }

    /// The modules the target's Swift files import, without the platform's.
    static func imports(of target: Target) throws -> Set<String> {
        let directory = repository.appendingPathComponent(target.directory)
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        // `[@attributes] [access] import [kind] Module`, one per line.
        let line = #/
            (?m) ^ \s* (?: @[A-Za-z_]+ (?: \( [^)]* \) )? \s+ )*
            (?: public\s | internal\s | package\s | private\s | fileprivate\s )?
            import \s+ (?: (?: struct | enum | class | func | protocol | typealias | var | let ) \s+ )?
            ([A-Za-z_][A-Za-z0-9_]*)
            /#
        var modules: Set<String> = []
        for case let path as String in enumerator where path.hasSuffix(".swift") {
            let text = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
            for match in text.matches(of: line) {
                modules.insert(String(match.output.1))
            }
        }
        return modules.subtracting(platformModules)
    }
}
