import Foundation

/// Writes that either complete or leave nothing: data goes to a temporary name beside the
/// destination, then a rename makes it visible.
public enum AtomicFile {
    /// A temporary path in the destination's folder, hidden and marked as partial.
    public static func temporaryURL(for destination: URL) -> URL {
        let name = ".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).partial"
        return destination.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Writes `data` to `url` atomically, creating the parent folder.
    public static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = temporaryURL(for: url)
        do {
            try data.write(to: temporary)
            try commit(temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw RuntimeError.io(url.path, "cannot write: \(error.localizedDescription)")
        }
    }

    /// Moves a finished temporary file onto `destination`, replacing what was there.
    public static func commit(_ temporary: URL, to destination: URL) throws {
        if rename(temporary.path, destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            throw RuntimeError.io(destination.path, "cannot move finished file into place: \(reason)")
        }
    }
}
