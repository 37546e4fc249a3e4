import Foundation

/// A fleet repository's skills are PostgreSQL's: people pin, mute and edit them there, and PostgreSQL numbers their
/// versions. The skills a worker's pass found are versioned again in PostgreSQL, against what is stored there when
/// the pass completes.
enum FleetSkills {
    /// Versions the skills the pass found in PostgreSQL, inside the completing transaction, with the plan a
    /// SQLite pass applies: against PostgreSQL's latest versions and pins as they are now, so a pin, a mute or a
    /// person's version made there, even during the pass, is kept as on a developer's store. Returns the skills
    /// found.
    static func publish(_ pass: MiningReport, to fleet: PostgresStore, repositoryID: Int64) throws -> Int {
        guard let finished = pass.finished else { return 0 }
        var outcome = finished.outcome
        outcome.repoID = repositoryID
        _ = try fleet.finish(outcome, skills: finished.skills)
        return finished.skills.count
    }
}
