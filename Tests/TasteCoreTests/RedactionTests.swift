import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Secrets in merged code never reach the store, the exports or the JSON; ordinary code is quoted as it is.
final class RedactionTests: XCTestCase {
    // MARK: SecretRedactor

    func testEachKindOfSecretIsRedacted() {
        for planted in PlantedSecrets.all {
            for line in [planted.line, "    " + planted.line, "\t\t" + planted.line + "  // trailing comment", "x(" + planted.line + ")"] {
                let redacted = SecretRedactor.redact(line)
                XCTAssertEqual(PlantedSecrets.leaks(in: redacted, of: [planted]), [], "\(planted.kind): \(redacted)")
                XCTAssertTrue(redacted.contains(SecretRedactor.mask), "\(planted.kind): \(redacted)")
            }
        }
    }

    /// The redaction takes the secret, not the code around it.
    func testRedactionKeepsTheCodeAroundTheSecret() {
        XCTAssertEqual(SecretRedactor.redact(#"    client.configure("AKIAZ7Q4M2X9R5T1W3Y8")"#), #"    client.configure("[redacted]")"#)
        XCTAssertEqual(
            SecretRedactor.redact(#"db.connect("postgres://admin:Hunter2Secret@db.example.com/app")"#),
            #"db.connect("postgres://admin:[redacted]@db.example.com/app")"#)
        XCTAssertEqual(SecretRedactor.redact(#"password = "correct-horse-battery-staple""#), #"password = "[redacted]""#)
        XCTAssertEqual(SecretRedactor.redact("api_key: 9f8e7d6c5b4a39281706"), "api_key: [redacted]")
        XCTAssertEqual(SecretRedactor.redact(#"signature = "q8Zr4Lx1Vn7Tb2Mw9Kc3Hp6Jd0Fs5Gy""#), #"signature = "[redacted]""#)
        XCTAssertEqual(SecretRedactor.redact("-----BEGIN OPENSSH PRIVATE KEY-----"), "[redacted]")
        XCTAssertEqual(SecretRedactor.redact("-----BEGIN PGP PRIVATE KEY BLOCK-----"), "[redacted]")
    }

    func testOrdinaryCodeIsLeftAsItIs() {
        let ordinary = [
            "let total = items.count",
            #"url = "https://example.com/docs""#,
            "let configurationManagerFactoryProvider = makeDefaultConfigurationManagerFactoryProvider()",
            #"name = "user_profile_settings_page_title""#,
            #"padding = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa""#,
            "    for (index, item) in items.enumerated() where item > 0 {",
            "// See https://github.com/org/repo/blob/main/README.md#section",
            "func testSkillsForPath() throws {",
            "\tif err != nil {",
            "sk = make_sketch(points)",
            "-----BEGIN CERTIFICATE-----",
            "",
        ]
        for line in ordinary {
            XCTAssertEqual(SecretRedactor.redact(line), line)
        }
    }

    /// A value given to a credential's name is masked whatever its entropy, in every case style and syntax.
    func testValuesOfCredentialNamesAreRedactedWhateverTheyLookLike() {
        let cases = [
            (#"DB_PASS = "CorrectHorseBattery9""#, #"DB_PASS = "[redacted]""#),
            (#"dbPass := "CorrectHorseBattery9""#, #"dbPass := "[redacted]""#),
            (#"  "db-pass": "CorrectHorseBattery9","#, #"  "db-pass": "[redacted]","#),
            ("export DB_PASS=CorrectHorseBattery9", "export DB_PASS=[redacted]"),
            ("db_pass: CorrectHorseBattery9", "db_pass: [redacted]"),
            ("spring.datasource.password=hunter22", "spring.datasource.password=[redacted]"),
            (#"let apiKey: String = "abc""#, #"let apiKey: String = "[redacted]""#),
            (#"var dbPassword string = "letmein""#, #"var dbPassword string = "[redacted]""#),
            (#"client_secret='plain words'"#, "client_secret='[redacted]'"),
            (#"AUTH_TOKEN = "tok""#, #"AUTH_TOKEN = "[redacted]""#),
            (#"STRIPE_KEY="stripe""#, #"STRIPE_KEY="[redacted]""#),
            (#"self.privateKey = r'mykey'"#, "self.privateKey = r'[redacted]'"),
            (#"headers["Authorization"] = "Basic dXNlcg==""#, #"headers["Authorization"] = "[redacted]""#),
            (#"PWD = "Summer2024""#, #"PWD = "[redacted]""#),
            (#"user.set(password: "Summer2024", name: "ann")"#, #"user.set(password: "[redacted]", name: "ann")"#),
            (#":secret_token => "abcd","#, #":secret_token => "[redacted]","#),
            (#"$db_pass = 'hunter2';"#, "$db_pass = '[redacted]';"),
            (#"if password == "letmein":"#, #"if password == "[redacted]":"#),
        ]
        for (line, expected) in cases {
            XCTAssertEqual(SecretRedactor.redact(line), expected, line)
        }
    }

    /// Names about a credential, and code that reads one, keep their text: only literal values go.
    func testCodeAboutCredentialsKeepsItsText() {
        let ordinary = [
            #"password_field = form.field("password")"#,
            #"token_url = "https://auth.example.com/token""#,
            #"PASSWORD_PROMPT = "Password: ""#,
            #"author = "Jane Doe""#,
            #"keyboard_layout = "dvorak""#,
            #"sort_key = "name""#,
            "password = form.password",
            "password = getpass(prompt)",
            #"msg = "Enter your password: " + name"#,
            "let token = try await session.token()",
            #"auth_method = "oauth""#,
            "passwordLength: 12",
            "std::string key = make_key();",
            #"print("token: %s" % masked)"#,
            #"password = """#,
        ]
        for line in ordinary {
            XCTAssertEqual(SecretRedactor.redact(line), line)
        }
    }

    /// A line of bare base64 is a key body even without its BEGIN line; code and hashes are not.
    func testBareBase64LinesAreRedacted() {
        let body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
        for line in [body, "    " + body, "\"\(body)\\n\" +", "'\(body)',", "MIIEowIBAAKCAQEAx9Pz3Lq7Rv/8+Tn2Wk4Zp1Hm6Ec0Ga=="] {
            XCTAssertEqual(SecretRedactor.redact(line).trimmingCharacters(in: .whitespaces), SecretRedactor.mask, line)
        }
        for line in [
            "da39a3ee5e6b4b0d3255bfef95601890afd80709", "configurationManagerFactoryProviderForTheDefaultScene",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "AAAAB3Nza==",
        ] {
            XCTAssertEqual(SecretRedactor.redact(line), line)
        }
    }

    /// Every added line from a BEGIN line to its END line, whatever it holds; and the lines right above an END
    /// line whose BEGIN line was not added.
    func testPrivateKeyBlocksAreFoundAcrossLines() {
        func lines(_ numbered: [(Int, String)]) -> [AddedLine] { numbered.map { AddedLine(number: $0.0, text: $0.1) } }
        let file = lines([
            (1, "import os"), (2, #"KEY = """-----BEGIN RSA PRIVATE KEY-----"#), (3, "Proc-Type: 4,ENCRYPTED"), (4, "short=="),
            (5, #"-----END RSA PRIVATE KEY-----""""#), (6, "print(KEY)"),
        ])
        XCTAssertEqual(SecretRedactor.privateKeyLines(file), [2, 3, 4, 5])
        let rotated = lines([(1, "import os"), (7, "x1y2=="), (8, "z3=="), (9, "-----END PRIVATE KEY-----"), (10, "done")])
        XCTAssertEqual(SecretRedactor.privateKeyLines(rotated), [7, 8, 9])
        let unclosed = lines([(3, "-----BEGIN EC PRIVATE KEY-----"), (4, "abc"), (9, "def")])
        XCTAssertEqual(SecretRedactor.privateKeyLines(unclosed), [3, 4, 9])
        XCTAssertEqual(SecretRedactor.privateKeyLines(lines([(1, "-----BEGIN CERTIFICATE-----"), (2, "abc")])), [])
    }

    // MARK: codeSpan

    /// The content a CommonMark reader takes from a code span (one line): the text between the fences, with one
    /// space stripped from each end when both ends have one.
    private func readBack(_ span: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let spans = MarkdownCode.spans(in: Substring(span))
        guard spans.count == 1, let range = spans.first else {
            XCTFail("\(span.debugDescription) is \(spans.count) spans", file: file, line: line)
            return nil
        }
        let fence = span.prefix { $0 == "`" }
        guard span.hasSuffix(String(fence)), span.index(span.startIndex, offsetBy: fence.count) == range.lowerBound,
            range.upperBound == span.index(span.endIndex, offsetBy: -fence.count)
        else {
            XCTFail("\(span.debugDescription) has text outside its span", file: file, line: line)
            return nil
        }
        var content = String(span[range])
        if content.hasPrefix(" "), content.hasSuffix(" "), !content.allSatisfy({ $0 == " " }) {
            content = String(content.dropFirst().dropLast())
        }
        return content
    }

    func testCodeSpanQuotesBackticks() {
        XCTAssertEqual(codeSpan("let x = 1"), "`let x = 1`")
        XCTAssertEqual(codeSpan("a ` b"), "`` a ` b ``")
        XCTAssertEqual(codeSpan("`"), "`` ` ``")
        XCTAssertEqual(codeSpan("``x``"), "``` ``x`` ```")
        for text in [
            "let x = 1", "a ` b", "`", "``", "``x``", "`start", "end`", "a ``` b ` c", "    indented `code`", "```",
            "](http://evil) [x](y)", "<!-- taste:end -->", "* not a list", "| table |",
        ] {
            XCTAssertEqual(readBack(codeSpan(text)), text, text.debugDescription)
        }
    }

    func testCodeSpanMakesControlCharactersVisibleAndKeepsItOnOneLine() {
        let span = codeSpan("a\nb\rc\u{7}d\u{1B}[31me\u{7F}")
        XCTAssertFalse(span.contains("\n") || span.contains("\r") || span.contains("\u{1B}") || span.contains("\u{7}"), span.debugDescription)
        XCTAssertEqual(readBack(span), "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}[31me\u{FFFD}")
    }

    /// A tab is not a control character a reader needs protecting from: it is what tab-indented evidence shows.
    func testCodeSpanKeepsTabs() {
        XCTAssertEqual(readBack(codeSpan("\ttotal := 0")), "\ttotal := 0")
        XCTAssertEqual(readBack(codeSpan("\t\tif ok {")), "\t\tif ok {")
    }

    /// A line with a space at each end (trailing whitespace evidence, say) reads back with both.
    func testCodeSpanKeepsSpacesAtBothEnds() {
        for text in ["    let x = 1 ", " a ", "  `b` "] {
            XCTAssertEqual(readBack(codeSpan(text)), text, text.debugDescription)
        }
    }

    // MARK: End to end

    /// Each commit adds a Python module whose cited lines (the first indented line, the last line) hold secrets.
    private func makeSecretRepository() throws -> GitFixture {
        let fixture = try GitFixture(name: "secrets")
        let secrets = PlantedSecrets.all
        for index in secrets.indices {
            try fixture.commit(
                "feat(app): add handler \(index)",
                files: [
                    "app/mod\(index).py": PlantedSecrets.pythonModule(
                        index, first: secrets[index],
                        inner: secrets[(index + 5) % secrets.count],
                        last: secrets[(index + 9) % secrets.count])
                ])
        }
        return fixture
    }

    func testNoSecretReachesTheStoreTheExportsOrTheJSON() throws {
        let fixture = try makeSecretRepository()
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let id = try repoID(fixture.path, in: store)

        // The store: every cited line it keeps, not only the ones a skill shows.
        let rows = try store.read { db in
            try String.fetchAll(
                db, sql: "SELECT COALESCE(path, '') || ':' || COALESCE(line, '') || ' ' || COALESCE(snippet, '') FROM evidence WHERE repo_id = ?",
                arguments: [id])
        }
        XCTAssertFalse(rows.isEmpty)
        XCTAssertEqual(PlantedSecrets.leaks(in: rows.joined(separator: "\n")), [])
        // What the reader hands on, every place kept and redacted as the walk redacts the places it keeps (a pass
        // keeps only each counter's newest): each secret was cited (so this test proves something) and came out
        // redacted.
        let repository = try GitRepository(path: fixture.path)
        let classifier = PathClassifier()
        let reader = CommitReader(
            try CommitDiffer(
                repositoryPath: repository.gitDirectory,
                policy: DiffPolicy(
                    classify: { classifier.decide($0) }, isGenerated: PathClassifier.isGenerated)), miners: MinerCatalogue.all)
        let chain = try repository.firstParentChain(from: try fixture.revParse("HEAD"), stoppingAt: nil).shas
        var places: [String] = []
        for sha in chain {
            guard case .read(var observation, _, _) = reader.read(sha) else { return XCTFail("\(sha) unreadable") }
            observation.redactCitedLines()
            places += observation.evidence.values.map { "\($0.path ?? ""):\($0.line ?? 0) \($0.snippet ?? "")" }
        }
        XCTAssertEqual(PlantedSecrets.leaks(in: places.joined(separator: "\n")), [])
        for (index, planted) in PlantedSecrets.all.enumerated() {
            let cited = places.filter { $0.hasPrefix("app/mod\(index).py:2 ") }
            XCTAssertFalse(cited.isEmpty, "\(planted.kind): the first indented line was not cited")
            for place in cited { XCTAssertTrue(place.contains(SecretRedactor.mask), "\(planted.kind): \(place)") }
        }
        let stored = try store.read { db in
            try String.fetchAll(
                db, sql: "SELECT content FROM skill_version JOIN skill ON skill.id = skill_version.skill_id WHERE repo_id = ?",
                arguments: [id])
        }
        XCTAssertEqual(PlantedSecrets.leaks(in: stored.joined(separator: "\n")), [], "stored skill versions")

        // The JSON contract and every export format.
        let mined = try MinedRepository.load(store: store, repositoryPath: fixture.path)
        XCTAssertTrue(mined.skills.contains { $0.name == "python-style" }, "\(mined.skills.map(\.name))")
        let json = try mined.json()
        XCTAssertEqual(PlantedSecrets.leaks(in: json), [])
        XCTAssertTrue(json.contains(SecretRedactor.mask), "the JSON quotes the redacted lines")
        let root = try temporaryFolder()
        try export(mined.skills, of: mined, formats: allFormats, root: root)
        let files = try treeSnapshot(root)
        for (path, data) in files {
            XCTAssertEqual(PlantedSecrets.leaks(in: String(decoding: data, as: UTF8.self)), [], path)
        }
        let evidence = fileText(root + "/.claude/skills/python-style/references/evidence.md")
        XCTAssertTrue(evidence.contains(SecretRedactor.mask), evidence)
        let renderer = try SkillRenderer()
        for skill in mined.skills {
            XCTAssertEqual(PlantedSecrets.leaks(in: try renderer.render(skill, repository: mined.record.name, head: mined.head)), [], skill.name)
        }
    }

    /// Snippets are cut to 200 characters: a secret the cut splits must not be stored half redacted.
    func testASecretCutByTheSnippetLimitDoesNotLeak() throws {
        let token = PlantedSecrets.all[1]  // ghp_…, 40 characters
        let padding = String(repeating: "a", count: 157)
        // The token starts at column 170: the first 200 characters hold `ghp_` and 26 of its 36 random characters.
        let line = "    log(\"\(padding)\", \"\(token.secret)\")"
        XCTAssertEqual(line.distance(from: line.startIndex, to: line.range(of: "ghp_")!.lowerBound), 170)
        let fixture = try GitFixture(name: "cut")
        try fixture.commit("feat: log", files: ["app/log.py": "def log_all(items):\n\(line)\n    return items\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rows = try store.read { db in try String.fetchAll(db, sql: "SELECT COALESCE(snippet, '') FROM evidence WHERE line = 2") }
        XCTAssertFalse(rows.isEmpty, "the long line is cited")
        XCTAssertEqual(PlantedSecrets.leaks(in: rows.joined(separator: "\n"), of: [token]), [], "stored: \(rows)")
    }
}
