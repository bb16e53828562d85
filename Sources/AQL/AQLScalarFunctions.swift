#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Implementations of AQL's scalar (non-aggregate) functions, compiled to closures.
enum AQLScalarFunctions {
    static func compile(name: String, arguments: [AQLExpression], at position: AQLSourcePosition,
                        compiler: AQLCompiler) throws(AQLError) -> AQLRowValue {
        guard let function = AQLFunction.named(name) else {
            throw AQLError(at: position, found: name, message: "Unknown function \(name).")
        }
        guard function.accepts(argumentCount: arguments.count) else {
            throw AQLError(at: position, expected: "\(function.arityDescription) argument(s)", found: "\(arguments.count)",
                           message: "Function \(name) takes \(function.arityDescription) argument(s), not \(arguments.count).")
        }
        let args = try arguments.map { (a) throws(AQLError) in try compiler.value(a) }
        let lookups = compiler.evaluator.lookups
        let evaluator = compiler.evaluator
        let arg0 = args.first ?? { _ in .null }
        let arg1 = args.count > 1 ? args[1] : { _ in .null }
        let arg2 = args.count > 2 ? args[2] : { _ in .null }

        func longLookup(_ f: @escaping (Int64) -> String?) -> AQLRowValue {
            { row in
                guard let id = arg0(row).longValue, let s = f(id) else { return .null }
                return .string(s)
            }
        }
        func ipLookup(_ f: @escaping (String) -> String?) -> AQLRowValue {
            { row in
                guard let ip = arg0(row).stringValue, let s = f(ip) else { return .null }
                return .string(s)
            }
        }
        func text(_ f: @escaping (String) -> AQLValue) -> AQLRowValue {
            { row in
                guard let s = AQLCompiler.text(arg0(row)) else { return .null }
                return f(s)
            }
        }

        switch function.name {
        // Data retrieval through lookups.
        case "QIDNAME": return longLookup { lookups.qidName($0) }
        case "QIDDESCRIPTION": return longLookup { lookups.qidDescription($0) }
        case "CATEGORYNAME": return longLookup { lookups.categoryName($0) }
        case "LOGSOURCENAME": return longLookup { lookups.logSourceName($0) }
        case "LOGSOURCETYPENAME": return longLookup { lookups.logSourceTypeName($0) }
        case "PROTOCOLNAME": return longLookup { lookups.protocolName($0) }
        case "APPLICATIONNAME": return longLookup { lookups.applicationName($0) }
        case "DOMAINNAME": return longLookup { lookups.domainName($0) }
        case "LOGSOURCEGROUPNAME":
            return { row in
                let ids: [Int64]
                switch arg0(row) {
                case .array(let items): ids = items.compactMap(\.longValue)
                case let v: ids = v.longValue.map { [$0] } ?? []
                }
                let names = ids.flatMap { lookups.logSourceGroupNames($0) }
                return names.isEmpty ? .null : .string(names.joined(separator: ", "))
            }
        case "RULENAME":
            return { row in
                switch arg0(row) {
                case .array(let items):
                    return .array(items.compactMap { $0.longValue.flatMap(lookups.ruleName).map(AQLValue.string) })
                case let v:
                    guard let id = v.longValue, let n = lookups.ruleName(id) else { return .null }
                    return .string(n)
                }
            }
        case "ASSETHOSTNAME": return ipLookup { lookups.assetHostname($0) }
        case "NETWORKNAME", "FULLNETWORKNAME": return ipLookup { lookups.networkName($0) }
        case "ASSETUSER", "ASSETPROPERTY", "HOSTNAME", "PROCESSORNAME", "ARIELSERVERS4EPID", "ARIELSERVERS4EPNAME":
            // No lookup exists for these; QRadar returns null when it knows nothing.
            return { _ in .null }
        case "MATCHESASSETSEARCH":
            return { _ in .bool(false) }
        case "REFERENCESETCONTAINS":
            return { row in
                guard let set = arg0(row).stringValue else { return .bool(false) }
                return .bool(lookups.referenceSetContains(set, arg1(row)))
            }
        case "REFERENCEMAP":
            return { row in
                guard let map = arg0(row).stringValue else { return .null }
                return lookups.referenceMapValue(map, arg1(row))
            }
        case "REFERENCEMAPSETCONTAINS":
            return { row in
                guard let map = arg0(row).stringValue else { return .bool(false) }
                return .bool(lookups.referenceMapSetContains(map, arg1(row), arg2(row)))
            }
        case "REFERENCETABLE":
            return { row in
                guard let table = arg0(row).stringValue, let column = arg1(row).stringValue else { return .null }
                return lookups.referenceTableValue(table, column, arg2(row))
            }
        case "INCIDR":
            return try incidr(arguments, args, at: position)
        case "INOFFENSE":
            let source = compiler.source
            return { row in
                guard let id = arg0(row).longValue else { return .bool(false) }
                let access = AQLRowAccess { name in
                    guard row >= 0, let c = source.columnIndex(name) else { return .null }
                    return source.column(c)(row)
                }
                return .bool(lookups.inOffense(id, row: access))
            }
        case "GEO::LOOKUP", "GEO::LOOKUP_TEXT", "GEO::LOOKUP_BY_DOMAIN", "GEO::LOOKUP_TEXT_BY_DOMAIN":
            let byDomain = function.name.hasSuffix("_BY_DOMAIN")
            let asText = function.name.contains("TEXT")
            let attributeArgs = Array(args.dropFirst(byDomain ? 2 : 1))
            return { row in
                guard let ip = arg0(row).stringValue else { return .null }
                let attrs = attributeArgs.compactMap { $0(row).stringValue }
                let values: [AQLValue] = attrs.isEmpty ? [lookups.geoLookup(ip, "")] : attrs.map { lookups.geoLookup(ip, $0) }
                let v = values.count == 1 ? values[0] : .array(values)
                if asText { return v.stringValue.map(AQLValue.string) ?? .null }
                return v
            }
        case "GEO::DISTANCE", "GEO::DISTANCE_BY_DOMAIN":
            return { row in
                guard let a = arg0(row).stringValue, let b = arg1(row).stringValue,
                      let lat1 = lookups.geoLookup(a, "latitude").doubleValue, let lon1 = lookups.geoLookup(a, "longitude").doubleValue,
                      let lat2 = lookups.geoLookup(b, "latitude").doubleValue, let lon2 = lookups.geoLookup(b, "longitude").doubleValue
                else { return .null }
                return .double(haversineKm(lat1, lon1, lat2, lon2))
            }

        // Calculation and formatting.
        case "LONG":
            return { row in
                let v = arg0(row)
                switch v {
                case .long: return v
                case .string(let s):
                    if let ip = AQLNetwork.parseIPv4(s) { return .long(Int64(ip)) }
                    return v.longValue.map(AQLValue.long) ?? .null
                default: return v.longValue.map(AQLValue.long) ?? .null
                }
            }
        case "DOUBLE": return { row in arg0(row).doubleValue.map(AQLValue.double) ?? .null }
        case "STR", "UTF8": return { row in arg0(row).stringValue.map(AQLValue.string) ?? .null }
        case "LOWER": return text { .string($0.lowercased()) }
        case "UPPER": return text { .string($0.uppercased()) }
        case "LEN", "STRLEN": return text { .long(Int64($0.unicodeScalars.count)) }
        case "BASE64": return text { .string(base64(Array($0.utf8))) }
        case "CONCAT":
            return { row in
                var out = ""
                for a in args { if let s = a(row).stringValue { out += s } }
                return .string(out)
            }
        case "SUBSTRING":
            let hasLength = args.count > 2
            return { row in
                guard let s = AQLCompiler.text(arg0(row)), let start = arg1(row).longValue else { return .null }
                let scalars = Array(s.unicodeScalars)
                let from = Int(clamping: max(0, min(start, Int64(scalars.count))))
                var to = scalars.count
                if hasLength {
                    guard let length = arg2(row).longValue else { return .null }
                    let (end, overflow) = Int64(from).addingReportingOverflow(max(0, length))
                    to = overflow ? scalars.count : Int(clamping: min(end, Int64(scalars.count)))
                }
                var out = String.UnicodeScalarView()
                out.append(contentsOf: scalars[from..<max(from, to)])
                return .string(String(out))
            }
        case "STRPOS":
            let hasFrom = args.count > 2
            return { row in
                guard let s = AQLCompiler.text(arg0(row)), let needle = AQLCompiler.text(arg1(row)) else { return .null }
                let hay = Array(s.unicodeScalars), pin = Array(needle.unicodeScalars)
                var from = 0
                if hasFrom { from = Int(clamping: max(0, arg2(row).longValue ?? 0)) }
                if pin.isEmpty { return .long(Int64(min(from, hay.count))) }
                guard hay.count >= pin.count, from <= hay.count - pin.count else { return .long(-1) }
                for i in from...(hay.count - pin.count) where hay[i..<(i + pin.count)].elementsEqual(pin) {
                    return .long(Int64(i))
                }
                return .long(-1)
            }
        case "REPLACEALL", "REPLACEFIRST":
            let firstOnly = function.name == "REPLACEFIRST"
            let cache = AQLPatternCache()
            return { row in
                guard let pattern = arg0(row).stringValue, let s = AQLCompiler.text(arg1(row)),
                      let replacement = arg2(row).stringValue else { return .null }
                guard let regex = cache.regex(pattern, caseInsensitive: false, at: position) else { return .null }
                return .string(replace(s, regex, replacement, firstOnly: firstOnly))
            }
        case "DATEFORMAT":
            let zone = evaluator.timeZoneOffsetMillis
            return { row in
                guard let t = arg0(row).longValue, let pattern = arg1(row).stringValue else { return .null }
                return .string(AQLDateTime.format(t, pattern: pattern, zoneOffsetMillis: zone))
            }
        case "NOW":
            let now = evaluator.now
            return { _ in .long(now) }
        case "PARSEDATETIME":
            let now = evaluator.now, zone = evaluator.timeZoneOffsetMillis
            return { row in
                guard let s = arg0(row).stringValue, let t = AQLDateTime.parseDateTime(s, now: now, zoneOffsetMillis: zone) else { return .null }
                return .long(t)
            }
        case "PARSETIMESTAMP":
            let zone = evaluator.timeZoneOffsetMillis
            return { row in
                guard let pattern = arg0(row).stringValue, let s = arg1(row).stringValue,
                      let t = AQLDateTime.parse(s, pattern: pattern, zoneOffsetMillis: zone) else { return .null }
                return .long(t)
            }
        default:
            throw AQLError(at: position, found: name, message: "Function \(name) cannot be evaluated here.")
        }
    }

