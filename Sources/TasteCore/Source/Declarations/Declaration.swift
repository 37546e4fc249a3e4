/// A name one added line declares, as its language's grammar reads it: what it is, its name, the modifiers that
/// say who sees it, and the attributes written before it. ``SourceFile/declarations`` lists them.
///
/// Like a ``SourceLine``, a declaration's name points into its file's bytes: valid while the miner that received
/// the file runs.
public struct Declaration {
    public enum Kind: UInt8, Sendable {
        case type, function, method, constant, variable, enumCase
        /// Swift's `init`, a Java constructor.
        case initializer
        /// Swift's `subscript`.
        case `subscript`
        /// Swift's `macro`.
        case macro
        /// Rust's `mod`.
        case module
        /// A property set on an object: CommonJS `exports.x = …`, `module.exports = …`, `app.listen = function …`.
        case property
        /// A test declared by a call that describes it: `it('parses empty input', …)`, `test "parses" do`.
        case test
    }

    public struct Modifiers: OptionSet, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// Seen outside its module by the language's rule: `public`/`open` (Swift), `pub` (Rust), `export`
        /// (JavaScript), `public` (Java), no `private`/`internal`/`protected` (Kotlin), a capital (Go), no
        /// leading underscore (Python).
        public static let `public` = Modifiers(rawValue: 1 << 0)
        /// `public` is written where it is the default (Kotlin).
        public static let writtenPublic = Modifiers(rawValue: 1 << 1)
        public static let `static` = Modifiers(rawValue: 1 << 2)
        public static let override = Modifiers(rawValue: 1 << 3)
        /// Go: a method, declared with a receiver (`func (s *Server) Serve(`).
        public static let receiver = Modifiers(rawValue: 1 << 4)
        /// The language or a framework imposes the name, so its case is no choice: Python's dunders, a
        /// component's or constructor's capital, a constant that mirrors a C name.
        public static let imposedName = Modifiers(rawValue: 1 << 5)
        /// The line does not tell what the name is: a type alias or a variable (`Headers = dict[str, str]`), a
        /// class made by a call (`Point = Struct.new`), an immutable binding to no literal (`static let DEFAULT = Config()`).
        public static let unclearKind = Modifiers(rawValue: 1 << 6)
        /// The name is written in backticks (Kotlin's test names): a sentence, not an identifier.
        public static let quotedName = Modifiers(rawValue: 1 << 7)
    }

    public var kind: Kind
    /// Index of the line in the file's ``SourceFile/lines``.
    public var line: Int
    /// The declared identifier; nil where the line declares no plain name (`init`, `func ==`, `let (a, b)`,
    /// `companion object`) or its name is not read.
    public var name: UnsafeBufferPointer<UInt8>?
    public var modifiers: Modifiers
    /// Attributes, annotations and decorators before it: on the lines above and on its own line.
    public var attributes: [Attribute] = []
    /// An enum whose body opens on this line or the next: its members follow.
    var opensEnum = false

    init(_ kind: Kind, line: Int, name: UnsafeBufferPointer<UInt8>?, modifiers: Modifiers = []) {
        self.kind = kind
        self.line = line
        self.name = name
        self.modifiers = modifiers
    }

    /// The name as a string, for messages and tests.
    public var nameText: String? { name.map { String(decoding: $0, as: UTF8.self) } }
}

/// An attribute, annotation or decorator: `@Test("Parses empty input")`, `#[tokio::test]`, `@property`.
public struct Attribute {
    /// The last component of its name: `Test`, `test` for `tokio::test`, `setter` for `@x.setter`.
    public var name: UnsafeBufferPointer<UInt8>
    /// Its arguments open with a string: `@Test("Parses empty input")`, `@DisplayName("…")`.
    public var describes: Bool
    /// Index of its line in the file's ``SourceFile/lines``.
    public var line: Int
}
