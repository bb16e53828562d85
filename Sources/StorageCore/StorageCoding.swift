import Governance
import VigilCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// JSON bodies and enum columns, shared by the SQLite and PostgreSQL stores so both read and write rows alike.
package enum StorageCoding {
    package static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    package static func decode<T: Decodable>(_ type: T.Type, from text: String, table: String, key: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptRow(table: table, key: key, detail: "body is not a valid \(T.self): \(error)")
        }
    }

    package static func role(_ text: String, key: String) throws -> Role {
        guard let role = Role(rawValue: text) else { throw StoreError.corruptRow(table: "api_token", key: key, detail: "unknown role '\(text)'") }
        return role
    }

    package static func findingStatus(_ text: String, key: String) throws -> FindingStatus {
        guard let s = FindingStatus(rawValue: text) else { throw StoreError.corruptRow(table: "finding", key: key, detail: "unknown status '\(text)'") }
        return s
    }

    package static func severity(_ value: Int, key: String) throws -> Severity {
        guard let s = Severity(rawValue: value) else { throw StoreError.corruptRow(table: "finding", key: key, detail: "unknown severity \(value)") }
        return s
    }

    /// Whether text can be stored exactly: SQLite cuts bound text at a NUL character and PostgreSQL refuses it.
    package static func isStorable(_ text: String?) -> Bool {
        guard let text else { return true }
        return !text.utf8.contains(0)
    }

    /// Throws ``StoreError/invalidText(table:field:)`` for the first field holding a NUL character, so both
    /// backends refuse such text the same way instead of one truncating it.
    package static func requireStorable(_ table: String, _ fields: KeyValuePairs<String, String?>) throws {
        for (name, value) in fields where !isStorable(value) { throw StoreError.invalidText(table: table, field: name) }
    }

    /// Page sizes are clamped so a caller's mistake cannot ask the database for everything at once.
    package static func clampLimit(_ limit: Int) -> Int { min(max(limit, 0), 100_000) }
}
