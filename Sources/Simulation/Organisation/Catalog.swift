/// The organisation's fixed infrastructure and the things people use, as data. ``Enterprise`` turns these rows
/// into assets, log sources and resources; role profiles refer to resources by key.
enum Catalog {
    struct ServerSpec {
        var hostname: String
        var kind: AssetKind
        var platform: Platform
        var os: String
        var zone: NetworkZone
        var criticality: Criticality
        var ip: String
        var services: [String]
        var department: Department?
        var serviceLog: LogSourceType?
        var publicIP: String?
    }

    static let servers: [ServerSpec] = [
        ServerSpec(hostname: "DC01", kind: .domainController, platform: .windowsServer, os: "Windows Server 2022 Datacenter", zone: .datacenter, criticality: .critical, ip: "10.0.1.10", services: ["Active Directory Domain Services", "DNS Server", "Kerberos KDC"], department: .it, serviceLog: nil),
        ServerSpec(hostname: "DC02", kind: .domainController, platform: .windowsServer, os: "Windows Server 2022 Datacenter", zone: .datacenter, criticality: .critical, ip: "10.0.1.11", services: ["Active Directory Domain Services", "DNS Server", "Kerberos KDC"], department: .it, serviceLog: nil),
        ServerSpec(hostname: "FS-FIN01", kind: .fileServer, platform: .windowsServer, os: "Windows Server 2019 Standard", zone: .datacenter, criticality: .high, ip: "10.0.2.10", services: ["File Server"], department: .finance, serviceLog: .fileAudit),
        ServerSpec(hostname: "FS-HR01", kind: .fileServer, platform: .windowsServer, os: "Windows Server 2019 Standard", zone: .datacenter, criticality: .critical, ip: "10.0.2.11", services: ["File Server"], department: .humanResources, serviceLog: .fileAudit),
        ServerSpec(hostname: "FS-ENG01", kind: .fileServer, platform: .windowsServer, os: "Windows Server 2022 Standard", zone: .datacenter, criticality: .high, ip: "10.0.2.12", services: ["File Server"], department: .engineering, serviceLog: .fileAudit),
        ServerSpec(hostname: "FS-SALES01", kind: .fileServer, platform: .windowsServer, os: "Windows Server 2019 Standard", zone: .datacenter, criticality: .high, ip: "10.0.2.13", services: ["File Server"], department: .sales, serviceLog: .fileAudit),
        ServerSpec(hostname: "FS-CORP01", kind: .fileServer, platform: .windowsServer, os: "Windows Server 2016 Standard", zone: .datacenter, criticality: .high, ip: "10.0.2.14", services: ["File Server"], department: .it, serviceLog: .fileAudit),
        ServerSpec(hostname: "DB-FIN01", kind: .databaseServer, platform: .windowsServer, os: "Windows Server 2019 Standard", zone: .datacenter, criticality: .critical, ip: "10.0.3.10", services: ["Microsoft SQL Server 2019"], department: .finance, serviceLog: .sqlServer),
        ServerSpec(hostname: "DB-HR01", kind: .databaseServer, platform: .windowsServer, os: "Windows Server 2019 Standard", zone: .datacenter, criticality: .critical, ip: "10.0.3.11", services: ["Microsoft SQL Server 2019"], department: .humanResources, serviceLog: .sqlServer),
        ServerSpec(hostname: "DB-CRM01", kind: .databaseServer, platform: .windowsServer, os: "Windows Server 2022 Standard", zone: .datacenter, criticality: .high, ip: "10.0.3.12", services: ["Microsoft SQL Server 2022"], department: .sales, serviceLog: .sqlServer),
        ServerSpec(hostname: "DB-APP01", kind: .databaseServer, platform: .windowsServer, os: "Windows Server 2022 Standard", zone: .datacenter, criticality: .high, ip: "10.0.3.13", services: ["Microsoft SQL Server 2022"], department: .engineering, serviceLog: .sqlServer),
        ServerSpec(hostname: "DB-DWH01", kind: .databaseServer, platform: .windowsServer, os: "Windows Server 2019 Standard", zone: .datacenter, criticality: .high, ip: "10.0.3.14", services: ["Microsoft SQL Server 2019", "SQL Server Analysis Services"], department: .finance, serviceLog: .sqlServer),
        ServerSpec(hostname: "APP-PAY01", kind: .applicationServer, platform: .windowsServer, os: "Windows Server 2019 Standard", zone: .datacenter, criticality: .critical, ip: "10.0.4.10", services: ["Payroll"], department: .humanResources, serviceLog: .application),
        ServerSpec(hostname: "APP-HRIS01", kind: .applicationServer, platform: .windowsServer, os: "Windows Server 2019 Standard", zone: .datacenter, criticality: .high, ip: "10.0.4.11", services: ["HRIS"], department: .humanResources, serviceLog: .application),
        ServerSpec(hostname: "APP-ERP01", kind: .applicationServer, platform: .windowsServer, os: "Windows Server 2019 Standard", zone: .datacenter, criticality: .critical, ip: "10.0.4.12", services: ["ERP"], department: .finance, serviceLog: .application),
        ServerSpec(hostname: "APP-CRM01", kind: .applicationServer, platform: .windowsServer, os: "Windows Server 2022 Standard", zone: .datacenter, criticality: .high, ip: "10.0.4.13", services: ["CRM"], department: .sales, serviceLog: .application),
        ServerSpec(hostname: "APP-GIT01", kind: .applicationServer, platform: .linux, os: "Ubuntu 22.04 LTS", zone: .datacenter, criticality: .high, ip: "10.0.4.20", services: ["GitLab"], department: .engineering, serviceLog: .application),
        ServerSpec(hostname: "APP-JIRA01", kind: .applicationServer, platform: .linux, os: "Ubuntu 22.04 LTS", zone: .datacenter, criticality: .medium, ip: "10.0.4.21", services: ["Jira"], department: .engineering, serviceLog: .application),
        ServerSpec(hostname: "APP-WIKI01", kind: .applicationServer, platform: .linux, os: "Ubuntu 20.04 LTS", zone: .datacenter, criticality: .medium, ip: "10.0.4.22", services: ["Confluence"], department: .it, serviceLog: .application),
        ServerSpec(hostname: "APP-CI01", kind: .applicationServer, platform: .linux, os: "Red Hat Enterprise Linux 9.2", zone: .datacenter, criticality: .high, ip: "10.0.4.23", services: ["Jenkins"], department: .engineering, serviceLog: .application),
        ServerSpec(hostname: "APP-SD01", kind: .applicationServer, platform: .windowsServer, os: "Windows Server 2019 Standard", zone: .datacenter, criticality: .medium, ip: "10.0.4.30", services: ["ServiceDesk"], department: .it, serviceLog: .application),
        ServerSpec(hostname: "APP-WEB01", kind: .applicationServer, platform: .linux, os: "Ubuntu 22.04 LTS", zone: .datacenter, criticality: .low, ip: "10.0.4.31", services: ["Intranet"], department: .it, serviceLog: .application),
        ServerSpec(hostname: "JUMP01", kind: .jumpHost, platform: .windowsServer, os: "Windows Server 2022 Standard", zone: .management, criticality: .high, ip: "10.1.0.10", services: ["Remote Desktop Services"], department: .it, serviceLog: nil),
        ServerSpec(hostname: "JUMP02", kind: .jumpHost, platform: .windowsServer, os: "Windows Server 2022 Standard", zone: .management, criticality: .high, ip: "10.1.0.11", services: ["Remote Desktop Services"], department: .it, serviceLog: nil),
        ServerSpec(hostname: "VPN01", kind: .vpnConcentrator, platform: .appliance, os: "Cisco ASA 9.18", zone: .dmz, criticality: .critical, ip: "172.16.0.10", services: ["AnyConnect VPN"], department: .it, serviceLog: nil, publicIP: "203.0.113.10"),
        ServerSpec(hostname: "VPN02", kind: .vpnConcentrator, platform: .appliance, os: "Cisco ASA 9.18", zone: .dmz, criticality: .critical, ip: "172.16.0.11", services: ["AnyConnect VPN"], department: .it, serviceLog: nil, publicIP: "203.0.113.11"),
        ServerSpec(hostname: "PROXY01", kind: .webProxy, platform: .linux, os: "Ubuntu 22.04 LTS", zone: .dmz, criticality: .high, ip: "172.16.0.20", services: ["Squid 6.6"], department: .it, serviceLog: .webProxy, publicIP: "203.0.113.20"),
        ServerSpec(hostname: "PROXY02", kind: .webProxy, platform: .linux, os: "Ubuntu 22.04 LTS", zone: .dmz, criticality: .high, ip: "172.16.0.21", services: ["Squid 6.6"], department: .it, serviceLog: .webProxy, publicIP: "203.0.113.21"),
        ServerSpec(hostname: "BACKUP01", kind: .backupServer, platform: .windowsServer, os: "Windows Server 2022 Standard", zone: .datacenter, criticality: .high, ip: "10.0.5.10", services: ["Veeam Backup & Replication"], department: .it, serviceLog: nil),
        ServerSpec(hostname: "QFLOW01", kind: .flowCollector, platform: .appliance, os: "IBM QRadar QFlow 7.5", zone: .datacenter, criticality: .high, ip: "10.0.5.20", services: ["QFlow"], department: .it, serviceLog: nil),
    ]

