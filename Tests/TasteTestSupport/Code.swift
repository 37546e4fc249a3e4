import Foundation

/// Source files in a given style, small but shaped like real code: nested blocks, blank lines, a final newline.
public enum Code {
    public static func swiftType(_ name: String, indent: String = "    ") -> String {
        let i = indent
        return """
            struct \(name) {
            \(i)var items: [Int] = []

            \(i)func total() -> Int {
            \(i)\(i)var sum = 0
            \(i)\(i)for item in items {
            \(i)\(i)\(i)if item > 0 {
            \(i)\(i)\(i)\(i)sum += item
            \(i)\(i)\(i)}
            \(i)\(i)}
            \(i)\(i)return sum
            \(i)}
            }

            """
    }

    public static func xctestCase(_ name: String, indent: String = "    ") -> String {
        let i = indent
        return """
            import XCTest
            @testable import App

            final class \(name)Tests: XCTestCase {
            \(i)func testTotal() {
            \(i)\(i)XCTAssertEqual(\(name)(items: [1, 2]).total(), 3)
            \(i)}
            }

            """
    }

    public static func swiftTestingSuite(_ name: String) -> String {
        """
        import Testing

        @Test func \(name.lowercased())Totals() {
        \t#expect(\(name)(items: [1, 2]).total() == 3)
        \t#expect(\(name)(items: []).total() == 0)
        }

        """
    }

    public static func goFile(_ package: String, _ name: String) -> String {
        """
        package \(package)

        func \(name)(items []int) int {
        \ttotal := 0
        \tfor _, item := range items {
        \t\tif item > 0 {
        \t\t\ttotal += item
        \t\t}
        \t}
        \treturn total
        }

        """
    }

    public static func goTest(_ package: String, _ name: String) -> String {
        """
        package \(package)

        import "testing"

        func Test\(name)(t *testing.T) {
        \tif \(name)([]int{1, 2}) != 3 {
        \t\tt.Fatal("bad total")
        \t}
        }

        """
    }

    public static func pythonModule(_ name: String) -> String {
        """
        def \(name)(items):
            total = 0
            for item in items:
                if item > 0:
                    total += item
            return total


        class \(name.capitalized)Box:
            def __init__(self, items):
                self.items = items

            def total(self):
                return \(name)(self.items)

        """
    }

    public static func pytestFile(_ name: String, importing: Bool) -> String {
        (importing ? "import pytest\n\n" : "") + """
            from app import \(name)


            def test_\(name)_sums():
                assert \(name)([1, 2]) == 3


            def test_\(name)_empty():
                assert \(name)([]) == 0

            """
    }

    /// Tab-indented Swift, as a generator or a vendored library might write it.
    public static func tabbedSwift(_ name: String, header: String = "") -> String {
        header + (0..<12).map { "\t\t\tlet \(name.lowercased())\($0) = \($0)\n" }.joined()
    }

    /// A Python module indented with `indent` spaces. Every indented line steps by exactly one level, so the
    /// module votes for one indent size.
    public static func pythonModule(_ name: String, indent: Int) -> String {
        let i = String(repeating: " ", count: indent)
        return """
            def \(name)(items):
            \(i)total = 0
            \(i)for item in items:
            \(i)\(i)if item > 0:
            \(i)\(i)\(i)total += item
            \(i)return total


            class Box\(name.capitalized):
            \(i)def __init__(self, items):
            \(i)\(i)self.items = items

            \(i)def total(self):
            \(i)\(i)return \(name)(self.items)

            """
    }
}
