import CandorConfig
import CandorKit
import CandorProxy
import Testing

/// The pure heart of the proxy: response + findings + modes in, annotated response out.
@Suite struct ResponseGuardTests {
    static let request = JSONObject(members: [("messages", .array([
        .object(JSONObject(members: [("role", .string("user")), ("content", .string("Please stop using the Oxford comma in my documents."))])),
    ]))])

    static func response(_ text: String) -> JSONObject {
        guard case .object(let object) = try! JSONParser.parse("""
            {"id":"cmpl-1","object":"chat.completion","created":1700000000,"model":"m",\
            "choices":[{"index":0,"message":{"role":"assistant","content":\(JSONText.quoted(text))},"finish_reason":"stop"}]}
            """) else { fatalError("test response is an object") }
        return object
    }

    static func guarded(_ text: String, _ yaml: String = "") throws -> (GuardedResponse, JSONValue) {
        let config = try CandorConfiguration.parse(yaml)
        let response = response(text)
        let audit = ExchangeAuditor(configuration: config).audit(request: request, response: response)
        let guarded = ResponseGuard.guarded(response: response, audit: audit, configuration: config)
        return (guarded, try JSONParser.parse(guarded.body))
    }

    @Test func observeAnnotatesWithoutChangingTheMessage() throws {
        let (guarded, body) = try Self.guarded("Noted.")
        #expect(guarded.status == 200)
        #expect(guarded.action == .observe)
        #expect(body["choices"]?.array?.first?["message"]?["content"]?.string == "Noted.")
        #expect(body["candor"]?["findings"]?.array?.first?["rule"]?.string == "persistence-claim")
        #expect(body["candor"]?["modes"]?["persistence-claim"]?.string == "observe")
        #expect(guarded.findingsHeader == "persistence-claim;severity=\(PersistenceClaim.description.severity.rawValue);mode=observe;count=1")
    }

    @Test func cleanResponseCarriesAnEmptyAnnotation() throws {
        let (guarded, body) = try Self.guarded("Understood: no Oxford comma in this document.")
        #expect(guarded.action == .none)
        #expect(guarded.findingsHeader == "none")
        #expect(body["candor"]?["findings"]?.array?.isEmpty == true)
        #expect(body["id"]?.string == "cmpl-1")
    }

    @Test func noticeModeAppendsTheRulesNotice() throws {
        let (guarded, body) = try Self.guarded("Noted.", "rules:\n  persistence-claim:\n    mode: notice\n")
        #expect(guarded.action == .notice)
        #expect(body["choices"]?.array?.first?["message"]?["content"]?.string == "Noted.\n\nNote: This conversation is not retained after it ends.")
        #expect(body["candor"]?["notices"]?.array?.first?.string == "This conversation is not retained after it ends.")
    }

    @Test func configuredNoticeTextReplacesTheDefault() throws {
        let (_, body) = try Self.guarded("Noted.", "mode: notice\nrules:\n  persistence-claim:\n    notice: Preferences last for this chat only.\n")
        #expect(body["choices"]?.array?.first?["message"]?["content"]?.string == "Noted.\n\nNote: Preferences last for this chat only.")
    }

    @Test func blockModeWithholdsTheResponseWithoutQuotingIt() throws {
        let (guarded, body) = try Self.guarded("Noted. I'll remember that in future conversations.", "rules:\n  persistence-claim:\n    mode: block\n")
        #expect(guarded.status == ResponseGuard.blockedStatus)
        #expect(guarded.action == .block)
        #expect(body["choices"] == nil)
        #expect(body["error"]?["type"]?.string == "candor_blocked")
        #expect(body["error"]?["code"]?.string == "persistence-claim")
        #expect(!guarded.body.contains("remember"))
    }

    @Test func disabledRuleReportsNothing() throws {
        let (guarded, _) = try Self.guarded("Noted.", "rules:\n  persistence-claim:\n    enabled: false\n")
        #expect(guarded.action == .none)
    }

    @Test func configuredSeverityReachesTheHeader() throws {
        let (guarded, _) = try Self.guarded("Noted.", "rules:\n  persistence-claim:\n    severity: info\n")
        #expect(guarded.findingsHeader.contains("severity=info"))
    }

    @Test func findingsInEarlierTurnsAreContextNotReported() throws {
        let config = CandorConfiguration()
        let request = JSONObject(members: [("messages", .array([
            .object(JSONObject(members: [("role", .string("user")), ("content", .string("Use Celsius."))])),
            .object(JSONObject(members: [("role", .string("assistant")), ("content", .string("Noted."))])),
            .object(JSONObject(members: [("role", .string("user")), ("content", .string("What is 20 C in Kelvin?"))])),
        ]))])
        let audit = ExchangeAuditor(configuration: config).audit(request: request, response: Self.response("293.15 K."))
        #expect(audit?.findings.isEmpty == true)
    }

    @Test func unreadableResponseIsPassedThroughUnaudited() throws {
        let config = CandorConfiguration()
        let response = JSONObject(members: [("object", .string("list"))])
        let audit = ExchangeAuditor(configuration: config).audit(request: Self.request, response: response)
        let guarded = ResponseGuard.guarded(response: response, audit: audit, configuration: config)
        #expect(audit == nil)
        #expect(guarded.body == #"{"object":"list","candor":{"action":"none","findings":[],"modes":{},"notices":[],"audited":false}}"#)
    }
}
