/// Every fact a rule can state, named once: miners state them, configuration readers declare them, drift and
/// the exports compare them. The raw value is the key stored in skills JSON and shown by `taste skills --json`,
/// so renaming a case is free and changing a raw value is a change of format.
public enum FactKey: String, CaseIterable, Comparable, Sendable {
    // Formatting
    case indentStyle = "indent_style"
    case indentSize = "indent_size"
    case maxLineLength = "max_line_length"
    /// The columns a tab counts for against `max_line_length`.
    case tabWidth = "tab_width"
    /// Stated only as `false`: comment lines run past the limit the code keeps, so they are not held to it.
    case commentsWithinLineLength = "comments_within_line_length"
    case finalNewline = "final_newline"
    case trimTrailingWhitespace = "trim_trailing_whitespace"
    case lineEndings = "line_endings"
    case quoteStyle = "quote_style"
    case semicolons
    case trailingCommas = "trailing_commas"
    case braceStyle = "brace_style"
    case maxBlankLines = "max_blank_lines"
    case blankLinesBeforeDefinitions = "blank_lines_before_definitions"
    // Imports
    case importsSorted = "imports_sorted"
    case importsGrouped = "imports_grouped"
    case relativeImports = "relative_imports"
    case testableImport = "testable_import"
    // Documentation
    case docCommentStyle = "doc_comment_style"
    case docCommentStartsWithName = "doc_comment_starts_with_name"
    case docstringStyle = "docstring_style"
    case publicApiDocumented = "public_api_documented"
    // Idioms
    case customErrorTypes = "custom_error_types"
    case customExceptions = "custom_exceptions"
    case errorWrapping = "error_wrapping"
    case errorLibrary = "error_library"
    case typedThrows = "typed_throws"
    case logger
    case printForLogging = "print_for_logging"
    // Naming
    case typeCase = "type_case"
    case functionCase = "function_case"
    case methodCase = "method_case"
    case variableCase = "variable_case"
    case constantCase = "constant_case"
    case enumCaseCase = "enum_case_case"
    case acronymStyle = "acronym_style"
    case fileNaming = "file_naming"
    case testNaming = "test_naming"
    case testNamingStyles = "test_naming_styles"
    // Testing
    case testFramework = "test_framework"
    case testFrameworks = "test_frameworks"
    case assertionLibrary = "assertion_library"
    case testLocation = "test_location"
    case testDirs = "test_dirs"
    case testFilePattern = "test_file_pattern"
    // Changes and commit messages
    case coChanges = "co_changes"
    case changelogEntry = "changelog_entry"
    case changelogFile = "changelog_file"
    case commitConvention = "commit_convention"
    case commitTypes = "commit_types"
    case commitScopes = "commit_scopes"
    case subjectPrefix = "subject_prefix"
    case subjectAreas = "subject_areas"
    case subjectMaxLength = "subject_max_length"
    case imperativeMood = "imperative_mood"
    case prNumberSuffix = "pr_number_suffix"
    case signOff = "sign_off"
    // Dependencies
    case ecosystem
    case library
    case libraries
    case replaced

    /// Ordered by stored key, as facts sorted by their strings were.
    public static func < (lhs: FactKey, rhs: FactKey) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Dictionary where Key == String {
    /// A rule's facts (or their shares) are stored by string; code reads and writes them by ``FactKey``.
    public subscript(_ key: FactKey) -> Value? {
        get { self[key.rawValue] }
        set { self[key.rawValue] = newValue }
    }

    /// Facts keyed by ``FactKey``, stored by their strings.
    public init(facts: [FactKey: Value]) {
        self.init(uniqueKeysWithValues: facts.map { ($0.key.rawValue, $0.value) })
    }
}
