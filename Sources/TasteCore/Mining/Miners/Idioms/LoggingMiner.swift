/// Finds the logging facility library code uses (os.Logger or swift-log, Python's `logging`, `log/slog`, zap,
/// `tracing` or the `log` crate, SLF4J, pino…), and whether diagnostics are printed instead.
///
/// Only library code counts: tests, entry points (`main.*`, `cli.*`, `cmd/`, `bin/`), scripts and examples
/// print because printing is their job. One vote per file and facility, so one chatty file does not decide.
public struct LoggingMiner: Miner {
    public static let description = MinerDescription(
        identifier: "logging",
        version: 1,
        name: "Logging",
        summary: "The logging facility library code uses, per language, and whether diagnostics are printed instead.",
        languages: [.swift, .python, .go, .rust, .javascript, .typescript, .java, .kotlin],
        examples: [
            .shows(
                "shop/cart.py",
                """
                import logging

                logger = logging.getLogger(__name__)


                def add(cart, item):
                    logger.debug("adding %s", item)
                    cart.append(item)
                """, expect: [.logger: .string("logging"), .printForLogging: .bool(false)]),
            .contradicts(
                "shop/cart.py",
                """
                import sys


                def add(cart, item):
                    print(f"adding {item}", file=sys.stderr)
                    cart.append(item)
                """, expect: [.printForLogging: .bool(true)]),
            .shows(
                "Sources/Store/Store.swift",
                """
                import Logging

                struct Store {
                    let logger = Logger(label: "store")
                    func save() { logger.info("saved") }
                }
                """, expect: [.logger: .string("swift-log")]),
            .contradicts(
                "Sources/Store/Store.swift",
                """
                import os

                struct Store {
                    let logger = Logger(subsystem: "com.example.store", category: "store")
                    func save() { logger.info("saved") }
                }
                """, expect: [.logger: .string("os.Logger")]),
            .shows(
                "server/handler.go",
                """
                package server

                import "log/slog"

                func handle() {
                \tslog.Info("handled", "path", "/")
                }
                """, expect: [.logger: .string("slog")]),
            .shows(
                "src/search.rs", "use log::debug;\n\npub fn search() {\n    debug!(\"searching\");\n}\n",
                expect: [.logger: .string("log")]),
            .contradicts(
                "src/search.rs", "pub fn search() {\n    tracing::debug!(\"searching\");\n}\n",
                expect: [.logger: .string("tracing")]),
        ]
    )

    struct Facility {
        let name: String
        let needles: [String]
    }

    static let facilities: [Language: [Facility]] = [
        .swift: [
            Facility(name: "os.Logger", needles: ["import os", "import OSLog", "os_log(", "Logger(subsystem:", "OSLog("]),
            Facility(name: "swift-log", needles: ["import Logging", "Logger(label:"]),
        ],
        .python: [
            Facility(
                name: "logging",
                needles: [
                    "import logging", "from logging import", "logging.getLogger(", "logging.debug(",
                    "logging.info(", "logging.warning(", "logging.error(", "logging.exception(",
                ]),
            Facility(name: "structlog", needles: ["structlog"]),
            Facility(name: "loguru", needles: ["loguru"]),
        ],
        .go: [
            Facility(name: "slog", needles: ["\"log/slog\"", "slog."]),
            Facility(name: "log", needles: ["\"log\"", "log.Printf(", "log.Println(", "log.Print(", "log.Fatalf(", "log.Fatal(", "log.Panicf("]),
            Facility(name: "zap", needles: ["go.uber.org/zap", "zap.L()", "zap.S()", "zap.NewProduction", "zap.String("]),
            Facility(name: "logrus", needles: ["sirupsen/logrus", "logrus."]),
            Facility(name: "zerolog", needles: ["rs/zerolog", "zerolog."]),
            Facility(name: "klog", needles: ["k8s.io/klog", "klog."]),
        ],
        .rust: [
            Facility(name: "tracing", needles: ["tracing::", "extern crate tracing;"]),
            Facility(name: "log", needles: ["log::", "extern crate log;"]),
        ],
        .javascript: scriptFacilities,
        .typescript: scriptFacilities,
        .java: jvmFacilities,
        .kotlin: jvmFacilities + [Facility(name: "kotlin-logging", needles: ["KotlinLogging", "mu.KLogger", "io.github.oshai"])],
    ]

