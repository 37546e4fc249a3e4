import Foundation

/// A fake secret shaped like a real one, in a line of code that holds it.
struct PlantedSecret {
    var kind: String
    /// The code, without indentation.
    var line: String
    /// What must not survive redaction.
    var secret: String
}

/// One of each kind the redactor promises to catch. The lines pass the secrets to calls rather than assigning
/// them, so that each kind's own pattern must find it (the assignment rules would hide a pattern that misses).
enum PlantedSecrets {
    static let all: [PlantedSecret] = [
        PlantedSecret(kind: "AWS access key id", line: #"client.configure("AKIAZ7Q4M2X9R5T1W3Y8")"#, secret: "AKIAZ7Q4M2X9R5T1W3Y8"),
        PlantedSecret(
            kind: "GitHub token", line: #"gh.auth("ghp_R8d2Kq7Zt1Xw4Vn9Lm3Pb6Hc0Jf5Gs2Ya7Ue")"#,
            secret: "ghp_R8d2Kq7Zt1Xw4Vn9Lm3Pb6Hc0Jf5Gs2Ya7Ue"),
        PlantedSecret(
            kind: "GitHub fine-grained token",
            line: #"gh.auth("github_pat_11AZ7Q4M2X0a8B7c6D5e4F_3g2H1i0J9k8L7m6N5o4P3q2R1s0T9u8V7w6X5y4Z3")"#,
            secret: "github_pat_11AZ7Q4M2X0a8B7c6D5e4F_3g2H1i0J9k8L7m6N5o4P3q2R1s0T9u8V7w6X5y4Z3"),
        PlantedSecret(kind: "GitLab token", line: #"gitlab.login("glpat-Qm4Rt8Yx2Lp6Nw0Hs3Kd")"#, secret: "glpat-Qm4Rt8Yx2Lp6Nw0Hs3Kd"),
        PlantedSecret(
            kind: "Slack token", line: #"slack.post("xoxb-1234567890-0987654321-Bf7Gj2Mk9Pr4Tv1Wx6Zc3Ld")"#,
            secret: "xoxb-1234567890-0987654321-Bf7Gj2Mk9Pr4Tv1Wx6Zc3Ld"),
        PlantedSecret(
            kind: "Stripe live key", line: #"stripe.charge("sk_live_Tn5Vb8Xq1Zs4Hc7Jk0Mf3Pw6")"#,
            secret: "sk_live_Tn5Vb8Xq1Zs4Hc7Jk0Mf3Pw6"),
        PlantedSecret(
            kind: "OpenAI key", line: #"openai.use("sk-proj-Ue2Ia9Oc6Yr3Wt0Qp7Ks4Dl1Fg")"#,
            secret: "sk-proj-Ue2Ia9Oc6Yr3Wt0Qp7Ks4Dl1Fg"),
        PlantedSecret(
            kind: "Google API key", line: #"maps.load("AIzaSyD4fG7hJ0kL3zX6cV9bN2mQ5wE8rT1yU4i")"#,
            secret: "AIzaSyD4fG7hJ0kL3zX6cV9bN2mQ5wE8rT1yU4i"),
        PlantedSecret(
            kind: "JWT",
            line: #"request.bearer("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.Gh5Jk8Lm1Np4Qr7St0Uv3Wx6Yz9Ab2Cd")"#,
            secret: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.Gh5Jk8Lm1Np4Qr7St0Uv3Wx6Yz9Ab2Cd"),
        PlantedSecret(
            kind: "private key", line: #"pem.load("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx9Pz3Lq7Rv")"#,
            secret: "MIIEowIBAAKCAQEAx9Pz3Lq7Rv"),
        PlantedSecret(
            kind: "password in a URL", line: #"db.connect("postgres://admin:Hunter2Secret@db.example.com:5432/app")"#,
            secret: "Hunter2Secret"),
        PlantedSecret(
            kind: "password assignment", line: #"password = "correct-horse-battery-staple""#,
            secret: "correct-horse-battery-staple"),
        PlantedSecret(kind: "API key in YAML style", line: "api_key: 9f8e7d6c5b4a39281706", secret: "9f8e7d6c5b4a39281706"),
        PlantedSecret(
            kind: "high-entropy string in an assignment", line: #"signature = "q8Zr4Lx1Vn7Tb2Mw9Kc3Hp6Jd0Fs5Gy""#,
            secret: "q8Zr4Lx1Vn7Tb2Mw9Kc3Hp6Jd0Fs5Gy"),
    ]

    /// The secrets (and every 16-character piece of the longer ones) found in `text`: a cut secret leaks too.
    static func leaks(in text: String, of secrets: [PlantedSecret] = all) -> [String] {
        var found: [String] = []
        for planted in secrets {
            let secret = Array(planted.secret)
            let window = min(16, secret.count)
            for start in 0...(secret.count - window) where text.contains(String(secret[start..<start + window])) {
                found.append("\(planted.kind): \(String(secret[start..<start + window]))")
                break
            }
        }
        return found
    }

    /// A Python module whose first indented line (cited for indentation) holds `first`, a deeper line holds
    /// `inner`, and whose last line (cited for the final newline) holds `last`. Other lines are short.
    static func pythonModule(_ index: Int, first: PlantedSecret, inner: PlantedSecret, last: PlantedSecret) -> String {
        """
        def handler_\(index)(client):
            \(first.line)
            for item in client.items:
                \(inner.line)
            return client
        \(last.line)

        """
    }
}
