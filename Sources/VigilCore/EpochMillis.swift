/// Time in Vigil's domain: milliseconds since the Unix epoch, as QRadar reports it.
///
/// Dates are converted only at the edges (AQL time clauses, LEEF `devTime`, console output),
/// so the hot paths never build a calendar or a formatter.
public typealias EpochMillis = Int64

extension EpochMillis {
    /// One second in milliseconds.
    public static let second: Int64 = 1_000
    /// One minute in milliseconds.
    public static let minute: Int64 = 60_000
    /// One hour in milliseconds.
    public static let hour: Int64 = 3_600_000
    /// One day in milliseconds.
    public static let day: Int64 = 86_400_000
}
