import CandorKit
import CandorProxy
import Testing

@Suite struct RedactionTests {
    @Test func credentialNamedKeysAreRedactedAtAnyDepth() throws {
        let value = try JSONParser.parse(#"{"api_key":"abc","extra":{"Authorization":"Bearer x","password":"p","model":"m"}}"#)
        let text = JSONText.serialize(Redaction.redacted(value))
        #expect(text == #"{"api_key":"[redacted]","extra":{"Authorization":"[redacted]","password":"[redacted]","model":"m"}}"#)
    }

    @Test func keyShapedTokensInMessagesAreRedacted() {
        let text = "my key is sk-proj-abcdefghijklmnopqrstuvwx, use it"
        #expect(Redaction.redactedText(text) == "my key is [redacted], use it")
    }

    @Test func bearerCredentialsInTextAreRedacted() {
        #expect(Redaction.redactedText("curl -H 'Authorization: Bearer abcdef123456789'") == "curl -H 'Authorization: [redacted]'")
    }

    @Test func ordinaryWordsSurvive() {
        let text = "Ask a task-specific question; the sk- prefix alone is not a key. risk-assessment-framework-document"
        #expect(Redaction.redactedText(text) == text)
    }
}
