// Unambiguous names for the models.
//
// The module and its main class are both called `QRadarClient`, so `QRadarClient.Asset` names a member of the
// class, not the module's `Asset`. A file that also imports a module with its own `Asset`, `LogSource` or
// `APIVersion` (Simulation, QRadarEmulator) can use these prefixed names instead.

public typealias QRadarOffense = Offense
public typealias QRadarOffenseNote = OffenseNote
public typealias QRadarClosingReason = ClosingReason
public typealias QRadarOffenseType = OffenseType
public typealias QRadarSourceAddress = SourceAddress
public typealias QRadarLocalDestinationAddress = LocalDestinationAddress
public typealias QRadarArielSearch = ArielSearch
public typealias QRadarReferenceSet = ReferenceSet
public typealias QRadarReferenceSetElement = ReferenceSetElement
public typealias QRadarAsset = Asset
public typealias QRadarLogSource = LogSource
public typealias QRadarAPIVersion = APIVersion
