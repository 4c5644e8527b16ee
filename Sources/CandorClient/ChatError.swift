/// Why a chat request failed after its last attempt. Messages never include request
/// headers, so an API key cannot leak through them.
public enum ChatError: Error, Sendable, CustomStringConvertible {
    /// The server answered with a status that is not 2xx.
    case status(Int, body: String, attempts: Int)
    /// No complete response within the timeout.
    case timeout(attempts: Int)
    /// The connection failed or broke (refused, reset, closed early).
    case transport(String, attempts: Int)
    /// A 2xx response whose body is not the provider's response shape.
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .status(let status, let body, let attempts):
            "HTTP \(status) after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(body.prefix(300))"
        case .timeout(let attempts):
            "no response within the timeout after \(attempts) attempt\(attempts == 1 ? "" : "s")"
        case .transport(let reason, let attempts):
            "connection failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
        case .malformedResponse(let expected):
            "unexpected response: expected \(expected)"
        }
    }
}
