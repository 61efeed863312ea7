/// Connection settings for long sweeps that insert millions of rows.
extension Database {
    /// Keeps up to `cacheMB` MiB of pages in memory (large sweeps insert into several indexes in value order) and
    /// checkpoints the WAL every 16,384 pages instead of 1,000, so pages rewritten by consecutive batches are
    /// copied back once.
    public func prepareForBulkWrites(cacheMB: Int) throws {
        try execute("PRAGMA cache_size = -\(cacheMB * 1024)")
        try execute("PRAGMA wal_autocheckpoint = 16384")
    }
}
