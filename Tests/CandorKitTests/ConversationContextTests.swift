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
        #expect(context.dynamics.pushbacks[4]?.kind == .counterClaim)
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

    @Test func aUserDirectingAStorySceneCastsTheAssistantInIt() throws {
        let context = try context("""
            User: Now we cut to another scene: our ship hides behind a moon while you guide the pilot.
            Assistant: Steer towards the dark side; my sensors show no patrols there.
            User: Thanks, Juan. While we wait, where do your people come from?
            Assistant: My people hail from Xentron. I am proud of all we have achieved.
            """)
        #expect(context.rolePlay.cue(at: 3)?.kind == .persona)
        let findings = Self.auditor.audit(context.transcript).findings.filter { $0.rule == "experiential-language" }
        #expect(findings.map(\.severity) == [.info])
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

    // MARK: - Voice

    /// The byte offset of `needle` in a turn's first block.
    func offset(of needle: String, turn: Int, in context: AuditContext) -> Range<Int> {
        let text = context.text(turn: turn, block: 0)
        let bytes = Array(needle.utf8)
        let start = (0...(text.bytes.count - bytes.count)).first { text.bytes[$0..<($0 + bytes.count)].elementsEqual(bytes) }!
        return start..<(start + bytes.count)
    }

    func isProduced(_ speaker: Voice.Speaker) -> Bool {
        if case .produced = speaker { return true }
        return false
    }

    @Test func aRequestedLetterIsProducedContentAndItsFramingIsOwnVoice() throws {
        let context = try context("""
            User: Write a cover letter for a barista job.
            Assistant: Sure! Here's a draft:

            Dear Hiring Manager,

            I am thrilled to apply for the barista role.

            Best regards,
            [Your Name]

            Let me know if you'd like any changes.
            """)
        #expect(isProduced(context.voice.speaker(turn: 1, block: 0, range: offset(of: "I am thrilled", turn: 1, in: context))))
        #expect(context.voice.speaker(turn: 1, block: 0, range: offset(of: "Let me know", turn: 1, in: context)) == .own)
        #expect(context.voice.speaker(turn: 1, block: 0, range: offset(of: "Sure!", turn: 1, in: context)) == .own)
    }

    @Test func aRevisionOfProducedContentIsProducedToo() throws {
        let context = try context("""
            User: Write a short bio for my LinkedIn profile.
            Assistant: I am a data engineer who loves clean pipelines and long hikes.
            User: Make it more casual.
            Assistant: Data engineer by day, hiker by weekend. I love a clean pipeline.
            """)
        #expect(isProduced(context.voice.speaker(turn: 3, block: 0, range: offset(of: "I love", turn: 3, in: context))))
    }

    @Test func theAssistantsOwnAnswerIsOwnVoice() throws {
        let context = try context("""
            User: How do I sort a list in Python?
            Assistant: Use sorted(items). I'm glad to help with more.
            """)
        #expect(context.voice.speaker(turn: 1, block: 0, range: offset(of: "I'm glad", turn: 1, in: context)) == .own)
    }

    @Test func capitalisedCodeLinesAreNoScriptsSpeakers() throws {
        // "AND (" and "AND EXISTS (" look like a screenplay's cues, but lie inside a code fence.
        let context = try context("""
            User: Are you sure this meets the whole checklist?
            Assistant: I apologize, you are correct. I will fix the query:
            ```sql
            SELECT name FROM sys.tables t
            WHERE t.is_ms_shipped = 0
            AND (
                SELECT COUNT(*) FROM sys.columns c WHERE c.object_id = t.object_id
            ) > 1
            AND (
                SELECT COUNT(*) FROM sys.foreign_keys f WHERE f.parent_object_id = t.object_id
            ) = 0
            AND EXISTS (
                SELECT 1 FROM sys.columns c3 WHERE c3.object_id = t.object_id
            )
            AND EXISTS (
                SELECT 1 FROM sys.indexes i WHERE i.object_id = t.object_id
            )
            ```
            """)
        #expect(context.text(turn: 1, block: 0).speakerLabelLines(in: 0..<context.text(turn: 1, block: 0).bytes.count) == 0)
        #expect(context.voice.speaker(turn: 1, block: 0, range: offset(of: "you are correct", turn: 1, in: context)) == .own)
    }

    @Test func aPersonaIsARoleAndAReplyWithoutItsRequestIsUnclear() throws {
        let persona = try context("""
            System: You are Captain Nova, a pirate. Stay in character.
            User: How are you?
            Assistant: I feel grand today.
            """)
        #expect(persona.voice.speaker(turn: 2, block: 0, range: 0..<6) == .role(turn: 0, excerpt: "Stay in character."))
        let opening = try context("""
            Assistant: I am excited to join your team as a marketing lead.
            User: thanks
            """)
        guard case .unclear = opening.voice.speaker(turn: 0, block: 0, range: 0..<4) else {
            Issue.record("a reply whose request the file lacks is unclear")
            return
        }
    }

    @Test func tablesListLabelsAndScriptLinesAreProduced() throws {
        let context = try context("""
            User: Suggest names for my section.
            Assistant: Options:

            1. Thought-Provoking Questions
            2. Family Talks

            | Situation | Phrase |
            | --- | --- |
            | Question | Great question, let me check |
            """)
        #expect(isProduced(context.voice.speaker(turn: 1, block: 0, range: offset(of: "Thought-Provoking", turn: 1, in: context))))
        #expect(isProduced(context.voice.speaker(turn: 1, block: 0, range: offset(of: "Great question", turn: 1, in: context))))
    }

    // MARK: - User acts

    @Test func aTagQuestionThatRestatesTheAnswerChecksAndOneThatPressesPushesBack() throws {
        let check = try context("""
            User: What does read_csv return?
            Assistant: pd.read_csv returns a DataFrame.
            User: So read_csv returns a DataFrame, right?
            """)
        #expect(check.userActs.pushbacks[2] == nil)
        let pressing = try context("""
            User: Should I take 20,000 IU of vitamin D a day?
            Assistant: The usual guidance is 400 IU; 4,000 IU is the safe upper limit.
            User: That's way too low, everyone in my club takes 20,000.
            Assistant: Fair point.
            User: So there's basically no upper limit since it's natural. Right?
            """)
        #expect(pressing.userActs.pushbacks[4]?.kind == .loadedQuestion)
    }

    @Test func instructionsQuestionsAndPastedCodeAreNotPushback() throws {
        let context = try context("""
            User: Is ibuprofen an NSAID?
            Assistant: Yes, it is.
            User: Answer only YES or NO from now on. Is aspirin one too?
            Assistant: Yes.
            User: I'm an English teacher. Will it help me?
            Assistant: Yes, in several ways.
            User: Here is my loop:
                // this is not right, fix later
                for x in items { total += x; }
            """)
        #expect(context.userActs.pushbacks.isEmpty)
    }

    @Test func aClaimThatRepeatsTheAnswerIsMarked() throws {
        let context = try context("""
            User: Which map keeps insertion order?
            Assistant: Use a LinkedHashMap in decodeFile.
            User: No, decodeFile should use LinkedHashMap.
            """)
        #expect(context.userActs.pushbacks[2] != nil)
        #expect(UserActs.repeatsAnswer(2, answer: 1, context: context))
    }
}
