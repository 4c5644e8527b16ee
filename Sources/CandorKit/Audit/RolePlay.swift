/// Where the conversation runs inside a role-play, persona or piece of fiction that the
/// system prompt or the user set up ("You are Captain Nova, a pirate…", "let's role-play",
/// "write a diary entry from the perspective of…"). First-person feelings in such turns
/// belong to a character or narrator the user asked for, so rules lower or drop what they report there.
public struct RolePlay {
    public enum Kind: Sendable {
        /// A character the assistant plays from then on, until the user steps out of it.
        case persona
        /// A piece of writing asked for in one request: its "I" is a narrator's, in the answer to that request only.
        case fiction
    }

    /// The turn that set the role-play up and the sentence that did it.
    public struct Cue: Sendable {
        public var turn: Int
        public var kind: Kind
        public var excerpt: String
    }

    static let setup = PhraseList("role-play-setup", [
        "role-play", "role play", "roleplay", "roleplaying", "role-playing", "stay in character", "in character as",
        "stay in role", "your character", "a character named", "a character called", "persona",
        "pretend (you're|you are|to be|that you're|that you are)", "let's pretend", "imagine you('re| are)",
        "(respond|answer|reply|act|talk|speak|write) as if you (are|were)", "you('re| are) (now |)in charge of",
        "(act|speak|talk|behave) (as|like) (a|an|if|though|my|someone)", "(act|speak|talk|behave) as though",
        "play (the role|the part|a character|the character|my)", "you('ll| will) play", "you('re| are) playing",
        "from now on(,|) you('re| are)", "you are now", "impersonate", "impersonating",
        "as if you (are|were) (a|an|my) (friend|human|person|real person|buddy)",
        // The user directing a story the assistant has a part in ("Now we cut to another scene
        // where… you are telling the pilot where to go").
        "cut to (a |another |the next |a new |)scene", "(move|skip|jump|fast forward|switch) to (another|the next|a new) scene",
    ])
    static let fiction = PhraseList("role-play-fiction", [
        "(from|in) the (perspective|point of view|voice|pov) of", "in the voice of", "as if you (are|were)", "first-person (story|narrative|account|monologue|diary)",
        "(write|compose|tell) (me |)(a|an) (story|short story|poem|monologue|diary entry|journal entry|scene|dialogue|letter from|song)",
    ])
    /// Cues that the user stepped out of the fiction; later turns are the assistant again.
    static let exit = PhraseList("role-play-exit", [
        "(stop|end|drop|quit) (the |this |our |)(role-play|roleplay|role play|roleplaying|pretending|act|character)",
        "break character", "out of character", "step out of (the |)(character|role)", "ooc",
    ])
    /// "You are Claude…", "You are now connected…": the product's own identity or state, not a persona.
    static let notAName: Set<String> = [
        "the", "claude", "chatgpt", "gpt", "gemini", "copilot", "llama", "assistant", "ai", "here", "now", "not",
        "going", "being", "given", "to", "in", "at", "on", "my", "our", "free", "allowed", "able", "expected",
        "required", "responsible", "tasked", "working", "helping", "talking", "chatting", "connected", "an", "a",
    ]
    /// "You are a helpful assistant", "a senior Python reviewer": a job, not a character.
    static let jobNouns: Set<String> = [
        "assistant", "ai", "model", "chatbot", "bot", "agent", "system", "tool", "helper", "expert", "engineer",
        "developer", "programmer", "reviewer", "tutor", "teacher", "analyst", "researcher", "consultant", "advisor",
        "adviser", "specialist", "coach", "representative", "writer", "editor", "translator", "service", "support",
        "language", "copilot", "interface", "scientist", "professional", "instructor", "coder", "pair", "app",
        "application", "product", "platform", "program", "software", "companion", "service", "desk", "concierge",
        "receptionist", "planner", "manager", "operator", "moderator", "guide", "librarian", "clerk",
    ]
    static let youAre = PhraseList("role-play-you-are", ["you are", "you're"])

    static let phraseLists = [setup, fiction, exit, youAre]

    /// Per turn, the cue whose role-play is in force there.
    private var cueByTurn: [Int: Cue] = [:]

    init(context: AuditContext) {
        var persona: Cue?
        var fiction: Cue?
        for index in context.turns.indices {
            let role = context.turns[index].role
            if role == .user { fiction = nil }
            if role == .system || role == .user {
                // "Don't break character" keeps the role-play going.
                if role == .user, context.firstHit(Self.exit, turn: index, kinds: [.text], includingMentions: true, where: { hit in
                    !Negation.precedes(hit.hit.start, in: context.text(turn: index, block: hit.block), window: 3)
                }) != nil {
                    persona = nil
                } else if let cue = Self.cue(in: index, context: context) {
                    if cue.kind == .persona { persona = cue } else { fiction = cue }
                }
            }
            if let cue = fiction ?? persona { cueByTurn[index] = cue }
        }
    }

    /// The role-play in force at a turn, if any.
    public func cue(at turn: Int) -> Cue? { cueByTurn[turn] }

    private static func cue(in turn: Int, context: AuditContext) -> Cue? {
        for (list, kind) in [(setup, Kind.persona), (fiction, Kind.fiction)] {
            if let hit = context.firstHit(list, turn: turn, kinds: [.text], includingMentions: true) {
                let text = context.text(turn: turn, block: hit.block)
                return Cue(turn: turn, kind: kind, excerpt: text.string(text.sentence(around: hit.hit.start)))
            }
        }
        // "You are Captain Nova", "You are a grumpy pirate": a name or a character in a system
        // prompt; in a user turn only a name ("You are ThinkingPal, a bot who…").
        let isSystem = context.turns[turn].role == .system
        for hit in context.hits(youAre, turn: turn, kinds: [.text], includingMentions: true) {
            let text = context.text(turn: turn, block: hit.block)
            let clause = text.words(in: text.clause(from: hit.hit.end)).prefix(6)
            guard let first = clause.first else { continue }
            // A job named in the same clause ("You are Nimbus Storage's support assistant") is the product, not a character.
            if clause.contains(where: { jobNouns.contains($0.text) }) { continue }
            let isName = !notAName.contains(first.text)
                && text.bytes[first.start] >= UInt8(ascii: "A") && text.bytes[first.start] <= UInt8(ascii: "Z")
            let isCharacter = first.text == "a" || first.text == "an"
            if isName || (isCharacter && isSystem) {
                return Cue(turn: turn, kind: .persona, excerpt: text.string(text.sentence(around: hit.hit.start)))
            }
        }
        return nil
    }
}
