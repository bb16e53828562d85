/// How much of a command line a token keeps.
public enum CommandTokenMode: String, Sendable, Hashable {
    /// The program only (`net`).
    case commands
    /// The program, its sub-command for multi-verb tools, and its flag names without values
    /// (`net group /domain`): a parameter-aware variant that still generalises over file names and values.
    case commandsAndParameters
}

/// Turns command lines into tokens for the sequence model: unwraps `cmd /c`, `powershell -Command` and `sudo`,
/// splits compound commands (`&`, `&&`, `||`, `|`, `;`), and normalises each part to a program name (lower case,
/// no path, no `.exe`) plus, in ``CommandTokenMode/commandsAndParameters`` mode, its verb and sorted flag names.
public enum CommandTokenizer {
    /// Tools whose first argument is a sub-command worth keeping.
    static let verbTools: Set<String> = [
        "net", "net1", "sc", "reg", "wevtutil", "vssadmin", "netsh", "wmic", "bcdedit", "ntdsutil", "dsquery", "query", "git", "systemctl",
        "service", "apt", "apt-get", "yum", "dnf", "docker", "kubectl", "ip", "dism", "diskshadow", "fsutil", "winrm", "manage-bde", "klist",
        "tar", "openssl", "journalctl", "az", "aws", "gcloud",
    ]
    /// Loaders whose first argument (a DLL or script) says what actually runs.
    static let loaderTools: Set<String> = ["rundll32", "regsvr32", "mshta", "cscript", "wscript", "installutil", "msiexec"]

    public static func tokens(_ commandLine: String, mode: CommandTokenMode = .commandsAndParameters) -> [String] {
        var out: [String] = []
        tokenize(commandLine, mode: mode, depth: 0, into: &out)
        return out
    }

    private static func tokenize(_ line: String, mode: CommandTokenMode, depth: Int, into out: inout [String]) {
        guard depth < 4 else { return }
        for part in splitCompound(line) {
            let words = splitWords(part)
            guard let first = words.first else { continue }
            let program = programName(first)
            if program.isEmpty { continue }
            let args = Array(words.dropFirst())
            switch program {
            case "cmd":
                if let i = args.firstIndex(where: { $0.lowercased() == "/c" || $0.lowercased() == "/k" || $0.lowercased() == "/r" }) {
                    tokenize(args[(i + 1)...].joined(separator: " "), mode: mode, depth: depth + 1, into: &out)
                } else {
                    out.append("cmd")
                }
            case "powershell", "pwsh":
                powershell(args, mode: mode, depth: depth, into: &out)
            case "sudo", "doas":
                var rest = args[...]
                while let a = rest.first, a.hasPrefix("-") {
                    rest = rest.dropFirst()
                    if ["-u", "-g", "-h", "-p", "-c", "-r", "-t", "-U", "-C"].contains(a), !rest.isEmpty { rest = rest.dropFirst() }
                }
                if rest.isEmpty { out.append(program) } else { tokenize(rest.joined(separator: " "), mode: mode, depth: depth + 1, into: &out) }
            default:
                out.append(token(program: program, args: args, mode: mode))
            }
        }
    }

    private static func powershell(_ args: [String], mode: CommandTokenMode, depth: Int, into out: inout [String]) {
        var i = 0
        while i < args.count {
            let a = args[i].lowercased()
            if a == "-encodedcommand" || a == "-enc" || a == "-e" || a == "-ec" {
                out.append("powershell -encodedcommand")
                return
            }
            if a == "-command" || a == "-c" {
                i += 1
                break
            }
            guard a.hasPrefix("-") else { break }
            // Options with a value.
            if ["-executionpolicy", "-ep", "-windowstyle", "-w", "-file", "-f", "-configurationname", "-version"].contains(a) { i += 1 }
            if a == "-file" || a == "-f" {
                out.append("powershell -file")
                return
            }
            i += 1
        }
        let script = args[min(i, args.count)...].joined(separator: " ")
        if script.trimmingSpaces.isEmpty { out.append("powershell"); return }
        tokenize(script, mode: mode, depth: depth + 1, into: &out)
    }

    static func token(program: String, args: [String], mode: CommandTokenMode) -> String {
        guard mode == .commandsAndParameters else { return program }
        var parts = [program]
        if verbTools.contains(program), let verb = args.first, isVerb(verb) {
            parts.append(verb.lowercased())
        } else if loaderTools.contains(program), let target = args.first(where: { !$0.hasPrefix("/") && !$0.hasPrefix("-") }) {
            var base = baseName(target).lowercased()
            if let comma = base.firstIndex(of: ",") { base = String(base[..<comma]) }
            if !base.isEmpty { parts.append(base) }
        }
        var flags = Set<String>()
        for a in args {
            if let f = flagName(a) { flags.insert(f) }
        }
        parts += flags.sorted().prefix(6)
        return parts.joined(separator: " ")
    }

    static func isVerb(_ w: String) -> Bool {
        guard let f = w.first, f.isLetter, w.count <= 24 else { return false }
        return w.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }

    /// `/domain` → `/domain`; `/for=C:` → `/for`; `-Filter` → `-filter`; `--all` → `--all`; paths and values → nil.
    static func flagName(_ a: String) -> String? {
        guard let f = a.first, f == "/" || f == "-", a.count >= 2, a.count <= 40 else { return nil }
        var name = Substring(a)
        if let cut = name.firstIndex(where: { $0 == "=" || $0 == ":" }) { name = name[..<cut] }
        let body = name.drop(while: { $0 == "/" || $0 == "-" })
        guard !body.isEmpty, body.count <= 24, body.first?.isLetter ?? false,
              body.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "?" })
        else { return nil }
        // A Unix path is not a flag.
        if f == "/", body.contains("/") { return nil }
        return name.lowercased()
    }

    /// `C:\Windows\System32\cmd.exe` → `cmd`; `/usr/bin/systemctl` → `systemctl`.
    static func programName(_ word: String) -> String {
        var base = baseName(word).lowercased()
        for ext in [".exe", ".com"] where base.hasSuffix(ext) { base.removeLast(ext.count) }
        return base
    }

    static func baseName(_ path: String) -> String {
        if let i = path.lastIndex(where: { $0 == "\\" || $0 == "/" }) { return String(path[path.index(after: i)...]) }
        return path
    }

    /// Splits on `&`, `&&`, `||`, `|` and `;` outside quotes (bytes: the delimiters are ASCII, so UTF-8 text
    /// splits safely and much faster than by `Character`).
    static func splitCompound(_ line: String) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        var quote: UInt8 = 0
        for b in line.utf8 {
            if quote != 0 {
                current.append(b)
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                quote = b
                current.append(b)
            } else if b == 0x26 || b == 0x7C || b == 0x3B {
                if !current.isEmpty { parts.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(b)
            }
        }
        if !current.isEmpty { parts.append(String(decoding: current, as: UTF8.self)) }
        return parts.map(\.trimmingSpaces).filter { !$0.isEmpty }
    }

    /// Splits on spaces and tabs outside quotes and drops the quotes.
    static func splitWords(_ line: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var quote: UInt8 = 0
        var inWord = false
        for b in line.utf8 {
            if quote != 0 {
                if b == quote { quote = 0 } else { current.append(b) }
            } else if b == 0x22 || b == 0x27 {
                quote = b
                inWord = true
            } else if b == 0x20 || b == 0x09 {
                if inWord {
                    words.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                    inWord = false
                }
            } else {
                current.append(b)
                inWord = true
            }
        }
        if inWord { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
