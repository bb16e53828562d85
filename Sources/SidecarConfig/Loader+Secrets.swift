import Foundation

/// Where a secret may come from, in the order they are tried (the environment beats the file).
struct SecretSpec {
    /// Key in the file naming a file that holds the secret (`token_file`).
    var fileKey: String
    /// Key in the file naming an environment variable that holds the secret (`token_env`).
    var envKey: String
    /// A fixed variable holding the secret itself (`VIGIL_QRADAR_TOKEN`); beats everything.
    var overrideVariable: String?
    /// A fixed variable naming a file with the secret (`VIGIL_QRADAR_TOKEN_FILE`).
    var overrideFileVariable: String?
}

/// A secret that was found, with the key to blame when it turns out unusable.
struct FoundSecret {
    var secret: Secret
    var origin: SecretOrigin
    var key: String
}

extension Loader {
    /// Reads a secret; nil (with an issue when something was configured but unusable) when there is none.
    /// Both keys are always read, so neither is reported as unknown.
    func readSecret(_ map: YAMLMap, _ spec: SecretSpec) -> FoundSecret? {
        let fileValue = map.nonEmptyString(spec.fileKey)
        let envValue = map.nonEmptyString(spec.envKey)
        if let variable = spec.overrideVariable, let value = context.env(variable) {
            return FoundSecret(secret: Secret(Self.trimTrailingNewlines(value)), origin: .environment(variable), key: variable)
        }
        if let variable = spec.overrideFileVariable, let path = context.env(variable) {
            return readSecretFile(context.resolveFromEnvironment(path), key: variable)
        }
        if fileValue != nil, envValue != nil {
            context.fail(map.key(spec.fileKey), "set only one of \(spec.fileKey) and \(spec.envKey)", at: map.value(spec.fileKey))
            return nil
        }
        if let fileValue {
            return readSecretFile(context.resolve(fileValue), key: map.key(spec.fileKey), node: map)
        }
        if let envValue {
            guard let value = context.environment[envValue], !value.isEmpty else {
                context.fail(map.key(spec.envKey), "the environment variable \(envValue) is not set", at: map.value(spec.envKey))
                return nil
            }
            return FoundSecret(secret: Secret(Self.trimTrailingNewlines(value)), origin: .environment(envValue), key: map.key(spec.envKey))
        }
        return nil
    }

    private func readSecretFile(_ path: String, key: String, node: YAMLMap? = nil) -> FoundSecret? {
        let line = node?.value(String(key.split(separator: ".").last ?? ""))
        guard context.fileExists(path) else {
            context.fail(key, "file not found: \(path)", at: line)
            return nil
        }
        guard let bytes = context.readFile(path) else {
            context.fail(key, "cannot read \(path)", at: line)
            return nil
        }
        var trimmed = bytes
        while let last = trimmed.last, last == 0x0A || last == 0x0D { trimmed.removeLast() }
        guard !trimmed.isEmpty else {
            context.fail(key, "the file \(path) is empty", at: line)
            return nil
        }
        return FoundSecret(secret: Secret(bytes: trimmed), origin: .file(path), key: key)
    }

    static func trimTrailingNewlines(_ s: String) -> String {
        var t = Substring(s)
        while let last = t.last, last == "\n" || last == "\r" || last == "\r\n" { t.removeLast() }
        return String(t)
    }

    /// Whether text can travel in an HTTP header (visible ASCII and inner spaces), without showing it.
    static func isHeaderSafe(_ secret: Secret) -> Bool {
        let b = secret.bytes
        guard let first = b.first, let last = b.last, first != 0x20, last != 0x20 else { return false }
        return b.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// A 32-byte key from 64 hex digits, base64 of 32 bytes, or exactly 32 raw bytes.
    static func decode32ByteKey(_ secret: Secret) -> [UInt8]? {
        let text = secret.reveal().trimmingSpacesAndTabs()
        if text.utf8.count == 64, let bytes = hexBytes(text) { return bytes }
        if let data = Data(base64Encoded: text), data.count == 32 { return Array(data) }
        if secret.bytes.count == 32 { return secret.bytes }
        return nil
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let u = Array(text.utf8)
        guard u.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let h = nibble(u[i]), let l = nibble(u[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }
}