    struct ShareSpec {
        var server: String
        var path: String
        var sensitivity: Sensitivity
        var department: Department?
        var medianKB: Double
        var files: [String]
    }

    static let shares: [ShareSpec] = [
        ShareSpec(server: "FS-FIN01", path: #"Finance\Reports"#, sensitivity: .confidential, department: .finance, medianKB: 2400, files: ["Q3-close-pack.xlsx", "variance-analysis.xlsx", "monthly-flash.pptx", "cost-centre-summary.xlsx"]),
        ShareSpec(server: "FS-FIN01", path: #"Finance\AccountsPayable"#, sensitivity: .confidential, department: .finance, medianKB: 800, files: ["ap-aging.xlsx", "vendor-run.csv", "invoice-batch.pdf"]),
        ShareSpec(server: "FS-FIN01", path: #"Finance\AccountsReceivable"#, sensitivity: .confidential, department: .finance, medianKB: 800, files: ["ar-aging.xlsx", "collections.xlsx", "credit-notes.csv"]),
        ShareSpec(server: "FS-FIN01", path: #"Finance\Budget"#, sensitivity: .confidential, department: .finance, medianKB: 1500, files: ["FY27-budget-model.xlsx", "headcount-plan.xlsx", "opex-forecast.xlsx"]),
        ShareSpec(server: "FS-FIN01", path: #"Finance\Tax"#, sensitivity: .restricted, department: .finance, medianKB: 1000, files: ["vat-return.xlsx", "transfer-pricing.docx", "tax-provision.xlsx"]),
        ShareSpec(server: "FS-FIN01", path: #"Finance\Audit"#, sensitivity: .restricted, department: .finance, medianKB: 3000, files: ["pbc-list.xlsx", "sox-controls.xlsx", "audit-evidence.zip"]),
        ShareSpec(server: "FS-HR01", path: #"HR\Personnel"#, sensitivity: .restricted, department: .humanResources, medianKB: 400, files: ["employee-file.pdf", "contract.docx", "right-to-work.pdf"]),
        ShareSpec(server: "FS-HR01", path: #"HR\Payroll"#, sensitivity: .restricted, department: .humanResources, medianKB: 1200, files: ["payroll-register.xlsx", "bonus-calc.xlsx", "pension-upload.csv"]),
        ShareSpec(server: "FS-HR01", path: #"HR\Recruiting"#, sensitivity: .confidential, department: .humanResources, medianKB: 600, files: ["candidate-cv.pdf", "offer-letter.docx", "interview-notes.docx"]),
        ShareSpec(server: "FS-HR01", path: #"HR\Benefits"#, sensitivity: .confidential, department: .humanResources, medianKB: 500, files: ["benefits-enrolment.xlsx", "insurance-census.csv"]),
        ShareSpec(server: "FS-HR01", path: #"HR\Performance"#, sensitivity: .restricted, department: .humanResources, medianKB: 300, files: ["calibration.xlsx", "review-summary.docx"]),
        ShareSpec(server: "FS-ENG01", path: #"Engineering\Source"#, sensitivity: .confidential, department: .engineering, medianKB: 5000, files: ["platform-src.zip", "schema.sql", "service-config.yaml"]),
        ShareSpec(server: "FS-ENG01", path: #"Engineering\Builds"#, sensitivity: .internal, department: .engineering, medianKB: 40000, files: ["app-release.msi", "build-artifacts.tar.gz", "symbols.zip"]),
        ShareSpec(server: "FS-ENG01", path: #"Engineering\Design"#, sensitivity: .confidential, department: .engineering, medianKB: 3000, files: ["architecture.vsdx", "api-spec.yaml", "threat-model.docx"]),
        ShareSpec(server: "FS-ENG01", path: #"Engineering\Releases"#, sensitivity: .internal, department: .engineering, medianKB: 60000, files: ["release-notes.md", "installer.exe", "container-images.tar"]),
        ShareSpec(server: "FS-ENG01", path: #"Engineering\TestData"#, sensitivity: .internal, department: .engineering, medianKB: 10000, files: ["fixtures.json", "load-test.csv", "sample-db.bak"]),
        ShareSpec(server: "FS-SALES01", path: #"Sales\Proposals"#, sensitivity: .confidential, department: .sales, medianKB: 3000, files: ["proposal.pptx", "rfp-response.docx", "sow-draft.docx"]),
        ShareSpec(server: "FS-SALES01", path: #"Sales\Contracts"#, sensitivity: .confidential, department: .sales, medianKB: 1500, files: ["msa-signed.pdf", "order-form.pdf", "renewal.docx"]),
        ShareSpec(server: "FS-SALES01", path: #"Sales\Pricing"#, sensitivity: .confidential, department: .sales, medianKB: 700, files: ["price-book.xlsx", "discount-matrix.xlsx"]),
        ShareSpec(server: "FS-SALES01", path: #"Sales\Leads"#, sensitivity: .confidential, department: .sales, medianKB: 900, files: ["lead-list.csv", "event-leads.xlsx"]),
        ShareSpec(server: "FS-SALES01", path: #"Sales\Forecasts"#, sensitivity: .confidential, department: .sales, medianKB: 1000, files: ["pipeline-forecast.xlsx", "quota-attainment.xlsx"]),
        ShareSpec(server: "FS-CORP01", path: #"Public\Templates"#, sensitivity: .internal, department: nil, medianKB: 500, files: ["letterhead.dotx", "slide-master.potx", "expense-form.xlsx"]),
        ShareSpec(server: "FS-CORP01", path: #"Public\Policies"#, sensitivity: .internal, department: nil, medianKB: 300, files: ["code-of-conduct.pdf", "travel-policy.pdf", "acceptable-use.pdf"]),
        ShareSpec(server: "FS-CORP01", path: #"Public\AllHands"#, sensitivity: .internal, department: nil, medianKB: 20000, files: ["all-hands-recording.mp4", "all-hands-deck.pptx"]),
        ShareSpec(server: "FS-CORP01", path: #"Executive\Board"#, sensitivity: .restricted, department: .executive, medianKB: 4000, files: ["board-pack.pdf", "board-minutes.docx"]),
        ShareSpec(server: "FS-CORP01", path: #"Executive\Strategy"#, sensitivity: .restricted, department: .executive, medianKB: 2000, files: ["three-year-plan.pptx", "market-analysis.xlsx"]),
        ShareSpec(server: "FS-CORP01", path: #"Executive\MandA"#, sensitivity: .restricted, department: .executive, medianKB: 2000, files: ["target-valuation.xlsx", "loi-draft.docx"]),
        ShareSpec(server: "FS-CORP01", path: #"IT\Scripts"#, sensitivity: .internal, department: .it, medianKB: 30, files: ["deploy.ps1", "cleanup.ps1", "inventory.py"]),
        ShareSpec(server: "FS-CORP01", path: #"IT\Installers"#, sensitivity: .internal, department: .it, medianKB: 150000, files: ["office-setup.exe", "vpn-client.msi", "agent.msi"]),
        ShareSpec(server: "FS-CORP01", path: #"IT\Runbooks"#, sensitivity: .internal, department: .it, medianKB: 200, files: ["patching-runbook.docx", "dr-plan.docx", "onboarding.docx"]),
        ShareSpec(server: "FS-CORP01", path: #"Support\KnowledgeBase"#, sensitivity: .internal, department: .customerSupport, medianKB: 400, files: ["kb-article.docx", "troubleshooting.pdf"]),
        ShareSpec(server: "FS-CORP01", path: #"Support\Escalations"#, sensitivity: .confidential, department: .customerSupport, medianKB: 600, files: ["escalation-log.xlsx", "customer-rca.docx"]),
    ]

    struct AppSpec {
        var server: String
        var application: String
        var module: String
        var sensitivity: Sensitivity
        var department: Department?
        var medianKB: Double
        var actions: [String]
    }

    static let applications: [AppSpec] = [
        AppSpec(server: "APP-ERP01", application: "ERP", module: "General Ledger", sensitivity: .confidential, department: .finance, medianKB: 150, actions: ["view", "search", "post-journal", "approve"]),
        AppSpec(server: "APP-ERP01", application: "ERP", module: "Accounts Payable", sensitivity: .confidential, department: .finance, medianKB: 120, actions: ["view", "search", "create-invoice", "approve-payment"]),
        AppSpec(server: "APP-ERP01", application: "ERP", module: "Reporting", sensitivity: .confidential, department: .finance, medianKB: 600, actions: ["run-report", "view", "export"]),
        AppSpec(server: "APP-PAY01", application: "Payroll", module: "Payroll Runs", sensitivity: .restricted, department: .humanResources, medianKB: 300, actions: ["view", "calculate", "approve"]),
        AppSpec(server: "APP-PAY01", application: "Payroll", module: "Employee Pay", sensitivity: .restricted, department: .humanResources, medianKB: 80, actions: ["view", "update", "search"]),
        AppSpec(server: "APP-HRIS01", application: "HRIS", module: "Employees", sensitivity: .restricted, department: .humanResources, medianKB: 90, actions: ["view", "search", "update"]),
        AppSpec(server: "APP-HRIS01", application: "HRIS", module: "Recruiting", sensitivity: .confidential, department: .humanResources, medianKB: 200, actions: ["view", "update", "schedule"]),
        AppSpec(server: "APP-HRIS01", application: "HRIS", module: "Time Off", sensitivity: .internal, department: nil, medianKB: 40, actions: ["view", "request"]),
        AppSpec(server: "APP-CRM01", application: "CRM", module: "Accounts", sensitivity: .confidential, department: .sales, medianKB: 120, actions: ["view", "search", "update"]),
        AppSpec(server: "APP-CRM01", application: "CRM", module: "Opportunities", sensitivity: .confidential, department: .sales, medianKB: 100, actions: ["view", "update", "create"]),
        AppSpec(server: "APP-CRM01", application: "CRM", module: "Reports", sensitivity: .confidential, department: .sales, medianKB: 500, actions: ["run-report", "export"]),
        AppSpec(server: "APP-GIT01", application: "GitLab", module: "platform", sensitivity: .confidential, department: .engineering, medianKB: 1800, actions: ["pull", "push", "view", "merge-request"]),
        AppSpec(server: "APP-GIT01", application: "GitLab", module: "mobile", sensitivity: .confidential, department: .engineering, medianKB: 1500, actions: ["pull", "push", "view", "merge-request"]),
        AppSpec(server: "APP-GIT01", application: "GitLab", module: "data-pipeline", sensitivity: .confidential, department: .engineering, medianKB: 1200, actions: ["pull", "push", "view"]),
        AppSpec(server: "APP-GIT01", application: "GitLab", module: "infrastructure", sensitivity: .confidential, department: .it, medianKB: 600, actions: ["pull", "push", "view"]),
        AppSpec(server: "APP-JIRA01", application: "Jira", module: "PLAT", sensitivity: .internal, department: .engineering, medianKB: 60, actions: ["view", "update", "comment"]),
        AppSpec(server: "APP-JIRA01", application: "Jira", module: "OPS", sensitivity: .internal, department: .it, medianKB: 60, actions: ["view", "update", "comment"]),
        AppSpec(server: "APP-JIRA01", application: "Jira", module: "SUP", sensitivity: .internal, department: .customerSupport, medianKB: 60, actions: ["view", "update", "comment"]),
        AppSpec(server: "APP-WIKI01", application: "Confluence", module: "Engineering", sensitivity: .internal, department: .engineering, medianKB: 150, actions: ["view", "edit"]),
        AppSpec(server: "APP-WIKI01", application: "Confluence", module: "IT", sensitivity: .internal, department: .it, medianKB: 150, actions: ["view", "edit"]),
        AppSpec(server: "APP-WIKI01", application: "Confluence", module: "Company", sensitivity: .internal, department: nil, medianKB: 120, actions: ["view"]),
        AppSpec(server: "APP-CI01", application: "Jenkins", module: "Pipelines", sensitivity: .internal, department: .engineering, medianKB: 300, actions: ["view", "build", "console"]),
        AppSpec(server: "APP-SD01", application: "ServiceDesk", module: "Tickets", sensitivity: .internal, department: .it, medianKB: 50, actions: ["view", "update", "create", "resolve"]),
        AppSpec(server: "APP-SD01", application: "ServiceDesk", module: "Password Reset", sensitivity: .confidential, department: .it, medianKB: 20, actions: ["reset-password", "unlock-account"]),
        AppSpec(server: "APP-WEB01", application: "Intranet", module: "Home", sensitivity: .public, department: nil, medianKB: 250, actions: ["view"]),
    ]

    struct TableSpec {
        var server: String
        var database: String
        var table: String
        var sensitivity: Sensitivity
        var department: Department?
        var medianKB: Double
    }

    static let tables: [TableSpec] = [
        TableSpec(server: "DB-FIN01", database: "FINDB", table: "gl_entries", sensitivity: .confidential, department: .finance, medianKB: 400),
        TableSpec(server: "DB-FIN01", database: "FINDB", table: "invoices", sensitivity: .confidential, department: .finance, medianKB: 200),
        TableSpec(server: "DB-FIN01", database: "FINDB", table: "payments", sensitivity: .restricted, department: .finance, medianKB: 200),
        TableSpec(server: "DB-FIN01", database: "FINDB", table: "vendors", sensitivity: .confidential, department: .finance, medianKB: 80),
        TableSpec(server: "DB-HR01", database: "HRDB", table: "employees", sensitivity: .restricted, department: .humanResources, medianKB: 120),
        TableSpec(server: "DB-HR01", database: "HRDB", table: "salaries", sensitivity: .restricted, department: .humanResources, medianKB: 90),
        TableSpec(server: "DB-HR01", database: "HRDB", table: "reviews", sensitivity: .restricted, department: .humanResources, medianKB: 60),
        TableSpec(server: "DB-CRM01", database: "CRMDB", table: "accounts", sensitivity: .confidential, department: .sales, medianKB: 250),
        TableSpec(server: "DB-CRM01", database: "CRMDB", table: "opportunities", sensitivity: .confidential, department: .sales, medianKB: 180),
        TableSpec(server: "DB-CRM01", database: "CRMDB", table: "contacts", sensitivity: .confidential, department: .sales, medianKB: 300),
        TableSpec(server: "DB-APP01", database: "APPDB", table: "orders", sensitivity: .confidential, department: .engineering, medianKB: 500),
        TableSpec(server: "DB-APP01", database: "APPDB", table: "customers", sensitivity: .restricted, department: .engineering, medianKB: 400),
        TableSpec(server: "DB-APP01", database: "APPDB", table: "sessions", sensitivity: .internal, department: .engineering, medianKB: 150),
        TableSpec(server: "DB-DWH01", database: "DWH", table: "fact_sales", sensitivity: .confidential, department: .finance, medianKB: 2000),
        TableSpec(server: "DB-DWH01", database: "DWH", table: "fact_finance", sensitivity: .confidential, department: .finance, medianKB: 1500),
        TableSpec(server: "DB-DWH01", database: "DWH", table: "dim_customer", sensitivity: .confidential, department: .sales, medianKB: 900),
    ]

    struct WebSpec {
        var domain: String
        var ip: String
        var location: Int
        var category: String
        var popularity: Double
        var medianKB: Double
    }

    /// Hosting locations for web destinations.
    static let webLocations: [Place] = [
        Place(city: "Ashburn", country: "US", latitude: 39.0438, longitude: -77.4874, zone: .newYork, addressPrefixes: ["52.0"]),
        Place(city: "San Jose", country: "US", latitude: 37.3382, longitude: -121.8863, zone: .losAngeles, addressPrefixes: ["104.16"]),
        Place(city: "Dublin", country: "IE", latitude: 53.3498, longitude: -6.2603, zone: .london, addressPrefixes: ["52.96"]),
        Place(city: "Amsterdam", country: "NL", latitude: 52.3676, longitude: 4.9041, zone: .amsterdam, addressPrefixes: ["151.101"]),
        Place(city: "Frankfurt", country: "DE", latitude: 50.1109, longitude: 8.6821, zone: .berlin, addressPrefixes: ["18.192"]),
        Place(city: "London", country: "GB", latitude: 51.5074, longitude: -0.1278, zone: .london, addressPrefixes: ["151.101"]),
        Place(city: "Singapore", country: "SG", latitude: 1.3521, longitude: 103.8198, zone: .singapore, addressPrefixes: ["13.228"]),
        Place(city: "Auckland", country: "NZ", latitude: -36.8485, longitude: 174.7633, zone: .sydney, addressPrefixes: ["31.216"]),
    ]

    static let web: [WebSpec] = [
        WebSpec(domain: "outlook.office365.com", ip: "52.96.164.130", location: 2, category: "Email", popularity: 1.0, medianKB: 180),
        WebSpec(domain: "teams.microsoft.com", ip: "52.113.194.132", location: 0, category: "Collaboration", popularity: 1.0, medianKB: 300),
        WebSpec(domain: "login.microsoftonline.com", ip: "20.190.151.7", location: 0, category: "Authentication", popularity: 1.0, medianKB: 12),
        WebSpec(domain: "www.google.com", ip: "142.250.80.36", location: 1, category: "Search Engines", popularity: 1.0, medianKB: 90),
        WebSpec(domain: "en.wikipedia.org", ip: "208.80.154.224", location: 0, category: "Reference", popularity: 0.9, medianKB: 120),
        WebSpec(domain: "www.linkedin.com", ip: "13.107.42.14", location: 0, category: "Social Networking", popularity: 0.9, medianKB: 350),
        WebSpec(domain: "github.com", ip: "140.82.112.4", location: 0, category: "Software Development", popularity: 0.8, medianKB: 400),
        WebSpec(domain: "stackoverflow.com", ip: "151.101.1.69", location: 3, category: "Software Development", popularity: 0.8, medianKB: 200),
        WebSpec(domain: "registry.npmjs.org", ip: "104.16.24.35", location: 1, category: "Software Development", popularity: 0.6, medianKB: 900),
        WebSpec(domain: "pypi.org", ip: "151.101.128.223", location: 3, category: "Software Development", popularity: 0.6, medianKB: 1200),
        WebSpec(domain: "hub.docker.com", ip: "44.219.3.189", location: 0, category: "Software Development", popularity: 0.5, medianKB: 8000),
        WebSpec(domain: "docs.aws.amazon.com", ip: "18.192.76.182", location: 4, category: "Software Development", popularity: 0.5, medianKB: 150),
        WebSpec(domain: "learn.microsoft.com", ip: "23.45.120.11", location: 2, category: "Information Technology", popularity: 0.7, medianKB: 160),
        WebSpec(domain: "login.salesforce.com", ip: "136.146.38.20", location: 0, category: "Business", popularity: 0.6, medianKB: 250),
        WebSpec(domain: "zoom.us", ip: "170.114.52.2", location: 1, category: "Collaboration", popularity: 0.8, medianKB: 500),
        WebSpec(domain: "www.bloomberg.com", ip: "69.191.192.100", location: 0, category: "Finance", popularity: 0.5, medianKB: 400),
        WebSpec(domain: "www.reuters.com", ip: "151.101.2.132", location: 5, category: "News", popularity: 0.6, medianKB: 300),
        WebSpec(domain: "www.bbc.co.uk", ip: "151.101.0.81", location: 5, category: "News", popularity: 0.6, medianKB: 350),
        WebSpec(domain: "www.nytimes.com", ip: "151.101.193.164", location: 0, category: "News", popularity: 0.5, medianKB: 450),
        WebSpec(domain: "www.sec.gov", ip: "104.97.14.38", location: 0, category: "Government", popularity: 0.3, medianKB: 200),
        WebSpec(domain: "www.youtube.com", ip: "142.250.72.110", location: 1, category: "Streaming Media", popularity: 0.9, medianKB: 4000),
        WebSpec(domain: "www.amazon.com", ip: "54.239.28.85", location: 0, category: "Shopping", popularity: 0.8, medianKB: 600),
        WebSpec(domain: "www.workday.com", ip: "104.18.22.44", location: 1, category: "Business", popularity: 0.4, medianKB: 200),
        WebSpec(domain: "www.adp.com", ip: "170.146.230.100", location: 0, category: "Business", popularity: 0.4, medianKB: 200),
        WebSpec(domain: "company.zendesk.com", ip: "216.198.54.1", location: 1, category: "Business", popularity: 0.5, medianKB: 150),
        WebSpec(domain: "www.dropbox.com", ip: "162.125.1.18", location: 1, category: "Online Storage", popularity: 0.5, medianKB: 900),
        WebSpec(domain: "drive.google.com", ip: "142.250.65.78", location: 1, category: "Online Storage", popularity: 0.6, medianKB: 700),
        WebSpec(domain: "slack.com", ip: "3.95.117.96", location: 0, category: "Collaboration", popularity: 0.6, medianKB: 150),
        WebSpec(domain: "windowsupdate.microsoft.com", ip: "13.107.4.50", location: 2, category: "Software Updates", popularity: 0.9, medianKB: 5000),
        WebSpec(domain: "mega.nz", ip: "31.216.147.130", location: 7, category: "Online Storage", popularity: 0.02, medianKB: 2000),
        WebSpec(domain: "wetransfer.com", ip: "52.32.118.92", location: 3, category: "Online Storage", popularity: 0.05, medianKB: 3000),
        WebSpec(domain: "pastebin.com", ip: "104.20.208.21", location: 1, category: "Web Hosting", popularity: 0.05, medianKB: 20),
    ]

    struct ProcessSpec {
        var key: String
        var image: String
        var commands: [String]
    }

    static let processes: [ProcessSpec] = [
        ProcessSpec(key: "excel", image: #"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE"#, commands: [#""C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE""#, #""C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE" /dde"#]),
        ProcessSpec(key: "word", image: #"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE"#, commands: [#""C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" /n"#]),
        ProcessSpec(key: "powerpoint", image: #"C:\Program Files\Microsoft Office\root\Office16\POWERPNT.EXE"#, commands: [#""C:\Program Files\Microsoft Office\root\Office16\POWERPNT.EXE""#]),
        ProcessSpec(key: "outlook", image: #"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE"#, commands: [#""C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE" /recycle"#]),
        ProcessSpec(key: "teams", image: #"C:\Program Files\WindowsApps\MSTeams_x64\ms-teams.exe"#, commands: [#""C:\Program Files\WindowsApps\MSTeams_x64\ms-teams.exe" --system-initiated"#]),
        ProcessSpec(key: "chrome", image: #"C:\Program Files\Google\Chrome\Application\chrome.exe"#, commands: [#""C:\Program Files\Google\Chrome\Application\chrome.exe""#, #""C:\Program Files\Google\Chrome\Application\chrome.exe" --type=renderer"#]),
        ProcessSpec(key: "acrobat", image: #"C:\Program Files\Adobe\Acrobat DC\Acrobat\Acrobat.exe"#, commands: [#""C:\Program Files\Adobe\Acrobat DC\Acrobat\Acrobat.exe""#]),
        ProcessSpec(key: "zoom", image: #"C:\Users\Public\Zoom\bin\Zoom.exe"#, commands: [#""C:\Users\Public\Zoom\bin\Zoom.exe" --url=zoommtg://zoom.us/join"#]),
        ProcessSpec(key: "vscode", image: #"C:\Program Files\Microsoft VS Code\Code.exe"#, commands: [#""C:\Program Files\Microsoft VS Code\Code.exe" ."#, #""C:\Program Files\Microsoft VS Code\Code.exe" --reuse-window"#]),
        ProcessSpec(key: "git", image: #"C:\Program Files\Git\cmd\git.exe"#, commands: ["git pull --rebase", "git push origin HEAD", "git fetch --all --prune", "git status", "git commit -m \"wip\""]),
        ProcessSpec(key: "python", image: #"C:\Program Files\Python312\python.exe"#, commands: ["python -m pytest -q", "python manage.py runserver", "python scripts\\etl_check.py"]),
        ProcessSpec(key: "docker", image: #"C:\Program Files\Docker\Docker\resources\bin\docker.exe"#, commands: ["docker compose up -d", "docker build -t platform-api:dev .", "docker ps"]),
        ProcessSpec(key: "node", image: #"C:\Program Files\nodejs\node.exe"#, commands: ["node node_modules\\.bin\\jest", "npm run build", "npm install"]),
        ProcessSpec(key: "powershell-dev", image: #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#, commands: ["powershell.exe -NoLogo", "powershell.exe -File .\\build.ps1 -Configuration Release", "powershell.exe Get-ChildItem -Recurse *.log"]),
        ProcessSpec(key: "powershell-admin", image: #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#, commands: ["powershell.exe -NoLogo", "powershell.exe Get-ADUser -Filter * -SearchBase \"OU=Staff,DC=corp,DC=meridian,DC=example\"", "powershell.exe Get-Service -ComputerName FS-CORP01", "powershell.exe Test-NetConnection DC01 -Port 389"]),
        ProcessSpec(key: "mmc", image: #"C:\Windows\System32\mmc.exe"#, commands: [#""C:\Windows\System32\mmc.exe" "C:\Windows\System32\dsa.msc""#, #""C:\Windows\System32\mmc.exe" "C:\Windows\System32\gpmc.msc""#, #""C:\Windows\System32\mmc.exe" "C:\Windows\System32\eventvwr.msc""#]),
        ProcessSpec(key: "mstsc", image: #"C:\Windows\System32\mstsc.exe"#, commands: [#""C:\Windows\System32\mstsc.exe" /v:JUMP01"#, #""C:\Windows\System32\mstsc.exe" /v:JUMP02"#]),
        ProcessSpec(key: "cmd", image: #"C:\Windows\System32\cmd.exe"#, commands: ["cmd.exe /c ipconfig /all", "cmd.exe /c ping DC01", "cmd.exe /c nslookup APP-GIT01", "cmd.exe /c gpupdate /force"]),
        ProcessSpec(key: "putty", image: #"C:\Program Files\PuTTY\putty.exe"#, commands: [#""C:\Program Files\PuTTY\putty.exe" -ssh APP-GIT01"#, #""C:\Program Files\PuTTY\putty.exe" -ssh APP-CI01"#]),
        ProcessSpec(key: "ssms", image: #"C:\Program Files (x86)\Microsoft SQL Server Management Studio 19\Common7\IDE\Ssms.exe"#, commands: [#""C:\Program Files (x86)\Microsoft SQL Server Management Studio 19\Common7\IDE\Ssms.exe""#]),
        ProcessSpec(key: "sqlcmd", image: #"C:\Program Files\Microsoft SQL Server\Client SDK\ODBC\170\Tools\Binn\SQLCMD.EXE"#, commands: ["sqlcmd -S DB-FIN01 -E -Q \"EXEC sp_who2\"", "sqlcmd -S DB-DWH01 -E -i maintenance.sql"]),
    ]

    struct AdminSpec {
        var server: String
        var method: RemoteMethod
    }

    /// Servers administrators reach remotely, with how.
    static let adminTargets: [AdminSpec] = [
        AdminSpec(server: "JUMP01", method: .rdp), AdminSpec(server: "JUMP02", method: .rdp),
        AdminSpec(server: "DC01", method: .rdp), AdminSpec(server: "DC02", method: .winrm),
        AdminSpec(server: "FS-CORP01", method: .winrm), AdminSpec(server: "FS-ENG01", method: .rdp),
        AdminSpec(server: "FS-FIN01", method: .winrm), AdminSpec(server: "APP-SD01", method: .rdp),
        AdminSpec(server: "APP-ERP01", method: .rdp), AdminSpec(server: "APP-GIT01", method: .ssh),
        AdminSpec(server: "APP-CI01", method: .ssh), AdminSpec(server: "APP-WIKI01", method: .ssh),
        AdminSpec(server: "BACKUP01", method: .rdp), AdminSpec(server: "PROXY01", method: .ssh),
        AdminSpec(server: "DB-FIN01", method: .rdp), AdminSpec(server: "DB-HR01", method: .rdp),
        AdminSpec(server: "DB-CRM01", method: .winrm), AdminSpec(server: "DB-APP01", method: .winrm),
        AdminSpec(server: "DB-DWH01", method: .rdp),
    ]

    static let windowsAdminCommands: [String] = [
        "powershell.exe Get-Service | Where-Object Status -eq Stopped",
        "powershell.exe Get-EventLog -LogName System -Newest 50",
        "powershell.exe Get-WindowsUpdate",
        "cmd.exe /c ipconfig /all",
        "cmd.exe /c netstat -ano",
        "cmd.exe /c whoami /groups",
        "powershell.exe Restart-Service -Name Spooler",
        "powershell.exe Get-Volume",
        "cmd.exe /c gpresult /r",
        "powershell.exe Get-Process | Sort-Object CPU -Descending | Select-Object -First 10",
    ]

    static let linuxAdminCommands: [String] = [
        "systemctl status nginx", "journalctl -u gitlab-runsvdir --since today", "df -h", "apt list --upgradable",
        "tail -n 200 /var/log/syslog", "systemctl restart jenkins", "du -sh /var/opt/gitlab/backups", "free -m",
        "ss -tulpn", "docker ps",
    ]

    static let dbaStatements: [String] = [
        "EXEC sp_who2", "DBCC CHECKDB WITH NO_INFOMSGS", "ALTER INDEX ALL ON dbo.{t} REBUILD",
        "SELECT * FROM sys.dm_exec_requests", "UPDATE STATISTICS dbo.{t}", "BACKUP LOG {d} TO DISK = N'L:\\logs\\{d}.trn'",
        "SELECT name, state_desc FROM sys.databases",
    ]

    static let userStatements: [String] = [
        "SELECT TOP 100 * FROM dbo.{t} WHERE updated_at > @p1", "SELECT COUNT(*) FROM dbo.{t}",
        "SELECT * FROM dbo.{t} WHERE id = @p1", "UPDATE dbo.{t} SET status = @p1 WHERE id = @p2",
        "INSERT INTO dbo.{t} VALUES (@p1, @p2, @p3)",
    ]

    /// Cross-cutting projects: a share and a Jira project each, joined from several departments.
    static let projects: [(name: String, departments: [Department])] = [
        ("Atlas", [.engineering, .it]),
        ("Mercury", [.finance, .it, .engineering]),
        ("Orion", [.sales, .engineering, .executive]),
        ("Q4Audit", [.finance, .executive, .humanResources]),
        ("Nova", [.customerSupport, .engineering]),
    ]

    /// A role's habits: resource key, probability the person has the habit, weight of use.
    static func habits(for role: Role) -> [(String, Double, Double)] {
        let office: [(String, Double, Double)] = [
            ("web:outlook.office365.com", 0.97, 5), ("web:teams.microsoft.com", 0.9, 3), ("web:login.microsoftonline.com", 0.95, 1),
            ("web:www.google.com", 0.85, 2), ("web:en.wikipedia.org", 0.3, 0.5), ("web:www.youtube.com", 0.3, 0.5),
            ("web:www.amazon.com", 0.2, 0.3), ("web:windowsupdate.microsoft.com", 0.6, 0.3),
            ("app:Intranet/Home", 0.6, 0.8), ("app:HRIS/Time Off", 0.5, 0.2), ("app:Confluence/Company", 0.5, 0.5),
            ("share:Public\\Templates", 0.4, 0.5), ("share:Public\\Policies", 0.3, 0.3), ("share:Public\\AllHands", 0.2, 0.2),
            ("process:outlook", 0.95, 1.5), ("process:teams", 0.85, 1), ("process:chrome", 0.9, 1),
        ]
        let specific: [(String, Double, Double)]
        switch role {
        case .financeAnalyst:
            specific = [
                ("share:Finance\\Reports", 0.9, 5), ("share:Finance\\AccountsPayable", 0.55, 3), ("share:Finance\\AccountsReceivable", 0.55, 3),
                ("share:Finance\\Budget", 0.7, 3), ("share:Finance\\Tax", 0.3, 2), ("share:Finance\\Audit", 0.3, 1.5),
                ("app:ERP/General Ledger", 0.9, 5), ("app:ERP/Accounts Payable", 0.6, 3), ("app:ERP/Reporting", 0.8, 3),
                ("db:FINDB.dbo.gl_entries", 0.35, 1), ("db:FINDB.dbo.invoices", 0.3, 1), ("db:DWH.dbo.fact_finance", 0.3, 1),
                ("web:www.bloomberg.com", 0.4, 1), ("web:www.reuters.com", 0.3, 0.7), ("web:www.sec.gov", 0.2, 0.5),
                ("process:excel", 0.97, 4), ("process:acrobat", 0.4, 0.5), ("process:powerpoint", 0.3, 0.5),
            ]
        case .hrSpecialist:
            specific = [
                ("share:HR\\Personnel", 0.85, 4), ("share:HR\\Payroll", 0.4, 2), ("share:HR\\Recruiting", 0.7, 3),
                ("share:HR\\Benefits", 0.6, 2), ("share:HR\\Performance", 0.5, 1.5),
                ("app:HRIS/Employees", 0.95, 5), ("app:HRIS/Recruiting", 0.7, 3), ("app:Payroll/Employee Pay", 0.4, 2),
                ("app:Payroll/Payroll Runs", 0.2, 1), ("db:HRDB.dbo.employees", 0.15, 0.5),
                ("web:www.linkedin.com", 0.85, 2), ("web:www.workday.com", 0.4, 1), ("web:www.adp.com", 0.4, 1),
                ("process:word", 0.9, 2), ("process:excel", 0.8, 2), ("process:acrobat", 0.5, 1),
            ]
        case .developer:
            specific = [
                ("share:Engineering\\Source", 0.5, 1.5), ("share:Engineering\\Builds", 0.6, 1.5), ("share:Engineering\\Design", 0.6, 1.5),
                ("share:Engineering\\Releases", 0.4, 1), ("share:Engineering\\TestData", 0.5, 1),
                ("app:GitLab/platform", 0.6, 5), ("app:GitLab/mobile", 0.35, 5), ("app:GitLab/data-pipeline", 0.35, 4),
                ("app:Jira/PLAT", 0.9, 3), ("app:Confluence/Engineering", 0.85, 2), ("app:Jenkins/Pipelines", 0.7, 2),
                ("db:APPDB.dbo.orders", 0.4, 1), ("db:APPDB.dbo.sessions", 0.35, 1), ("db:APPDB.dbo.customers", 0.15, 0.5),
                ("web:github.com", 0.9, 3), ("web:stackoverflow.com", 0.9, 3), ("web:registry.npmjs.org", 0.5, 2),
                ("web:pypi.org", 0.5, 2), ("web:hub.docker.com", 0.5, 1), ("web:docs.aws.amazon.com", 0.4, 1), ("web:slack.com", 0.4, 1),
                ("process:vscode", 0.9, 3), ("process:git", 0.95, 3), ("process:python", 0.6, 1.5), ("process:docker", 0.5, 1),
                ("process:node", 0.5, 1), ("process:powershell-dev", 0.5, 1), ("process:cmd", 0.4, 0.5), ("process:putty", 0.25, 0.5),
            ]
        case .salesRep:
            specific = [
                ("share:Sales\\Proposals", 0.85, 4), ("share:Sales\\Contracts", 0.6, 2), ("share:Sales\\Pricing", 0.7, 2),
                ("share:Sales\\Leads", 0.6, 2), ("share:Sales\\Forecasts", 0.5, 1.5),
                ("app:CRM/Accounts", 0.95, 5), ("app:CRM/Opportunities", 0.95, 5), ("app:CRM/Reports", 0.5, 1.5),
                ("web:www.linkedin.com", 0.95, 3), ("web:login.salesforce.com", 0.5, 2), ("web:zoom.us", 0.8, 2),
                ("web:www.dropbox.com", 0.2, 0.5),
                ("process:powerpoint", 0.9, 2), ("process:excel", 0.8, 2), ("process:zoom", 0.7, 1), ("process:word", 0.6, 1),
            ]
        case .executive:
            specific = [
                ("share:Executive\\Board", 0.85, 3), ("share:Executive\\Strategy", 0.8, 3), ("share:Executive\\MandA", 0.4, 1.5),
                ("share:Finance\\Reports", 0.5, 1.5), ("share:Sales\\Forecasts", 0.5, 1.5),
                ("app:ERP/Reporting", 0.4, 1.5), ("app:CRM/Reports", 0.4, 1.5),
                ("web:www.bloomberg.com", 0.6, 1.5), ("web:www.reuters.com", 0.6, 1), ("web:www.nytimes.com", 0.5, 1),
                ("web:www.linkedin.com", 0.7, 1), ("web:zoom.us", 0.7, 1.5),
                ("process:powerpoint", 0.9, 2), ("process:excel", 0.7, 1.5), ("process:word", 0.7, 1), ("process:acrobat", 0.6, 1),
            ]
        case .itAdmin:
            specific = [
                ("share:IT\\Scripts", 0.9, 3), ("share:IT\\Installers", 0.6, 1), ("share:IT\\Runbooks", 0.7, 1.5),
                ("app:ServiceDesk/Tickets", 0.9, 3), ("app:Jira/OPS", 0.8, 2), ("app:Confluence/IT", 0.8, 2), ("app:GitLab/infrastructure", 0.5, 1.5),
                ("server:JUMP01", 0.9, 3), ("server:JUMP02", 0.5, 1.5), ("server:DC01", 0.6, 1.5), ("server:DC02", 0.4, 1),
                ("server:FS-CORP01", 0.5, 1), ("server:FS-ENG01", 0.3, 1), ("server:FS-FIN01", 0.25, 0.7), ("server:APP-SD01", 0.4, 1),
                ("server:APP-ERP01", 0.25, 0.7), ("server:APP-GIT01", 0.4, 1), ("server:APP-CI01", 0.35, 1), ("server:APP-WIKI01", 0.3, 0.7),
                ("server:BACKUP01", 0.4, 1), ("server:PROXY01", 0.3, 0.7),
                ("web:learn.microsoft.com", 0.8, 2), ("web:stackoverflow.com", 0.5, 1), ("web:github.com", 0.4, 1),
                ("process:powershell-admin", 0.95, 3), ("process:mmc", 0.85, 2), ("process:mstsc", 0.9, 2), ("process:cmd", 0.8, 1.5),
                ("process:putty", 0.5, 1),
            ]
        case .dba:
            specific = [
                ("share:IT\\Scripts", 0.7, 1.5), ("share:IT\\Runbooks", 0.6, 1),
                ("app:Jira/OPS", 0.7, 1.5), ("app:Confluence/IT", 0.6, 1),
                ("server:DB-FIN01", 0.8, 2), ("server:DB-HR01", 0.6, 1.5), ("server:DB-CRM01", 0.7, 1.5), ("server:DB-APP01", 0.7, 1.5),
                ("server:DB-DWH01", 0.8, 2), ("server:JUMP01", 0.6, 1),
                ("db:FINDB.dbo.gl_entries", 0.6, 1), ("db:HRDB.dbo.employees", 0.4, 0.7), ("db:CRMDB.dbo.accounts", 0.5, 1),
                ("db:APPDB.dbo.orders", 0.6, 1), ("db:DWH.dbo.fact_sales", 0.7, 1.5), ("db:DWH.dbo.fact_finance", 0.5, 1),
                ("web:learn.microsoft.com", 0.9, 2), ("web:stackoverflow.com", 0.6, 1),
                ("process:ssms", 0.97, 4), ("process:sqlcmd", 0.6, 1.5), ("process:powershell-admin", 0.6, 1), ("process:mstsc", 0.7, 1),
            ]
        case .helpDesk:
            specific = [
                ("app:ServiceDesk/Tickets", 0.97, 6), ("app:ServiceDesk/Password Reset", 0.9, 2.5), ("app:HRIS/Employees", 0.3, 0.5),
                ("share:IT\\Runbooks", 0.8, 1.5), ("share:IT\\Installers", 0.6, 1), ("share:Support\\KnowledgeBase", 0.5, 1),
                ("app:Confluence/IT", 0.7, 1.5),
                ("web:learn.microsoft.com", 0.6, 1),
                ("process:mmc", 0.9, 2), ("process:powershell-admin", 0.4, 0.7), ("process:mstsc", 0.3, 0.5), ("process:cmd", 0.6, 1),
            ]
        case .supportAgent:
            specific = [
                ("share:Support\\KnowledgeBase", 0.85, 3), ("share:Support\\Escalations", 0.5, 1.5),
                ("app:Jira/SUP", 0.7, 2), ("app:CRM/Accounts", 0.6, 2), ("app:Confluence/Company", 0.6, 1),
                ("web:company.zendesk.com", 0.95, 6), ("web:zoom.us", 0.4, 1),
                ("process:word", 0.4, 0.5), ("process:excel", 0.3, 0.5),
            ]
        case .contractor:
            specific = [
                ("app:Jira/PLAT", 0.6, 2), ("app:Confluence/Engineering", 0.6, 1.5), ("app:GitLab/platform", 0.4, 3),
                ("app:GitLab/mobile", 0.3, 3), ("share:Engineering\\Design", 0.3, 1), ("share:Engineering\\TestData", 0.3, 1),
                ("web:github.com", 0.6, 2), ("web:stackoverflow.com", 0.6, 2),
                ("process:vscode", 0.6, 2), ("process:git", 0.6, 2), ("process:excel", 0.4, 1),
            ]
        case .serviceAccount:
            return []
        }
        return office + specific
    }
}
