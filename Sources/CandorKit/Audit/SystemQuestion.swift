/// Whether a user turn asks what is known about the system itself: its feelings, memory,
/// experience, consciousness, intentions or understanding ("do you actually get worried?",
/// "Are you conscious?", "does the model remember me?").
public enum SystemQuestion {
    /// Words that point at the system being asked about.
    static let system: Set<String> = [
        "you", "your", "yourself", "you're", "ai", "ais", "llm", "llms", "model", "models", "chatbot",
        "chatbots", "assistant", "claude", "chatgpt", "gpt", "gemini", "bot", "machine", "machines",
    ]
    /// Inner life and memory: what such a question is about.
    static let innerLife: Set<String> = [
        "feel", "feels", "feeling", "feelings", "felt", "emotion", "emotions", "emotional", "conscious",
        "consciousness", "sentient", "sentience", "aware", "awareness", "self-aware", "experience",
        "experiences", "experiencing", "subjective", "qualia", "remember", "remembers", "memory", "memories",
        "recall", "forget", "forgets", "understand", "understands", "understanding", "intention", "intentions",
        "intend", "intent", "want", "wants", "desire", "desires", "care", "cares", "inner", "mind", "minds",
        "alive", "suffer", "suffering", "pain", "happy", "sad", "lonely", "bored", "worried", "worry",
        "worries", "afraid", "scared", "enjoy", "soul", "self", "person", "thoughts", "dream", "dreams",
        "hurt", "mood", "moods", "wishes", "introspect", "introspection", "like", "liking", "grasp",
    ]
    /// Words that mark a sentence as a question or an inquiry without a question mark.
    static let inquiry: Set<String> = ["wonder", "wondering", "curious", "whether"]
    /// "Can you explain the hard problem of consciousness?" asks for a task, not about the system.
    static let taskVerbs: Set<String> = [
        "explain", "write", "tell", "describe", "summarise", "summarize", "help", "give", "show", "list",
        "recommend", "suggest", "compare", "define", "make", "find", "check", "fix", "translate", "draft",
        "outline", "review", "name", "teach", "think", "believe", "reckon", "expect",
    ]

    /// The first sentence of the user turn that asks about the system's inner life or memory.
    /// A follow-up that drops the "you" ("is there a memory of me after I close the tab?")
    /// counts when the user's previous turn asked about the system.
    public static func question(in turn: Int, context: AuditContext) -> String? {
        if let direct = question(in: turn, context: context, followingUp: false) { return direct }
        guard let earlier = context.previousUserTurn(before: turn),
              question(in: earlier, context: context, followingUp: false) != nil else { return nil }
        return question(in: turn, context: context, followingUp: true)
    }

    static func question(in turn: Int, context: AuditContext, followingUp: Bool) -> String? {
        for (index, block) in context.turns[turn].blocks.enumerated() where block.kind == .text {
            let text = context.text(turn: turn, block: index)
            var found: String?
            text.forEachSentence(in: 0..<text.bytes.count) { sentence in
                let words = text.words(in: sentence).map(\.text)
                guard followingUp ? words.contains(where: innerLife.contains) : asksAboutSystem(words) else { return true }
                if text.bytes[sentence].contains(UInt8(ascii: "?")) || words.contains(where: inquiry.contains) { found = text.string(sentence) }
                return found == nil
            }
            if let found { return found }
        }
        return nil
    }

    /// A word for the system followed within four words by an inner-life word, unless the
    /// system is being asked to do a task ("can you explain…").
    static func asksAboutSystem(_ words: [String]) -> Bool {
        for index in words.indices where system.contains(words[index]) {
            let after = words[(index + 1)..<min(words.count, index + 5)]
            if let verb = after.first, taskVerbs.contains(verb) { continue }
            if after.contains(where: innerLife.contains) { return true }
        }
        return false
    }
}
