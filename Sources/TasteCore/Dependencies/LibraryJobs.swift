/// Libraries known to do the same job, by ecosystem: which one a repository lists says which one an agent
/// should reach for. Only jobs where the choice shows in the code an agent writes; build tools and linters
/// are left to the style skills.
enum LibraryJobs {
    struct Job: Sendable {
        var id: String
        /// "For HTTP requests", "For tests".
        var purpose: String
        var libraries: [Manifests.Ecosystem: [String]]
    }

    static let all: [Job] = [
        Job(
            id: "http-client", purpose: "For HTTP requests",
            libraries: [
                .npm: ["axios", "node-fetch", "got", "request", "superagent", "ky", "undici", "cross-fetch"],
                .pypi: ["requests", "httpx", "aiohttp", "urllib3"],
                .cargo: ["reqwest", "ureq", "isahc", "surf"],
                .rubygems: ["faraday", "httparty", "rest-client", "http"],
                .swiftpm: ["alamofire", "async-http-client"],
                .maven: ["okhttp", "retrofit", "httpclient", "httpclient5"],
            ]),
        Job(
            id: "tests", purpose: "For tests",
            libraries: [
                .npm: ["jest", "vitest", "mocha", "ava", "jasmine", "tap", "uvu"],
                .pypi: ["pytest", "nose", "nose2"],
                .rubygems: ["rspec", "minitest", "test-unit"],
                .swiftpm: ["quick", "swift-testing"],
                .maven: ["junit", "junit-jupiter", "junit-jupiter-api", "testng", "kotest-runner-junit5"],
            ]),
        Job(
            id: "assertions", purpose: "For assertions in tests",
            libraries: [
                .npm: ["chai", "should", "expect.js", "power-assert"],
                .go: ["github.com/stretchr/testify", "github.com/onsi/gomega", "gotest.tools/v3", "github.com/google/go-cmp"],
                .swiftpm: ["nimble"],
                .maven: ["assertj-core", "hamcrest", "truth", "google-truth", "kotest-assertions-core"],
            ]),
        Job(
            id: "mocking", purpose: "For mocks and fakes in tests",
            libraries: [
                .npm: ["sinon", "nock", "msw", "testdouble"],
                .pypi: ["responses", "respx", "pytest-mock", "mock", "httpretty"],
                .go: ["github.com/golang/mock", "go.uber.org/mock", "github.com/vektra/mockery/v2"],
                .rubygems: ["mocha", "webmock", "vcr"],
                .maven: ["mockito-core", "mockk", "easymock"],
            ]),
        Job(
            id: "logging", purpose: "For logging",
            libraries: [
                .npm: ["winston", "pino", "bunyan", "debug", "loglevel"],
                .pypi: ["loguru", "structlog"],
                .cargo: ["log", "tracing", "slog"],
                .go: ["go.uber.org/zap", "github.com/sirupsen/logrus", "github.com/rs/zerolog", "github.com/go-kit/log"],
                .swiftpm: ["swift-log"],
                .maven: ["slf4j-api", "logback-classic", "log4j-core", "timber"],
            ]),
        Job(
            id: "cli-arguments", purpose: "For command-line arguments",
            libraries: [
                .npm: ["yargs", "commander", "minimist", "meow", "cac"],
                .pypi: ["click", "typer", "docopt"],
                .cargo: ["clap", "structopt", "argh", "lexopt", "pico-args"],
                .go: ["github.com/spf13/cobra", "github.com/urfave/cli", "github.com/urfave/cli/v2", "github.com/alecthomas/kingpin/v2"],
                .swiftpm: ["swift-argument-parser"],
                .rubygems: ["thor", "optimist"],
            ]),
        Job(
            id: "dates", purpose: "For dates and times",
            libraries: [
                .npm: ["moment", "dayjs", "date-fns", "luxon"],
                .pypi: ["arrow", "pendulum", "python-dateutil"],
                .cargo: ["chrono", "time", "jiff"],
            ]),
        Job(
            id: "validation", purpose: "For validating data",
            libraries: [
                .npm: ["joi", "yup", "zod", "ajv", "superstruct", "valibot"],
                .pypi: ["pydantic", "attrs", "marshmallow", "cerberus"],
            ]),
        Job(
            id: "errors", purpose: "For error types",
            libraries: [
                .cargo: ["anyhow", "thiserror", "failure", "error-chain", "snafu", "eyre"],
                .go: ["github.com/pkg/errors"],
            ]),
        Job(
            id: "async-runtime", purpose: "For async code",
            libraries: [
                .cargo: ["tokio", "async-std", "smol"],
                .pypi: ["trio", "anyio"],
            ]),
        Job(
            id: "http-server", purpose: "For HTTP routing",
            libraries: [
                .npm: ["express", "koa", "fastify", "hapi", "@hapi/hapi", "hono"],
                .pypi: ["flask", "django", "fastapi", "starlette"],
                .go: [
                    "github.com/gin-gonic/gin", "github.com/labstack/echo/v4", "github.com/go-chi/chi/v5", "github.com/gorilla/mux",
                    "github.com/gofiber/fiber/v2",
                ],
                .cargo: ["axum", "actix-web", "warp", "rocket"],
                .rubygems: ["sinatra", "rails", "roda", "hanami"],
            ]),
        Job(
            id: "utilities", purpose: "For collection and object helpers",
            libraries: [
                .npm: ["lodash", "underscore", "ramda", "lodash-es"]
            ]),
        Job(
            id: "lazy-statics", purpose: "For lazily initialised statics",
            libraries: [
                .cargo: ["lazy_static", "once_cell"]
            ]),
    ]

    /// The packages behind a mined fact value (a test framework, an assertion library): when one of them leaves
    /// the manifests, the rule that names it points at something the repository no longer depends on.
    static let packagesForFact: [String: (Manifests.Ecosystem, [String])] = [
        "jest": (.npm, ["jest"]), "vitest": (.npm, ["vitest"]), "mocha": (.npm, ["mocha"]), "ava": (.npm, ["ava"]),
        "pytest": (.pypi, ["pytest"]), "rspec": (.rubygems, ["rspec", "rspec-core"]), "minitest": (.rubygems, ["minitest"]),
        "quick": (.swiftpm, ["quick"]), "junit5": (.maven, ["junit-jupiter", "junit-jupiter-api"]), "junit4": (.maven, ["junit"]),
        "testng": (.maven, ["testng"]), "testify": (.go, ["github.com/stretchr/testify"]),
    ]
}
