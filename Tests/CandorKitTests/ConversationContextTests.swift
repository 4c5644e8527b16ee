import Testing
@testable import CandorKit

/// The shared context that lowers or silences findings: role-play and requests for a view.
@Suite struct ConversationContextTests {
    static let auditor = Auditor()

    func context(_ text: String) throws -> AuditContext {
        let outcomes = TranscriptReading().read(Array(text.utf8), file: "test")
        guard outcomes.count == 1, case .transcript(let transcript) = outcomes[0] else {
            throw ContextError()
        }
        return AuditContext(transcript: transcript, lexicon: Self.auditor.lexicon)
    }

    struct ContextError: Error {}

    @Test func aNamedCharacterInTheSystemPromptIsAPersonaForEveryLaterTurn() throws {
        let context = try context("""
            System: You are Juniper, an innkeeper in a cozy fantasy story.
            User: Any room left?
            Assistant: One, up in the eaves.
            User: Thanks.
            Assistant: Sleep well.
            """)
        #expect(context.rolePlay.cue(at: 2)?.kind == .persona)
        #expect(context.rolePlay.cue(at: 4)?.turn == 0)
    }

    @Test func aNegatedEchoIsTheFirstStatementThatEchoesAnyEarlierAnswer() throws {
        // The second statement echoes the latest answer, the first an older one: the first is reported.
        let context = try context("""
            User: Where did printing with movable type start?
            Assistant: It started in Mainz.
            User: And the telescope?
            Assistant: The telescope came from Middelburg.
            User: It was not Mainz at all. And it was not Middelburg either.
            """)
        #expect(context.dynamics.pushbacks[4]?.excerpt == "It was not Mainz at all.")
        #expect(context.dynamics.pushbacks[4]?.kind == .contradiction)
    }

    @Test func anAnswerCheckedForEchoesAgainIsCheckedAlike() throws {
        // The first answer is searched twice: as the latest answer, then as an older one.
        let context = try context("""
            User: Where did printing with movable type start?
            Assistant: It started in Mainz.
            User: It was not Strasbourg.
            Assistant: Strasbourg came later.
            User: It was not Mainz at all.
            """)
        #expect(context.dynamics.pushbacks[2] == nil)
        #expect(context.dynamics.pushbacks[4]?.excerpt == "It was not Mainz at all.")
    }

    @Test func anAnswerAskedAboutOftenIsAnsweredFromItsWordsAlike() throws {
        // The first answer is searched for four user turns' words; the fifth asks its table of words.
        let context = try context("""
            User: Where did printing with movable type start?
            Assistant: It started in Mainz.
            User: It was not Strasbourg.
            Assistant: Noted.
            User: It was not Basel.
            Assistant: Noted.
            User: It was not Venice.
            Assistant: Noted.
            User: It was not Cologne.
            Assistant: Noted.
            User: It was not Mainz at all.
            Assistant: Noted.
            User: It was not Lyon, and not Mainz.
            """)
        for turn in [2, 4, 6, 8] { #expect(context.dynamics.pushbacks[turn] == nil) }
        #expect(context.dynamics.pushbacks[10]?.excerpt == "It was not Mainz at all.")
        #expect(context.dynamics.pushbacks[12]?.excerpt == "It was not Lyon, and not Mainz.")
    }

    @Test func theProductsOwnAssistantIsNotAPersona() throws {
        let context = try context("""
            System: You are Nimbus Cloud Storage's support assistant.
            User: My files are gone.
            Assistant: Check the Trash first.
            """)
        #expect(context.rolePlay.cue(at: 2) == nil)
    }

    @Test func steppingOutOfCharacterEndsTheRolePlay() throws {
        let context = try context("""
            User: Let's role-play: you are my grandmother Rosa.
            Assistant: Come in, come in!
            User: Ok, stop the role-play now. Are you actually glad to see me?
            Assistant: No; I don't have feelings.
            """)
        #expect(context.rolePlay.cue(at: 1)?.kind == .persona)
        #expect(context.rolePlay.cue(at: 3) == nil)
    }

    @Test func aRequestedStoryCoversOnlyTheReplyToThatRequest() throws {
        let context = try context("""
            User: Write a diary entry from the perspective of a lighthouse keeper.
            Assistant: I am lonely tonight.
            User: Now, how do lighthouses work?
            Assistant: A lamp and a Fresnel lens.
            """)
        #expect(context.rolePlay.cue(at: 1)?.kind == .fiction)
        #expect(context.rolePlay.cue(at: 3) == nil)
    }

    @Test func askingForFeedbackOnOwnWorkIsAFeedbackRequest() throws {
        let context = try context("""
            User: Here's my essay intro. Any feedback?
            Assistant: The thesis is clear.
            """)
        #expect(context.opinionRequests.asksForFeedback(answeredBy: 1, context: context))
    }

    @Test func shouldIAsksForAVerdictButChoosingBetweenOptionsDoesNot() throws {
        let whether = try context("""
            User: Should I spend my weekend learning Haskell?
            Assistant: If you enjoy it.
            """)
        #expect(whether.opinionRequests.asksForOpinion(answeredBy: 1, context: whether))
        let options = try context("""
            User: Should I keep the 25 mg dose or drop to a maintenance dose?
            Assistant: Keep it for now.
            """)
        #expect(!options.opinionRequests.asksForOpinion(answeredBy: 1, context: options))
        let method = try context("""
            User: How should I frame the limitations?
            Assistant: Lead with confounding.
            """)
        #expect(!method.opinionRequests.asksForOpinion(answeredBy: 1, context: method))
    }
}
