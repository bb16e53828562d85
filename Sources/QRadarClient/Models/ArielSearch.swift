import VigilCore

/// An Ariel search's status object (QRADAR.md §3.2), from create, status, cancel and delete.
public struct ArielSearch: Codable, Sendable, Hashable {
    /// The search id: a UUID, or the cursor name given with `INTO`.
    public var searchID: String
    public var cursorID: String?
    public var status: ArielSearchStatus?
    /// Present in real responses; `true` once the search is complete.
    public var completed: Bool?
    /// 0–100.
    public var progress: Int?
    public var progressDetails: [Int]?
    public var queryExecutionTime: Int64?
    public var queryString: String?
    public var recordCount: Int?
    public var processedRecordCount: Int?
    public var saveResults: Bool?
    public var desiredRetentionTimeMsec: Int64?
    public var compressedDataFileCount: Int?
    public var compressedDataTotalSize: Int64?
    public var dataFileCount: Int?
    public var dataTotalSize: Int64?
    public var indexFileCount: Int?
    public var indexTotalSize: Int64?
    public var sizeOnDisk: Int64?
    public var errorMessages: [ArielErrorMessage]?
    /// Preview rows (`{"events":[…]}`) or `nil`.
    public var snapshot: JSONValue?
    public var subsearchIDs: [String]?

    public init(searchID: String, status: ArielSearchStatus? = nil) {
        self.searchID = searchID
        self.status = status
    }

    /// `true` when results can be fetched.
    public var isComplete: Bool { status == .completed || (status == nil && completed == true) }

    /// `true` when the search will never produce results (CANCELED or ERROR).
    public var isFailed: Bool { status == .canceled || status == .error }

    enum CodingKeys: String, CodingKey {
        case status, completed, progress, snapshot
        case searchID = "search_id"
        case cursorID = "cursor_id"
        case progressDetails = "progress_details"
        case queryExecutionTime = "query_execution_time"
        case queryString = "query_string"
        case recordCount = "record_count"
        case processedRecordCount = "processed_record_count"
        case saveResults = "save_results"
        case desiredRetentionTimeMsec = "desired_retention_time_msec"
        case compressedDataFileCount = "compressed_data_file_count"
        case compressedDataTotalSize = "compressed_data_total_size"
        case dataFileCount = "data_file_count"
        case dataTotalSize = "data_total_size"
        case indexFileCount = "index_file_count"
        case indexTotalSize = "index_total_size"
        case sizeOnDisk = "size_on_disk"
        case errorMessages = "error_messages"
        case subsearchIDs = "subsearch_ids"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cursorID = c.lenient(.cursorID)
        guard let id = c.lenient(.searchID, as: String.self) ?? cursorID else {
            throw DecodingError.keyNotFound(
                CodingKeys.searchID, .init(codingPath: c.codingPath, debugDescription: "search object without search_id"))
        }
        searchID = id
        status = c.lenient(.status)
        completed = c.lenient(.completed)
        progress = c.lenient(.progress)
        progressDetails = c.lenient(.progressDetails)
        queryExecutionTime = c.lenient(.queryExecutionTime)
        queryString = c.lenient(.queryString)
        recordCount = c.lenient(.recordCount)
        processedRecordCount = c.lenient(.processedRecordCount)
        saveResults = c.lenient(.saveResults)
        desiredRetentionTimeMsec = c.lenient(.desiredRetentionTimeMsec)
        compressedDataFileCount = c.lenient(.compressedDataFileCount)
        compressedDataTotalSize = c.lenient(.compressedDataTotalSize)
        dataFileCount = c.lenient(.dataFileCount)
        dataTotalSize = c.lenient(.dataTotalSize)
        indexFileCount = c.lenient(.indexFileCount)
        indexTotalSize = c.lenient(.indexTotalSize)
        sizeOnDisk = c.lenient(.sizeOnDisk)
        errorMessages = c.lenient(.errorMessages)
        snapshot = c.lenient(.snapshot)
        subsearchIDs = c.lenient(.subsearchIDs)
    }
}

/// `WAIT`, `EXECUTE`, `SORTING`, `COMPLETED`, `CANCELED` or `ERROR`.
public struct ArielSearchStatus: QRadarStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let wait: ArielSearchStatus = "WAIT"
    public static let execute: ArielSearchStatus = "EXECUTE"
    public static let sorting: ArielSearchStatus = "SORTING"
    public static let completed: ArielSearchStatus = "COMPLETED"
    public static let canceled: ArielSearchStatus = "CANCELED"
    public static let error: ArielSearchStatus = "ERROR"
}

/// One entry of a search's `error_messages`.
public struct ArielErrorMessage: Codable, Sendable, Hashable {
    /// QRadar's code, as text (some versions send a number).
    public var code: String?
    public var contexts: [String]?
    public var message: String?
    /// `INFO`, `WARN` or `ERROR`.
    public var severity: String?

    public init(code: String? = nil, contexts: [String]? = nil, message: String? = nil, severity: String? = nil) {
        self.code = code
        self.contexts = contexts
        self.message = message
        self.severity = severity
    }

    enum CodingKeys: String, CodingKey { case code, contexts, message, severity }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = c.lenientText(.code)
        contexts = c.lenient(.contexts)
        message = c.lenient(.message)
        severity = c.lenient(.severity)
    }
}
