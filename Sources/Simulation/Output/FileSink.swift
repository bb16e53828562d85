#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file written in large blocks with C stdio, counting the bytes it wrote.
final class FileSink {
    let path: String
    private var file: UnsafeMutablePointer<FILE>?
    private(set) var bytesWritten: Int64 = 0

    init(path: String) throws(SimulationError) {
        self.path = path
        guard let f = fopen(path, "wb") else { throw .io(path: path, reason: Self.errnoText()) }
        file = f
        setvbuf(f, nil, _IOFBF, 1 << 20)
    }

    /// Writes the bytes (and leaves the buffer to the caller to clear).
    func write(_ bytes: [UInt8]) throws(SimulationError) {
        guard let file else { throw .io(path: path, reason: "file already closed") }
        guard !bytes.isEmpty else { return }
        let n = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        guard n == bytes.count else { throw .io(path: path, reason: Self.errnoText()) }
        bytesWritten += Int64(n)
    }

    func close() throws(SimulationError) {
        guard let f = file else { return }
        file = nil
        guard fclose(f) == 0 else { throw .io(path: path, reason: Self.errnoText()) }
    }

    deinit {
        if let file { fclose(file) }
    }

    static func errnoText() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }

    /// Creates a directory and its parents (like `mkdir -p`).
    static func makeDirectory(_ path: String) throws(SimulationError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += part
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw .io(path: prefix, reason: errnoText())
            }
            var info = stat()
            guard stat(prefix, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw .io(path: prefix, reason: "exists and is not a directory")
            }
            prefix += "/"
        }
    }

    /// Writes a whole file at once.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(SimulationError) -> Int64 {
        let sink = try FileSink(path: path)
        try sink.write(bytes)
        try sink.close()
        return sink.bytesWritten
    }
}
