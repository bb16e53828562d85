import Foundation
import Ingestion
import Testing
@testable import SidecarConfig

@Suite struct StorageAndMappingTests {
    @Test func relativePathsResolveAgainstTheConfigurationFilesDirectory() throws {
        let dir = TempDirectory()
        dir.write("conf/secrets/token", Fixture.token + "\n")
        dir.write("conf/ca/qradar.pem", "pem")
        let path = dir.write("conf/vigil.yaml", """
        qradar:
          url: https://q.example.com
          token_file: secrets/token
          ca_bundle: ./ca/../ca/qradar.pem
        storage:
          url: ../state/vigil.db
        """)
        let c = try SidecarConfigLoader.load(path: path, environment: ["VIGIL_PSEUDONYM_KEY": Fixture.pseudonymKey])
        #expect(c.qradar.token.reveal() == Fixture.token)
        #expect(c.qradar.tls == .caBundle(dir.path + "/conf/ca/qradar.pem"))
        #expect(c.storage.sqlitePath == dir.path + "/state/vigil.db")
        #expect(c.storage.url.reveal() == "sqlite:" + dir.path + "/state/vigil.db")
    }

    @Test func aTildeExpandsToHomeFromTheGivenEnvironment() throws {
        var env = Fixture.secretsEnvironment
        env["HOME"] = "/home/vigil"
        let c = try Fixture.parse(Fixture.minimalYAML + "\nstorage:\n  url: sqlite:~/state/v.db\n", environment: env)
        #expect(c.storage.sqlitePath == "/home/vigil/state/v.db")
    }

    @Test func storageForms() throws {
        func storage(_ url: String) throws -> StorageSettings {
            try Fixture.parse(Fixture.minimalYAML + "\nstorage:\n  url: \"\(url)\"\n").storage
        }
        #expect(try storage("sqlite::memory:").sqlitePath == nil)
        #expect(try storage("sqlite::memory:").url.reveal() == "sqlite::memory:")
        #expect(try storage("sqlite:///var/lib/v.db").sqlitePath == "/var/lib/v.db")
        #expect(try storage("data.db").sqlitePath == "/srv/vigil/data.db")
        let pg = try storage("postgresql://vigil@db/vigil?schema=vigil")
        #expect(pg.isPostgres)
        #expect(pg.url.reveal() == "postgresql://vigil@db/vigil?schema=vigil")
        #expect(pg.displayURL == pg.url.reveal())
        let error = try #require(Fixture.error(Fixture.minimalYAML + "\nstorage:\n  url: mysql://db/vigil\n"))
        #expect(error.issue(for: "storage.url")?.message.contains("unsupported") == true)
    }

    @Test func thePostgresPasswordFromAFileIsMergedAndHiddenFromTheDisplayURL() throws {
        let dir = TempDirectory()
        dir.write("pg.pass", "s3cr:et@pw\n")
        let yaml = Fixture.minimalYAML + "\n" + """
        storage:
          url: postgres://vigil@db.example.com/vigil
          password_file: pg.pass
        """
        let c = try Fixture.parse(yaml, base: dir.path)
        #expect(c.storage.url.reveal() == "postgres://vigil:s3cr%3Aet%40pw@db.example.com/vigil")
        #expect(c.storage.displayURL == "postgres://vigil:***@db.example.com/vigil")
        #expect(c.storage.passwordOrigin == .file(dir.path + "/pg.pass"))
        // Decoding the merged URL gives the password back unchanged.
        let components = try #require(URLComponents(string: c.storage.url.reveal()))
        #expect(components.password == "s3cr:et@pw")
        // The environment beats the file.
        var env = Fixture.secretsEnvironment
        env["VIGIL_STORAGE_PASSWORD"] = "from-env"
        #expect(try Fixture.parse(yaml, base: dir.path, environment: env).storage.url.reveal() == "postgres://vigil:from-env@db.example.com/vigil")
        // A password with SQLite is a mistake.
        let sqlite = try #require(Fixture.error(Fixture.minimalYAML + "\nstorage:\n  url: sqlite:x.db\n  password_file: pg.pass\n", base: dir.path))
        #expect(sqlite.issue(for: "storage.password_file")?.message == "a password only applies to a postgres:// storage.url")
        // An inline password works but is warned about.
        let inline = try Fixture.parse(Fixture.minimalYAML + "\nstorage:\n  url: postgres://u:pw@db/v\n")
        #expect(inline.warnings.contains { $0.contains("contains a password") })
        #expect(inline.storage.displayURL == "postgres://u:***@db/v")
    }

