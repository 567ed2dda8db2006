/// Errors reading or writing a dataset folder. Each names the file and says what to do.
public struct DatasetError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case notADataset
        case missingFile(String)
        case truncatedFile(String, expected: Int, actual: Int)
        case corruptFile(String, reason: String)
        case unsupportedVersion(Int)
        case optionsChanged(stage: String)
        case invalidInput(String)
    }

    private let kind: Kind
    /// The dataset folder, or the input file the error is about.
    public let path: String

    public static func notADataset(_ folder: String) -> DatasetError { DatasetError(kind: .notADataset, path: folder) }
    public static func missingFile(_ folder: String, _ file: String) -> DatasetError { DatasetError(kind: .missingFile(file), path: folder) }
    public static func truncatedFile(_ folder: String, _ file: String, expected: Int, actual: Int) -> DatasetError {
        DatasetError(kind: .truncatedFile(file, expected: expected, actual: actual), path: folder)
    }
    public static func corruptFile(_ folder: String, _ file: String, reason: String) -> DatasetError {
        DatasetError(kind: .corruptFile(file, reason: reason), path: folder)
    }
    public static func unsupportedVersion(_ folder: String, _ version: Int) -> DatasetError {
        DatasetError(kind: .unsupportedVersion(version), path: folder)
    }
    public static func optionsChanged(_ folder: String, stage: String) -> DatasetError {
        DatasetError(kind: .optionsChanged(stage: stage), path: folder)
    }
    public static func invalidInput(_ path: String, _ message: String) -> DatasetError { DatasetError(kind: .invalidInput(message), path: path) }

    public var description: String {
        switch kind {
        case .notADataset:
            return "\(path): not a dataset (no dataset.json); create one with `being prepare VIDEO -o \(path)`"
        case let .missingFile(file):
            return "\(path)/\(file): missing; the dataset is incomplete, rerun `being prepare` to finish it"
        case let .truncatedFile(file, expected, actual):
            return "\(path)/\(file): truncated (\(actual) of \(expected) bytes); rerun `being prepare` into a new folder"
        case let .corruptFile(file, reason):
            return "\(path)/\(file): damaged (\(reason)); rerun `being prepare` into a new folder"
        case let .unsupportedVersion(version):
            return "\(path): dataset format \(version) is not one this `being` reads; prepare it again"
        case let .optionsChanged(stage):
            return "\(path): was prepared with other options (stage \(stage)); use the same flags, or a new output folder"
        case let .invalidInput(message):
            return "\(path): \(message)"
        }
    }
}
