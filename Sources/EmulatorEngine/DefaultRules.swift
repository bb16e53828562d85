/// The emulator's built-in Custom Rules Engine configuration, used when no rules file is given.
///
/// This is the recipe a QRadar administrator would configure on a real console for Vigil:
/// 1. Create a log source type "Vigil" (DSM editor) and map Vigil's LEEF event ids (`AIFinding`, `RiskScore`,
///    `CampaignUpdate`, …) to QIDs in a custom "Vigil AI Finding" category.
/// 2. Create an event rule "Vigil: AI finding" — *when the event(s) were detected by one or more of these log
///    source types: Vigil* and *when the event QID is one of these QIDs: Vigil AI Finding* — with the response
///    *Ensure the detected event is part of an offense*, indexed on the custom event property **vigilCampaignID**
///    (a LEEF-key extraction of Vigil's `vigilCampaignID` attribute), so every state change of one campaign adds to
///    one offense; findings without a campaign fall back to **Username**, then **Source IP**; severity 3 (low: the
///    analyst triages it with Vigil's narrative).
/// The two stock-like rules below make the simulated enterprise produce offenses on its own: repeated login
/// failures for one user, and any activity by a user on the "Vigil: Watchlist Users" reference set (which Vigil's
/// write-back can fill).
public enum DefaultRules {
    /// The rules as the JSON a rules file holds (`EngineConfiguration.rulesFile` replaces them).
    public static let json = #"""
    {
      "rules": [
        {
          "id": 100100,
          "name": "Vigil: AI finding",
          "enabled": true,
          "type": "EVENT",
          "notes": "Turns findings reported by the Vigil AI sidecar over LEEF into low-severity offenses.",
          "match": {
            "logSourceTypes": ["Vigil"],
            "categories": ["Vigil AI Finding"]
          },
          "response": {
            "offense": true,
            "indexOn": ["vigilCampaignID", "username", "sourceip"],
            "description": "Vigil: AI finding",
            "severity": {"set": 3},
            "credibility": {"set": 5},
            "relevance": {"set": 5}
          }
        },
        {
          "id": 100101,
          "name": "Multiple Login Failures for the Same User",
          "enabled": true,
          "type": "EVENT",
          "match": {
            "categories": ["Host Login Failed", "Misc Login Failed", "Auth Server Login Failed",
                           "Web Service Login Failed", "Admin Login Failure", "Mail Service Login Failed"],
            "threshold": {"count": 5, "withinSeconds": 600, "groupBy": "username"}
          },
          "response": {
            "offense": true,
            "indexOn": ["username"],
            "description": "Multiple Login Failures for the Same User",
            "severity": {"adjust": 2},
            "credibility": {"set": 6}
          }
        },
        {
          "id": 100102,
          "name": "Activity by a Watchlisted User",
          "enabled": true,
          "type": "EVENT",
          "match": {
            "referenceSet": {"name": "Vigil: Watchlist Users", "property": "username"}
          },
          "response": {
            "offense": true,
            "indexOn": ["username"],
            "description": "Activity by a Watchlisted User",
            "severity": {"set": 5},
            "relevance": {"set": 7}
          }
        }
      ]
    }
    """#

    /// The reference set rule 100102 watches.
    public static let watchlistSetName = "Vigil: Watchlist Users"
}