    static let scriptFacilities = [
        Facility(name: "console", needles: ["console.log(", "console.error(", "console.warn(", "console.info(", "console.debug("]),
        Facility(name: "pino", needles: ["from 'pino'", "from \"pino\"", "require('pino')", "require(\"pino\")"]),
        Facility(name: "winston", needles: ["from 'winston'", "from \"winston\"", "require('winston')", "require(\"winston\")"]),
        Facility(name: "debug", needles: ["from 'debug'", "from \"debug\"", "require('debug')", "require(\"debug\")"]),
        Facility(name: "bunyan", needles: ["require('bunyan')", "from 'bunyan'"]),
    ]

    static let jvmFacilities = [
        Facility(name: "slf4j", needles: ["org.slf4j", "LoggerFactory.getLogger"]),
        Facility(name: "log4j", needles: ["org.apache.logging.log4j", "org.apache.log4j", "LogManager.getLogger"]),
        Facility(name: "java.util.logging", needles: ["java.util.logging"]),
    ]

    /// Prints to standard error: a diagnostic, unlike printing to standard output, which may be the library's job.
    static let stderrPrints: [Language: [String]] = [
        .swift: ["FileHandle.standardError", "to: &stderr", "fputs("],
        .python: ["file=sys.stderr", "sys.stderr.write("],
        .go: ["fmt.Fprintln(os.Stderr", "fmt.Fprintf(os.Stderr", "fmt.Fprint(os.Stderr", "println("],
        .rust: ["eprintln!(", "eprint!("],
        .java: ["System.err.print", "printStackTrace()"],
        .kotlin: ["System.err.print", "printStackTrace()"],
    ]
    static let stdoutPrints: [Language: [String]] = [
        .swift: ["print("], .python: ["print("], .go: ["fmt.Println(", "fmt.Printf(", "fmt.Print("], .rust: ["println!(", "print!("],
        .java: ["System.out.print"], .kotlin: ["println(", "System.out.print"],
    ]

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case facility
        case mode
    }

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let language = file.language
        guard let facilities = Self.facilities[language], file.role == .library else { return }
        let lines = file.lines
        // The first code line holding one of `needles` as a token: one search over the file per needle.
        func firstLine(holding needles: [String], skipping skipped: Int? = nil) -> Int? {
            var first: Int?
            for needle in needles {
                file.forEachLine(holding: needle) { index in
                    if let first, index >= first { return true }
                    let line = lines[index]
                    guard index != skipped, !line.isBlank, !line.isCommentOrProse, CodeLine(line.text).containsToken(needle) else {
                        return false
                    }
                    first = index
                    return true
                }
            }
            return first
        }
        var found: [String: Int] = [:]
        for facility in facilities {
            if let index = firstLine(holding: facility.needles) { found[facility.name] = lines[index].number }
        }
        let stderrLine = firstLine(holding: Self.stderrPrints[language] ?? [])
        let stderr = stderrLine.map { lines[$0].number }
        // A line that first printed to standard error is not also counted as printing to standard output.
        let stdout = firstLine(holding: Self.stdoutPrints[language] ?? [], skipping: stderrLine).map { lines[$0].number }
        let scope = language.rawValue
        for (name, line) in found.sorted(by: { $0.key < $1.key }) {
            sink.count(Counter.facility, name, scope: scope, path: file.path, line: line)
        }
        // What a file that reports anything reports with: a logger, or prints.
        if let line = found.values.min() {
            sink.count(Counter.mode, "logger", scope: scope, path: file.path, line: line)
        } else if let stderr {
            sink.count(Counter.mode, "stderr", scope: scope, path: file.path, line: stderr)
        } else if let stdout {
            sink.count(Counter.mode, "stdout", scope: scope, path: file.path, line: stdout)
        }
    }

    static let advice = [
        "os.Logger": "Log with `os.Logger` (`Logger(subsystem:category:)`).",
        "swift-log": "Log with swift-log: `Logger(label:)` from `import Logging`.",
        "logging": "Log with `logging.getLogger(__name__)`.",
        "structlog": "Log with `structlog.get_logger()`.",
        "loguru": "Log with loguru's `logger`.",
        "slog": "Log with `log/slog`.",
        "log": "Log with the standard `log` package.",
        "zap": "Log with zap (`go.uber.org/zap`).",
        "logrus": "Log with logrus.",
        "zerolog": "Log with zerolog.",
        "klog": "Log with klog.",
        "tracing": "Log with `tracing` (`tracing::debug!`, spans).",
        "console": "Log with `console.*`; no logging library is used.",
        "pino": "Log with pino.",
        "winston": "Log with winston.",
        "debug": "Log with the `debug` package (`require('debug')('name')`).",
        "bunyan": "Log with bunyan.",
        "slf4j": "Log with SLF4J (`LoggerFactory.getLogger`).",
        "log4j": "Log with Log4j.",
        "java.util.logging": "Log with `java.util.logging`.",
        "kotlin-logging": "Log with kotlin-logging (`KotlinLogging.logger {}`).",
    ]

    static let prints: [Language: String] = [
        .swift: "`print`", .python: "`print`", .go: "`fmt.Print…`", .rust: "`println!`/`eprintln!`",
        .java: "`System.out.println`", .kotlin: "`println`",
    ]

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= MinimumEvidence.commits else { return nil }
            var rule = RuleComposer()
            if let top = stats.dominant(Counter.facility), top.observations >= 5, top.commits >= MinimumEvidence.commits {
                rule.categorical(
                    .logger, top, threshold: 0.7, unit: "files", key: Counter.facility.rawValue,
                    stated: {
                        let advice =
                            language == .rust && top.value == "log"
                            ? "Log with the `log` crate's macros (`log::debug!`)." : Self.advice[top.value] ?? "Log with \(top.value)."
                        return top.share < 0.95 ? String(advice.dropLast()) + " (\(percent(top.share)) of files that log)." : advice
                    },
                    mixed: {
                        let ranked = stats.ranked(Counter.facility).prefix(3).map { "\($0.value) \(percent($0.share))" }.joined(separator: ", ")
                        return "Logging is mixed (\(ranked) of files that log); use what the module you edit uses."
                    })
            }
            // Console output is JavaScript's logging facility: printing is no separate habit there.
            if let print = Self.prints[language] {
                let logger = stats.share(of: "logger", in: Counter.mode)
                let stderr = stats.share(of: "stderr", in: Counter.mode)
                if logger.observations >= 10, logger.commits >= MinimumEvidence.commits {
                    if logger.share >= 0.85, !rule.isEmpty {
                        rule.state(
                            .printForLogging, .bool(false), share: logger.share,
                            support: Support(observations: logger.observations, agreeing: logger.agreeing, commits: logger.commits),
                            unit: "files", evidence: (Counter.mode.rawValue, "logger"), "Do not \(print) diagnostics in library code.")
                    } else if logger.share <= 0.15, stderr.share >= 0.6, stderr.agreeing >= 5 {
                        rule.state(
                            .printForLogging, .bool(true), share: stderr.share,
                            support: Support(observations: stderr.observations, agreeing: stderr.agreeing, commits: stderr.commits),
                            unit: "files", evidence: (Counter.mode.rawValue, "stderr"),
                            "Library code prints its diagnostics to standard error with \(print); it uses no logging library.")
                    }
                }
            }
            return rule.draft(topic: "logging", language: language)
        }
    }
}
