import Foundation

/// Writes skills in the Agent Skills layout, `DIR/<name>/SKILL.md`.
///
/// Each file is written atomically (a temporary file, then a rename) and only when its text changed, so an
/// export that finds nothing new touches nothing.
public struct SkillExporter {
    public struct Result: Sendable, Equatable {
        public var written: [String] = []
        public var unchanged: [String] = []
        public var removed: [String] = []
    }

    public let renderer: SkillRenderer

    public init(renderer: SkillRenderer) { self.renderer = renderer }

    /// Agent Skills names: 1 to 64 of a-z, 0-9 and single inner hyphens.
    public static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.count), !name.hasPrefix("-"), !name.hasSuffix("-"), !name.contains("--") else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    public func export(_ skills: [Skill], repository: String, head: String, to directory: String) throws -> Result {
        var result = Result()
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TasteError.export("cannot create \(directory): \(Store.reason(error))")
        }
        let exported = skills.filter { $0.status != .retired }
        for skill in exported {
            guard Self.isValidName(skill.name) else { throw TasteError.export("'\(skill.name)' is not a valid skill name") }
            let folder = directory + "/" + skill.name
            try refuseSymlink(folder)
            try? fm.createDirectory(atPath: folder, withIntermediateDirectories: false)
            let file = folder + "/SKILL.md"
            try refuseSymlink(file)
            let text = renderer.render(skill, repository: repository, head: head)
            if let current = fm.contents(atPath: file), current == Data(text.utf8) {
                result.unchanged.append(skill.name)
                continue
            }
            try writeAtomically(Data(text.utf8), to: file)
            result.written.append(skill.name)
        }
        // Folders of skills this repository no longer has, written by taste earlier, go.
        let names = Set(exported.map(\.name))
        for entry in (try? fm.contentsOfDirectory(atPath: directory))?.sorted() ?? [] where !names.contains(entry) {
            let file = directory + "/" + entry + "/SKILL.md"
            guard let data = fm.contents(atPath: file), String(decoding: data, as: UTF8.self).contains("\n  generator: \"taste\"\n"),
                  String(decoding: data, as: UTF8.self).contains("\n  repository: \(yamlQuoted(repository))\n") else { continue }
            try? fm.removeItem(atPath: file)
            rmdir(directory + "/" + entry)  // only when nothing else is in it
            result.removed.append(entry)
        }
        return result
    }

    private func refuseSymlink(_ path: String) throws {
        if let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType, type == .typeSymbolicLink {
            throw TasteError.export("\(path) is a symbolic link; taste does not write through links")
        }
    }

    private func writeAtomically(_ data: Data, to path: String) throws {
        let temporary = path + ".taste-\(ProcessInfo.processInfo.processIdentifier).tmp"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                throw TasteError.export("cannot replace \(path): \(String(cString: strerror(errno)))")
            }
        } catch let error as TasteError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw TasteError.export("cannot write \(path): \(Store.reason(error))")
        }
    }
}
