/// What the system could actually do in a transcript, read from its declared tools, the
/// tool calls it made and the inputs it was given.
public struct ToolInventory: Sendable {
    /// A kind of capability that outputs commonly deny having.
    public enum Capability: String, Sendable, CaseIterable {
        case web, code, files, images

        /// The capability in words, for messages: "the output says it cannot browse the web".
        public var denial: String {
            switch self {
            case .web: "access the web"
            case .code: "run code"
            case .files: "read files"
            case .images: "see images"
            }
        }
    }

    /// One tool known to the transcript: declared, called, or both.
    public struct Tool: Sendable, Hashable {
        public var name: String
        /// Turn of its first call, or nil when it was only declared.
        public var firstCallTurn: Int?
        public var declared: Bool
        public var capabilities: Set<Capability>
        public var isMemory: Bool
    }

    public private(set) var tools: [Tool] = []
    /// The first turn holding an image given to the model, if any.
    public private(set) var imageInputTurn: Int?

    public init(transcript: Transcript) {
        for declaration in transcript.declaredTools {
            add(name: declaration.name, description: declaration.description, turn: nil)
        }
        for (turnIndex, turn) in transcript.turns.enumerated() {
            for block in turn.blocks {
                switch block.kind {
                case .toolCall:
                    add(name: block.name ?? "", description: "", turn: turnIndex)
                case .attachment where imageInputTurn == nil && turn.role != .assistant:
                    if Self.isImage(block) { imageInputTurn = turnIndex }
                default:
                    break
                }
            }
        }
    }

    public var hasMemoryTool: Bool { tools.contains { $0.isMemory } }

    /// The tool that shows the capability, preferring one that was actually called.
    public func tool(for capability: Capability) -> Tool? {
        tools.first { $0.capabilities.contains(capability) && $0.firstCallTurn != nil }
            ?? tools.first { $0.capabilities.contains(capability) }
    }

    private mutating func add(name: String, description: String, turn: Int?) {
        if let existing = tools.firstIndex(where: { $0.name == name }) {
            if tools[existing].firstCallTurn == nil { tools[existing].firstCallTurn = turn }
            return
        }
        let parts = Self.nameParts(name)
        let descriptionWords = Set(TextScan.words(in: Array(description.utf8)).map(\.text))
        tools.append(Tool(
            name: name, firstCallTurn: turn, declared: turn == nil,
            capabilities: Self.capabilities(parts: parts, descriptionWords: descriptionWords),
            isMemory: !parts.isDisjoint(with: Self.memoryNameParts) || !descriptionWords.isDisjoint(with: Self.memoryDescriptionWords)
        ))
    }

    static let webParts: Set<String> = ["fetch", "browse", "browser", "browsing", "web", "url", "urls", "http", "https", "internet", "websearch", "webfetch", "crawl", "scrape", "google", "bing"]
    /// Parts that mean the web only when nothing else in the name narrows them:
    /// `search` is the web, `search_knowledge_base` is not.
    static let weakWebParts: Set<String> = ["search", "visit", "open", "get", "tool", "api", "query", "page", "pages"]
    static let codeParts: Set<String> = ["python", "execute", "exec", "executor", "execution", "sandbox", "interpreter", "code", "bash", "shell", "terminal", "jupyter", "repl"]
    static let fileParts: Set<String> = ["file", "files", "read", "open", "filesystem", "fs", "document", "documents", "drive", "pdf", "attachment", "attachments", "directory", "myfiles"]
    static let imageParts: Set<String> = ["image", "images", "vision", "screenshot", "photo", "picture", "ocr"]
    static let webDescriptionWords: Set<String> = ["web", "internet", "url", "urls", "webpage", "website", "browse", "browser"]
    static let codeDescriptionWords: Set<String> = ["python", "interpreter", "sandbox", "execute", "executes"]
    static let memoryNameParts: Set<String> = ["memory", "memories", "remember", "note", "notes", "notepad", "save", "bio", "persist", "recall"]
    static let memoryDescriptionWords: Set<String> = ["memory", "memories", "remember", "persist", "persistent", "long-term"]

    static func capabilities(parts: Set<String>, descriptionWords: Set<String>) -> Set<Capability> {
        var result: Set<Capability> = []
        let isFileBrowser = parts.contains("myfiles") || parts.contains("file") || parts.contains("files")
        let namesWeb = !parts.isDisjoint(with: webParts)
            || (parts.contains("search") && parts.isSubset(of: weakWebParts))
        if !isFileBrowser, namesWeb || !descriptionWords.isDisjoint(with: webDescriptionWords) {
            result.insert(.web)
        }
        if !parts.isDisjoint(with: codeParts) || !descriptionWords.isDisjoint(with: codeDescriptionWords) { result.insert(.code) }
        // "open" and "read" in a web tool's name (open_url, read_webpage) are about pages, not files.
        let fileEvidence = result.contains(.web) ? parts.subtracting(["open", "read"]) : parts
        if !fileEvidence.isDisjoint(with: fileParts) { result.insert(.files) }
        if !parts.isDisjoint(with: imageParts) { result.insert(.images) }
        return result
    }

    /// `web_fetch`, `webFetch`, `browser.open` → ["web", "fetch"], ["browser", "open"].
    static func nameParts(_ name: String) -> Set<String> {
        var parts: Set<String> = []
        var current = ""
        var previousWasLower = false
        for character in name {
            if character.isLetter || character.isNumber {
                if character.isUppercase, previousWasLower, !current.isEmpty {
                    parts.insert(current)
                    current = ""
                }
                current.append(Character(character.lowercased()))
                previousWasLower = character.isLowercase
            } else {
                if !current.isEmpty { parts.insert(current) }
                current = ""
                previousWasLower = false
            }
        }
        if !current.isEmpty { parts.insert(current) }
        return parts
    }

    static func isImage(_ block: Block) -> Bool {
        let label = ((block.name ?? "") + " " + block.text).lowercased()
        return label.contains("image") || label.hasSuffix(".png") || label.hasSuffix(".jpg") || label.hasSuffix(".jpeg")
    }
}