    static func customMappingJSON() throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(FieldMapping.defaultJSON.utf8))
        var mapping = try #require(object as? [String: Any])
        mapping["name"] = "badge"
        var custom = try #require(mapping["customProperties"] as? [String: [String]])
        custom["events", default: []].append("Badge ID")
        mapping["customProperties"] = custom
        let data = try JSONSerialization.data(withJSONObject: mapping)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aMappingFileIsLoadedAndItsCustomPropertiesValidateSourceQueries() throws {
        let dir = TempDirectory()
        dir.write("mappings/badge.json", try Self.customMappingJSON())
        let yaml = Fixture.minimalYAML + "\n" + """
        mappings:
          badge: mappings/badge.json
        sources:
          - name: badge-events
            filter: "\\"Badge ID\\" = '42'"
            mapping: badge
        """
        let c = try Fixture.parse(yaml, base: dir.path)
        #expect(c.mappings.keys.sorted() == ["badge", "default"])
        #expect(c.mappings["badge"]?.allCustomProperties.contains("Badge ID") == true)
        #expect(c.sources.first?.mapping == "badge")

        // The same filter against the default mapping (which lacks the property) fails, naming the source's filter.
        let withDefault = yaml.replacingOccurrences(of: "mapping: badge", with: "mapping: default")
        let error = try #require(Fixture.error(withDefault, base: dir.path))
        #expect(error.issue(for: "sources[0].filter") != nil, "\(error)")
    }

    @Test func mappingProblemsNameTheKey() throws {
        let dir = TempDirectory()
        dir.write("broken.json", "{\"name\": \"x\"")
        let yaml = Fixture.minimalYAML + "\n" + """
        mappings:
          broken: broken.json
          absent: nowhere.json
          default: mine.json
        sources:
          - name: s
            mapping: nosuch
        """
        let error = try #require(Fixture.error(yaml, base: dir.path))
        #expect(error.issue(for: "mappings.broken")?.message.contains("not valid") == true)
        #expect(error.issue(for: "mappings.absent")?.message == "file not found: \(dir.path)/nowhere.json")
        #expect(error.issue(for: "mappings.default") != nil)
        #expect(error.issue(for: "sources[0].mapping")?.message == "unknown mapping 'nosuch' (known: default)")
    }

    @Test func sourceQueryRules() throws {
        let yaml = Fixture.minimalYAML + "\n" + """
        sources:
          - name: both
            select: SELECT starttime FROM events
            filter: qid = 1
          - name: limited
            select: SELECT starttime FROM events LIMIT 10
          - name: wrongdb
            database: flows
            select: SELECT starttime FROM events
          - name: window
            overlap: 30m
            max_window: 30m
          - name: ok
            poll_interval: 5m
          - name: typo
            filter: "qid = = 5"
        """
        let error = try #require(Fixture.error(yaml))
        #expect(error.issue(for: "sources[0].filter")?.message.contains("not both") == true)
        #expect(error.issue(for: "sources[1].select")?.message.contains("LIMIT") == true)
        #expect(error.issue(for: "sources[2].select")?.message.contains("reads 'events'") == true)
        #expect(error.issue(for: "sources[3].max_window") != nil, "\(error)")
        // A parse error in a filter points into the filter, not into the query built around it.
        let typo = try #require(error.issue(for: "sources[5].filter"))
        #expect(typo.message.hasPrefix("invalid AQL at column 7 of the filter:"), "\(typo)")
        #expect(typo.message.hasSuffix(" — in the filter: qid = = 5"))
        #expect(error.issues.count == 5, "\(error)")
        let empty = try #require(Fixture.error(Fixture.minimalYAML + "\nsources: []\n"))
        #expect(empty.issue(for: "sources") != nil)
    }
}
