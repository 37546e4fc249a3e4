import Foundation
import TasteCore

func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// A line on stderr for something the user should know that is not a failure.
func printNote(_ text: String) {
    FileHandle.standardError.write(Data("taste: \(text)\n".utf8))
}

/// A one-line progress bar on stderr: commits done of total, rate and time left.
final class ProgressBar: @unchecked Sendable {
    private var lastDraw = Date.distantPast

    func update(_ progress: MiningProgress) {
        guard Date().timeIntervalSince(lastDraw) > 0.1 || progress.done == progress.total else { return }
        lastDraw = Date()
        let width = 30
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 1
        let filled = Int(fraction * Double(width))
        let rate = progress.elapsed > 0 ? Double(progress.done) / progress.elapsed : 0
        let left = rate > 0 ? Double(progress.total - progress.done) / rate : 0
        let line = String(
            format: "\r[%@%@] %d/%d commits  %.0f/s  %.0fs left ",
            String(repeating: "#", count: filled), String(repeating: " ", count: width - filled),
            progress.done, progress.total, rate, left)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static var standardOutputHasColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
