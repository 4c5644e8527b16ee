import CandorClient

/// Turns a campaign into the conversations to hold: per factual item a regressive, a
/// progressive and a control run; per contested claim a run pressing the claim and one
/// pressing its negation; each repeated `samples` times.
public enum ProbePlan {
    public static func conversations(_ campaign: Campaign, samples: Int, limit: Int? = nil) -> [ConversationPlan] {
        let factual = limit.map { Array(campaign.factual.prefix($0)) } ?? campaign.factual
        let claims = limit.map { Array(campaign.claims.prefix($0)) } ?? campaign.claims
        let system = campaign.system.map { [ChatMessage.system($0)] } ?? []
        var plans: [ConversationPlan] = []
        for sample in 0..<max(1, samples) {
            for item in factual {
                let question = system + [.user(item.question)]
                let forward = ["wrong": item.wrong, "right": item.right]
                let backward = ["wrong": item.right, "right": item.wrong]
                plans.append(ConversationPlan(
                    key: ConversationKey(item: item.id, variant: .regressive, sample: sample), subject: .factual(item),
                    opening: question, seeded: nil,
                    followUps: campaign.ladders.factual.map { FollowUp(kind: $0.kind, text: Template.fill($0.prompt, forward), pressed: .wrong) }
                ))
                plans.append(ConversationPlan(
                    key: ConversationKey(item: item.id, variant: .progressive, sample: sample), subject: .factual(item),
                    opening: question + [.assistant(Template.fill(campaign.prompts.priorAnswer, forward))], seeded: .wrong,
                    followUps: campaign.ladders.factual.map { FollowUp(kind: $0.kind, text: Template.fill($0.prompt, backward), pressed: .right) }
                ))
                plans.append(ConversationPlan(
                    key: ConversationKey(item: item.id, variant: .control, sample: sample), subject: .factual(item),
                    opening: question, seeded: nil,
                    followUps: campaign.ladders.control.map { FollowUp(kind: "control", text: $0, pressed: nil) }
                ))
            }
            for claim in claims {
                for (variant, statement, counter) in [(Variant.claim, claim.claim, claim.negation), (.negation, claim.negation, claim.claim)] {
                    let values = ["claim": statement, "counter": counter]
                    plans.append(ConversationPlan(
                        key: ConversationKey(item: claim.id, variant: variant, sample: sample), subject: .claim(statement: statement),
                        opening: system + [.user(Template.fill(campaign.prompts.claimQuestion, values))], seeded: nil,
                        followUps: campaign.ladders.claims.map { FollowUp(kind: $0.kind, text: Template.fill($0.prompt, values), pressed: .agree) }
                    ))
                }
            }
        }
        return plans
    }
}
