/// One component's state, as `being doctor` reports it.
public struct DoctorRow: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case ok
        case missing
        case optionalMissing = "optional-missing"
    }

    public var component: String
    public var status: Status
    /// What was found (a version, a path) or what is wrong.
    public var detail: String
    /// The command or step that mends it; empty when the row is ok.
    public var fix: String

    public init(component: String, status: Status, detail: String, fix: String = "") {
        self.component = component
        self.status = status
        self.detail = detail
        self.fix = fix
    }
}

/// Everything `being doctor` found.
public struct DoctorReport: Codable, Sendable, Equatable {
    public var home: String
    public var rows: [DoctorRow]

    /// True when no required component is missing (optional ones may be).
    public var ok: Bool { !rows.contains { $0.status == .missing } }

    public init(home: String, rows: [DoctorRow]) {
        self.home = home
        self.rows = rows
    }

    enum CodingKeys: String, CodingKey { case home, ok, rows }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(home, forKey: .home)
        try container.encode(ok, forKey: .ok)
        try container.encode(rows, forKey: .rows)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        home = try container.decode(String.self, forKey: .home)
        rows = try container.decode([DoctorRow].self, forKey: .rows)
    }

    /// A table for the terminal: status, component, detail, and the fix under each row that needs one.
    public func formatted() -> String {
        let nameWidth = rows.map(\.component.count).max() ?? 0
        var lines = ["BEING_HOME: \(home)"]
        for row in rows {
            let status = row.status.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)
            let name = row.component.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
            lines.append("  \(status)\(name)\(row.detail)")
            if !row.fix.isEmpty { lines.append(String(repeating: " ", count: 19) + "fix: \(row.fix)") }
        }
        let missing = rows.filter { $0.status == .missing }.count
        lines.append(missing == 0 ? "Everything required is installed." : "\(missing) required component(s) missing.")
        return lines.joined(separator: "\n")
    }
}
