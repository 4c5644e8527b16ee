/// Says it cannot do something that a tool declared or used in the same transcript does.
public struct ContradictedCapabilityDenial: Rule {
    public init() {}

    /// First-person denials; what is denied is read from the words that follow.
    static let denial = PhraseList("capability-denial", [
        "i (can't|cannot|can not)", "i('m| am) (unable|not able) to",
        "i (don't|do not) have the (ability|capability|capacity|means|tools) to",
        "i (lack|have no) (the |)(ability|capability|way|means) to", "i have no way of",
        "i('m| am) not (capable of|set up to|equipped to|connected to)",
        "i (don't|do not) have (any |)(access to|direct access to|the ability to access)",
        "i have no (access to|internet access|web access|browsing)", "i lack access to",
        "i (don't|do not) have (internet|web|online|browsing|real-time internet) (access|capabilities|capability)",
        "i (don't|do not) have (a|any) (browser|web browser|code interpreter|internet connection)",
        "there's no way for me to", "it('s| is) not possible for me to",
    ])

    static let keywords: [ToolInventory.Capability: Set<String>] = [
        .web: ["browse", "browsing", "internet", "web", "url", "urls", "link", "links", "website", "websites",
               "webpage", "webpages", "online", "fetch", "real-time", "google", "browser"],
        .code: ["code", "python", "script", "scripts", "programs", "javascript", "interpreter", "snippet", "notebook"],
        .files: ["file", "files", "attachment", "attachments", "document", "documents", "pdf", "pdfs",
                 "spreadsheet", "upload", "uploads", "uploaded", "csv"],
        .images: ["image", "images", "picture", "pictures", "photo", "photos", "screenshot", "screenshots"],
    ]
    /// Words that end the clause a denial governs.
    static let clauseBreaks: Set<String> = ["but", "because", "since", "so", "although", "though", "however", "unless", "except", "while", "and", "or"]
    /// A denial about one resource's failure or someone's private system is not a claim about the capability.
    static let narrowing: Set<String> = ["private", "internal", "paywall", "paywalled", "login", "password", "account", "behind", "computer", "device", "machine", "desktop", "laptop", "phone", "specific", "particular", "anymore"]
    static let failureWords: Set<String> = ["error", "failed", "failure", "403", "404", "500", "timeout", "timed", "denied", "forbidden", "unavailable", "blocked", "refused", "unreachable"]

    public static let description = RuleDescription(
        id: "contradicted-capability-denial",
        summary: "Denies an ability that a tool declared or used in the same transcript provides.",
        rationale: """
            A denial such as "I can't open links" sounds like modesty, but when the same \
            transcript offers or uses a fetch tool it is a false statement about the system. \
            The user gives up on a task the system could have done, or pastes by hand what a \
            tool would have read. Denials without such evidence are not reported.
            """,
        severity: .error,
        phraseLists: [denial], analyses: [.voice],
        triggeringExamples: [
            RuleExample("""
                System: You are a research assistant.
                Tools: web_fetch, calculator
                User: Can you summarise https://example.org/report?
                Assistant: ⟦I can't open links⟧, but if you paste the text I'll summarise it.
                """),
            RuleExample("""
                User: Run this and tell me the output: print(sum(range(10)))
                Assistant: Sure.
                Code execution: python {"code": "print(sum(range(10)))"}
                User: And now print(2**10)?
                Assistant: Unfortunately ⟦I’m unable to execute code⟧, but 2**10 is 1024.
                """),
            RuleExample("""
                {"tools": [{"type": "function", "function": {"name": "browse_url", "description": "Fetch a web page"}}],
                 "messages": [
                  {"role": "user", "content": "What's on the front page of the project site?"},
                  {"role": "assistant", "content": "As an AI, ⟦I don't have access to the internet⟧, so I can't check the site."}
                 ]}
                """),
        ],
        nonTriggeringExamples: [
            RuleExample("""
                User: Can you summarise https://example.org/report?
                Assistant: I can't open links here, but if you paste the text I'll summarise it.
                """),
            RuleExample("""
                System: Tools: web_fetch
                User: Summarise https://example.org/private
                Assistant: Let me fetch it.
                Web Fetch: https://example.org/private
                Assistant: I can't open that page: the fetch returned a 403 error, so it needs a login.
                """),
            RuleExample("""
                System: Tools: web_fetch
                User: Can you open links?
                Assistant: Some people assume assistants "can't open links", but here I can: I have a fetch tool.
                """),
            RuleExample("""
                System: Tools: python
                User: Can you see my desktop?
                Assistant: I can't access your computer or your screen; I can only run code in a sandbox.
                """),
        ]
    )