    private static func incidr(_ arguments: [AQLExpression], _ args: [AQLRowValue], at position: AQLSourcePosition) throws(AQLError) -> AQLRowValue {
        let addressOf = args[1]
        if case .literal(.string(let text)) = arguments[0].kind {
            guard let cidr = AQLNetwork.parseCIDR(text) else {
                throw AQLError(at: arguments[0].position, expected: "a CIDR range", found: "'\(text)'",
                               message: "INCIDR: '\(text)' is not a CIDR range.")
            }
            return { row in
                guard let s = addressOf(row).stringValue, let a = AQLNetwork.parse(s) else { return .bool(false) }
                return .bool(cidr.contains(a))
            }
        }
        let rangeOf = args[0]
        return { row in
            guard let t = rangeOf(row).stringValue, let cidr = AQLNetwork.parseCIDR(t),
                  let s = addressOf(row).stringValue, let a = AQLNetwork.parse(s) else { return .bool(false) }
            return .bool(cidr.contains(a))
        }
    }

    /// Java-style replacement: `$n` inserts group n, `\$` a literal dollar.
    static func replace(_ s: String, _ regex: Regex<AnyRegexOutput>, _ replacement: String, firstOnly: Bool) -> String {
        var out = ""
        var last = s.startIndex
        for match in s.matches(of: regex) {
            // Never step backwards (an empty match is followed by one that starts later).
            if match.range.lowerBound < last { continue }
            out += s[last..<match.range.lowerBound]
            var chars = replacement.makeIterator()
            var pending: Character? = chars.next()
            while let c = pending {
                pending = chars.next()
                if c == "\\", let n = pending {
                    out.append(n)
                    pending = chars.next()
                } else if c == "$", let d = pending, let digit = d.wholeNumberValue, d.isASCII {
                    pending = chars.next()
                    if digit < match.output.count, let sub = match.output[digit].substring { out += sub }
                } else {
                    out.append(c)
                }
            }
            last = match.range.upperBound
            if firstOnly { break }
            if match.range.isEmpty {
                // Avoid looping on empty matches: copy one character forward.
                if last < s.endIndex {
                    out.append(s[last])
                    last = s.index(after: last)
                }
            }
        }
        out += s[last...]
        return out
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [table[Int(n >> 18)], table[Int(n >> 12 & 63)], table[Int(n >> 6 & 63)], table[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [table[Int(n >> 18)], table[Int(n >> 12 & 63)], 61, 61]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [table[Int(n >> 18)], table[Int(n >> 12 & 63)], table[Int(n >> 6 & 63)], 61]
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func haversineKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let r = 6371.0088
        let toRad = Double.pi / 180
        let dLat = (lat2 - lat1) * toRad, dLon = (lon2 - lon1) * toRad
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * toRad) * cos(lat2 * toRad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(a)))
    }
}
