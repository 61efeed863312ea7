import DesignDB
import Foundation

/// Opening the design database from a command, with one-line errors that name `--db`.
enum DatabaseAccess {
    /// Fails unless `path` names an existing file: commands that only read must not leave an empty database
    /// behind for a mistyped `--db` (and then report "0 rows" as if it were the real one).
    static func requireExisting(_ path: String, flag: String = "--db") throws {
        if path == ":memory:" || path.isEmpty { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("\(flag) \(path): no such database file, expected an existing cimnas database "
                           + "(cimnas search, evaluate, precompute or tech import create one)")
        }
        if isDirectory.boolValue { throw CLIError("\(flag) \(path): is a directory, expected a cimnas database file") }
    }

    /// Opens the database at `path` (creating and migrating it in `.readWrite` mode).
    static func open(_ path: String, mode: Database.Mode = .readWrite, flag: String = "--db") throws -> Database {
        let db: Database
        do { db = try Database(path: path, mode: mode) } catch {
            throw CLIError(message(path: path, error: error, flag: flag))
        }
        noteDeferredIndexes(db)
        return db
    }

    /// One stderr line when a large precompute has dropped `design` indexes that are not back yet (it is still
    /// loading, or it was killed): results stay correct, but queries scan instead of using their indexes.
    static func noteDeferredIndexes(_ db: Database) {
        // Databases older than schema 007 (opened read-only, unmigrated) have no such table: nothing to say.
        guard let names = try? DesignIndexDeferral.deferred(db), !names.isEmpty else { return }
        let line = "cimnas: note: \(names.count) design indexes are missing (a large precompute is loading or was "
            + "interrupted); results are correct but queries are slower until the job finishes or "
            + "`cimnas precompute --rebuild-indexes` restores them\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// `--db PATH: …` without the path repeated when the underlying error already starts with it.
    static func message(path: String, error: Error, flag: String = "--db") -> String {
        var text = "\(error)"
        if !path.isEmpty, text.hasPrefix(path + " ") {
            // e.g. "PATH has schema version 99, newer than this cimnas supports (6); use a newer cimnas"
            text = "database" + text.dropFirst(path.count)
        } else if !path.isEmpty, text.hasPrefix(path + ": ") {
            text = String(text.dropFirst(path.count + 2))
        } else {
            text = "cannot open the database: " + text
        }
        return "\(flag.isEmpty ? "" : flag + " ")\(path): \(text)"
    }
}
