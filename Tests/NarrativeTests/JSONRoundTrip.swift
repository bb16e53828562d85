import Foundation

/// Encodes and decodes a value with Foundation's JSON coders (tests only; the module itself needs no Foundation).
enum JSONRoundTrip {
    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        let data = try JSONEncoder().encode(value)
        return try JSONDecoder().decode(T.self, from: data)
    }
}
