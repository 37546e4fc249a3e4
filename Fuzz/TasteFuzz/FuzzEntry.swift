import Foundation

// libFuzzer's `main` drives the process: this module has no entry point of its own (built with -parse-as-library).

/// The target named by `TASTE_FUZZ_TARGET`, read once.
private let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["TASTE_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("TASTE_FUZZ_TARGET must name a target (one of \(known)), not '\(name)'\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selected.run(bytes)
    return 0
}
