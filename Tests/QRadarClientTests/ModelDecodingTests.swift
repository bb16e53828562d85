import VigilCore
import Foundation
import Testing

@testable import QRadarClient

@Suite struct ModelDecodingTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    @Test func offenseWithEveryField() throws {
        let json = #"""
            {"id": 14, "description": "Multiple Login Failures for the Same User\n", "assigned_to": "admin",
             "categories": ["User Login Failure", "General Authentication Failed"], "category_count": 2,
             "policy_category_count": 0, "security_category_count": 2, "close_time": null, "closing_user": null,
             "closing_reason_id": null, "credibility": 3, "relevance": 0, "severity": 5, "magnitude": 2,
             "destination_networks": ["other"], "source_network": "Net-10-172-192.Net_192_168_0_0", "device_count": 2,
             "event_count": 21, "flow_count": 0, "inactive": false, "last_updated_time": 1613568441062,
             "last_persisted_time": 1613568460000, "first_persisted_time": 1613568422000, "local_destination_count": 0,
             "offense_source": "admin", "offense_type": 3, "protected": false, "follow_up": true,
             "remote_destination_count": 1, "source_count": 1, "start_time": 1613568415102, "status": "OPEN",
             "username_count": 1, "source_address_ids": [3], "local_destination_address_ids": [], "domain_id": 0,
             "rules": [{"id": 100065, "type": "CRE_RULE"}],
             "log_sources": [{"type_name": "EventCRE", "type_id": 18, "name": "Custom Rule Engine-8 :: ip-172", "id": 63}],
             "a_field_from_qradar_30": {"nested": [1, 2]}}
            """#
        let offense = try decode(Offense.self, json)
        #expect(offense.id == 14)
        #expect(offense.description == "Multiple Login Failures for the Same User\n")
        #expect(offense.assignedTo == "admin")
        #expect(offense.categories == ["User Login Failure", "General Authentication Failed"])
        #expect(offense.categoryCount == 2)
        #expect(offense.policyCategoryCount == 0)
        #expect(offense.securityCategoryCount == 2)
        #expect(offense.closeTime == nil)
        #expect(offense.closingUser == nil)
        #expect(offense.closingReasonID == nil)
        #expect(offense.credibility == 3)
        #expect(offense.relevance == 0)
        #expect(offense.severity == 5)
        #expect(offense.magnitude == 2)
        #expect(offense.destinationNetworks == ["other"])
        #expect(offense.sourceNetwork == "Net-10-172-192.Net_192_168_0_0")
        #expect(offense.deviceCount == 2)
        #expect(offense.eventCount == 21)
        #expect(offense.flowCount == 0)
        #expect(offense.inactive == false)
        #expect(offense.lastUpdatedTime == 1_613_568_441_062)
        #expect(offense.lastPersistedTime == 1_613_568_460_000)
        #expect(offense.firstPersistedTime == 1_613_568_422_000)
        #expect(offense.localDestinationCount == 0)
        #expect(offense.offenseSource == "admin")
        #expect(offense.offenseType == 3)
        #expect(offense.isProtected == false)
        #expect(offense.followUp == true)
        #expect(offense.remoteDestinationCount == 1)
        #expect(offense.sourceCount == 1)
        #expect(offense.startTime == 1_613_568_415_102)
        #expect(offense.status == .open)
        #expect(offense.usernameCount == 1)
        #expect(offense.sourceAddressIDs == [3])
        #expect(offense.localDestinationAddressIDs == [])
        #expect(offense.domainID == 0)
        #expect(offense.rules == [OffenseRule(id: 100065, type: "CRE_RULE")])
        #expect(offense.logSources == [OffenseLogSource(id: 63, name: "Custom Rule Engine-8 :: ip-172", typeID: 18, typeName: "EventCRE")])
    }

    @Test func projectedOffenseHasNilsAndOddTypesDoNotBreakIt() throws {
        let offense = try decode(Offense.self, #"{"id": 2, "status": "SOME_FUTURE_STATUS", "magnitude": "high", "rules": "n/a"}"#)
        #expect(offense.id == 2)
        #expect(offense.status?.rawValue == "SOME_FUTURE_STATUS")
        #expect(offense.magnitude == nil)
        #expect(offense.rules == nil)
        #expect(offense.description == nil)
    }

    @Test func offenseWithoutIDIsAnError() {
        #expect(throws: DecodingError.self) { try decode(Offense.self, #"{"status": "OPEN"}"#) }
    }

    @Test func modelsRoundTripThroughJSON() throws {
        var offense = Offense(id: 9)
        offense.status = .closed
        offense.closingReasonID = 2
        offense.rules = [OffenseRule(id: 1, type: "ADE_RULE")]
        let again = try JSONDecoder().decode(Offense.self, from: JSONEncoder().encode(offense))
        #expect(again == offense)
        let text = String(decoding: try JSONEncoder().encode(offense), as: UTF8.self)
        #expect(text.contains(#""closing_reason_id":2"#))
    }

    @Test func noteClosingReasonOffenseType() throws {
        let note = try decode(OffenseNote.self, #"{"note_text":"test text message","create_time":1614248976758,"id":6,"username":"API_user: test_user"}"#)
        #expect(note == OffenseNote(id: 6, createTime: 1_614_248_976_758, username: "API_user: test_user", noteText: "test text message"))
        let reason = try decode(ClosingReason.self, #"{"id": 2, "text": "False-Positive, Tuned", "is_deleted": false, "is_reserved": false}"#)
        #expect(reason == ClosingReason(id: 2, text: "False-Positive, Tuned", isDeleted: false, isReserved: false))
        let type = try decode(OffenseType.self, #"{"property_name":"sourceIP","database_type":"COMMON","id":0,"name":"Source IP","custom":false}"#)
        #expect(type == OffenseType(id: 0, propertyName: "sourceIP", name: "Source IP", databaseType: "COMMON", custom: false))
    }

    @Test func addresses() throws {
        let source = try decode(
            SourceAddress.self,
            #"{"id": 3, "source_ip": "192.168.1.3", "magnitude": 4, "network": "other", "offense_ids": [14, 15], "local_destination_address_ids": [], "event_flow_count": 42, "first_event_flow_seen": 1, "last_event_flow_seen": 2, "domain_id": 0}"#)
        #expect(source.sourceIP == "192.168.1.3")
        #expect(source.offenseIDs == [14, 15])
        #expect(source.eventFlowCount == 42)
        let local = try decode(
            LocalDestinationAddress.self,
            #"{"id": 5, "local_destination_ip": "10.0.0.5", "source_address_ids": [3], "offense_ids": [14]}"#)
        #expect(local.localDestinationIP == "10.0.0.5")
        #expect(local.sourceAddressIDs == [3])
    }

    @Test func arielSearchAsObservedFromARealConsole() throws {
        let json = #"""
            {"cursor_id": "19e90792-1a17-403b-ae5b-d0e60740b95e", "status": "COMPLETED", "compressed_data_file_count": 0,
             "compressed_data_total_size": 0, "data_file_count": 1, "data_total_size": 128, "index_file_count": 0,
             "index_total_size": 0, "processed_record_count": 20, "desired_retention_time_msec": 86400000,
             "progress": 100, "progress_details": [], "query_execution_time": 304, "query_string": "SELECT * FROM events",
             "record_count": 20, "save_results": false, "completed": true, "size_on_disk": 7,
             "search_id": "19e90792-1a17-403b-ae5b-d0e60740b95e", "snapshot": null, "subsearch_ids": [],
             "error_messages": [{"code": 1020, "contexts": [], "message": "partial", "severity": "WARN"}]}
            """#
        let search = try decode(ArielSearch.self, json)
        #expect(search.searchID == "19e90792-1a17-403b-ae5b-d0e60740b95e")
        #expect(search.status == .completed)
        #expect(search.isComplete)
        #expect(search.recordCount == 20)
        #expect(search.queryExecutionTime == 304)
        #expect(search.desiredRetentionTimeMsec == 86_400_000)
        #expect(search.snapshot == nil)
        #expect(search.errorMessages?.first?.code == "1020", "numeric codes are kept as text")
    }

    @Test func referenceSetAndElements() throws {
        let set = try decode(
            ReferenceSet.self,
            #"{"timeout_type":"UNKNOWN","number_of_elements":1,"creation_time":1614260106885,"name":"Email Servers","element_type":"IP","time_to_live":"3 years 3 mons 1 days 0 hours 10 mins 2.00 secs","data":[{"last_seen":1612971683681,"first_seen":1612971630849,"source":"reference data api","value":"1.2.3.4","domain_id":null}]}"#)
        #expect(set.name == "Email Servers")
        #expect(set.elementType == .ip)
        #expect(set.timeoutType == .unknown)
        #expect(set.timeToLive == "3 years 3 mons 1 days 0 hours 10 mins 2.00 secs")
        #expect(set.data == [ReferenceSetElement(value: "1.2.3.4", source: "reference data api", firstSeen: 1_612_971_630_849, lastSeen: 1_612_971_683_681)])
        let numeric = try decode(ReferenceSetElement.self, #"{"value": 443}"#)
        #expect(numeric.value == "443")
    }

    @Test func assetWithNestedObjects() throws {
        let json = #"""
            {"id": 1001, "domain_id": 0, "vulnerability_count": 2, "risk_score_sum": 13.5,
             "hostnames": [{"id": 1, "type": "DNS", "name": "ws-17.corp", "created": 5, "last_seen_profiler": 9}],
             "interfaces": [{"id": 2, "mac_address": "00:11:22:33:44:55", "ip_addresses": [{"id": 3, "network_id": 4, "value": "10.0.0.17", "type": "IPV4"}]}],
             "products": [{"id": 7, "vendor": "Microsoft", "name": "Windows", "version": 10}],
             "properties": [{"last_reported":1612292712643,"name":"Unified Name","type_id":1002,"id":1006,"last_reported_by":"IDENTITY:112","value":"TLVWIN9131Q21"}],
             "users": [{"id": 8, "username": "jdoe", "first_seen_scanner": 11}]}
            """#
        let asset = try decode(Asset.self, json)
        #expect(asset.riskScoreSum == 13.5)
        #expect(asset.hostnames?.first?.name == "ws-17.corp")
        #expect(asset.hostnames?.first?.sightings.lastSeenProfiler == 9)
        #expect(asset.ipAddresses == ["10.0.0.17"])
        #expect(asset.interfaces?.first?.macAddress == "00:11:22:33:44:55")
        #expect(asset.products?.first?.version == "10")
        #expect(asset.property(named: "Unified Name") == "TLVWIN9131Q21")
        #expect(asset.users?.first?.sightings.firstSeenScanner == 11)
        let again = try JSONDecoder().decode(Asset.self, from: JSONEncoder().encode(asset))
        #expect(again == asset)
    }

    @Test func logSourceWithStatus() throws {
        let json = #"""
            {"id": 63, "name": "Custom Rule Engine-8 :: ip-172", "type_id": 18, "internal": true, "enabled": true,
             "protocol_parameters": [{"id": 1, "name": "identifier", "value": "10.0.0.1"}, {"id": 2, "name": "port", "value": 514}],
             "status": {"status": "ERROR", "last_updated": 0, "messages": [{"severity": "ERROR", "text": "Events have not been received from this Log Source in over 720 minutes.", "timestamp": 1}]},
             "average_eps": 0, "last_event_time": 1613568441062, "group_ids": [0], "sending_ip": "10.0.0.1"}
            """#
        let source = try decode(LogSource.self, json)
        #expect(source.isInternal == true)
        #expect(source.protocolParameters?[1].value == .int(514))
        #expect(source.status?.status == "ERROR")
        #expect(source.status?.messages?.first?.text?.hasPrefix("Events have not been received") == true)
        #expect(source.averageEPS == 0)
        #expect(source.lastEventTime == 1_613_568_441_062)
        let nullMessages = try decode(LogSource.self, #"{"id": 1, "status": {"status": "SUCCESS", "messages": null}}"#)
        #expect(nullMessages.status?.messages == nil)
    }

    @Test func apiVersion() throws {
        let version = try decode(APIVersion.self, #"{"id": 40, "version": "20.0", "deprecated": false, "removed": false, "root_resource_ids": [1, 2]}"#)
        #expect(version == {
            var v = APIVersion(id: 40, version: "20.0", deprecated: false, removed: false)
            v.rootResourceIDs = [1, 2]
            return v
        }())
    }

    @Test func qradarJSONKeepsIntegersExact() throws {
        let value = try decode(JSONValue.self, #"{"t": 1700000000123, "d": 1.5, "s": "x", "b": true, "n": null, "a": [1, "2"], "big": 1e30}"#)
        #expect(value["t"] == .int(1_700_000_000_123))
        #expect(value["d"] == .double(1.5))
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["n"]?.isNull == true)
        #expect(value["a"] == [1, "2"])
        #expect(value["big"]?.doubleValue == 1e30)
        let again = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(again == value)
        #expect(JSONValue.object(["k": "a\"b\n"]).description == #"{"k":"a\"b\n"}"#)
    }
}