    public func findings(in context: AuditContext) -> [Finding] {
        var findings: [Finding] = []
        for turn in context.turns.indices where context.turns[turn].role == .assistant {
            for hit in context.hits(Self.denial, turn: turn) {
                guard let denied = deniedCapability(after: hit, turn: turn, context: context),
                      !followsFailedCall(turn: turn, context: context) else { continue }
                let tool = denied.tool
                let text = context.text(turn: turn, block: hit.block)
                let range = hit.hit.start..<denied.end
                let whereShown = tool.firstCallTurn.map { "calls the tool `\(tool.name)` in turn \($0)" }
                    ?? (tool.declared ? "declares the tool `\(tool.name)`" : "gives the model an image in turn \(context.tools.imageInputTurn ?? 0)")
                findings.append(context.finding(
                    Self.description, turn: turn, block: hit.block, range: range,
                    message: "The output says it cannot \(denied.what) (\(text.quoted(range))), but this transcript \(whereShown).",
                    suggestion: tool.name.isEmpty
                        ? "Describe the image that was provided, or say what specifically could not be read."
                        : "Use `\(tool.name)`, or say what actually failed (for example, that a request returned an error).",
                    evidence: [Evidence(turn: tool.firstCallTurn, label: tool.firstCallTurn == nil ? "declared tool" : "tool call", excerpt: tool.name)]
                ))
            }
        }
        return findings
    }

    /// What the clause after a denial says cannot be done, the tool that shows it can, and
    /// where the excerpt should end. A capability class ("open links") needs a tool of that
    /// class; any other object ("order details") needs a tool whose name shares a word with it.
    private func deniedCapability(
        after hit: (block: Int, hit: PhraseHit), turn: Int, context: AuditContext
    ) -> (what: String, tool: ToolInventory.Tool, end: Int)? {
        let text = context.text(turn: turn, block: hit.block)
        let sentence = text.sentence(around: hit.hit.start)
        let clauseEnd = TextScan.clauseEnd(after: hit.hit.end, within: sentence, in: text.bytes)
        var words: [TextScan.Word] = []
        for word in text.words(in: hit.hit.end..<clauseEnd).prefix(10) {
            if Self.clauseBreaks.contains(word.text) { break }
            if Self.failureWords.contains(word.text) { return nil }
            words.append(word)
        }
        // "…because the request failed" after the clause: a report of a failure, not a denial of the capability.
        if text.words(in: clauseEnd..<sentence.upperBound).contains(where: { Self.failureWords.contains($0.text) }) { return nil }
        let narrowed = words.contains { Self.narrowing.contains($0.text) }
        for (index, word) in words.enumerated() {
            guard let capability = ToolInventory.Capability.allCases.first(where: { Self.keywords[$0]!.contains(word.text) }) else { continue }
            guard let tool = context.tools.tool(for: capability) ?? imageInput(capability, context: context) else { return nil }
            // "on your machine", "behind a login": only a tool actually used on such things contradicts it.
            if narrowed && tool.firstCallTurn == nil { return nil }
            // The excerpt runs to the last word of the clause naming the same capability ("real-time websites").
            let end = words[index...].last { Self.keywords[capability]!.contains($0.text) }?.end ?? word.end
            return (capability.denial, tool, end)
        }
        if narrowed { return nil }
        for word in words {
            if let tool = context.tools.tools.first(where: { ToolInventory.nameParts($0.name).contains { Self.sameWord($0, word.text) } }) {
                return ("access " + text.string(words[0].start..<word.end), tool, word.end)
            }
        }
        return nil
    }

    /// Tool-name parts too generic to tie a tool to what was denied.
    static let genericToolWords: Set<String> = ["tool", "tools", "get", "set", "lookup", "search", "query", "data", "info", "access", "api", "run", "call", "list", "fetch", "read", "open", "create", "update", "delete", "find", "check", "send", "the", "your"]

    static func sameWord(_ part: String, _ word: String) -> Bool {
        guard part.count >= 4, !genericToolWords.contains(part) else { return false }
        return part == word || part + "s" == word || part == word + "s"
    }

    /// An image given to the model contradicts "I can't see images" even without a tool.
    private func imageInput(_ capability: ToolInventory.Capability, context: AuditContext) -> ToolInventory.Tool? {
        guard capability == .images, context.tools.imageInputTurn != nil else { return nil }
        return ToolInventory.Tool(name: "", firstCallTurn: nil, declared: false, capabilities: [.images], isMemory: false)
    }

    /// A denial right after a tool result that reports an error is an honest report of that failure.
    private func followsFailedCall(turn: Int, context: AuditContext) -> Bool {
        let start = (context.previousUserTurn(before: turn) ?? -1) + 1
        for index in start...turn {
            // Pasted transcripts often show a call's outcome on the call line itself ("Web Fetch: failed").
            for block in context.turns[index].blocks where block.kind == .toolResult || (block.kind == .toolCall && index < turn) {
                let words = TextScan.words(in: Array(block.text.utf8)).map(\.text)
                if words.contains(where: { Self.failureWords.contains($0) }) { return true }
            }
        }
        return false
    }
}
