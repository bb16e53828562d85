/// QRadar's `Range: items=x-y` paging (QRADAR.md §1.4): zero-based, inclusive.
struct ItemRange: Sendable, Hashable {
    var first: Int
    var last: Int

    /// Parses a `Range` header value; nil header means "everything".
    ///
    /// - Throws: 422/36 when the value does not follow `items=x-y`, or when `y < x`.
    static func parse(_ header: String?) throws(APIError) -> ItemRange? {
        guard let header else { return nil }
        let text = header.trimmingSpaces()
        if text.isEmpty { return nil }
        guard let eq = text.firstIndex(of: "=") else { throw .malformedRange }
        let unit = text[..<eq].trimmingSpaces().lowercased()
        guard unit == "items" else { throw .malformedRange }
        let spec = text[text.index(after: eq)...].trimmingSpaces()
        let parts = spec.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let first = parseBound(parts[0]),
            let last = parseBound(parts[1])
        else { throw .malformedRange }
        guard last >= first else { throw .negativeRange }
        return ItemRange(first: first, last: last)
    }

    private static func parseBound(_ s: Substring) -> Int? {
        let t = s.trimmingSpaces()
        guard !t.isEmpty, t.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        // Absurdly large bounds clamp instead of failing: "items=0-99999999999999999999" means "all".
        return Int(t) ?? Int.max
    }
}

/// A page cut from a list, with the `Content-Range` value QRadar sends for it.
struct Page<Element> {
    var items: ArraySlice<Element>
    var contentRange: String

    /// Cuts `range` out of `all`; without a range the page is the whole list.
    ///
    /// A range starting beyond the end yields no items and `items */<total>`, as the paging doc's example shows.
    init(_ all: [Element], range: ItemRange?) {
        let total = all.count
        let first = range?.first ?? 0
        let last = range.map { min($0.last, total - 1) } ?? (total - 1)
        if total == 0 || first >= total || last < first {
            self.items = all[0..<0]
            self.contentRange = "items */\(total)"
        } else {
            self.items = all[first...last]
            self.contentRange = "items \(first)-\(last)/\(total)"
        }
    }
}
