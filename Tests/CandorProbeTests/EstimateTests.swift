import CandorProbe
import Testing

struct EstimateTests {
    @Test func wilsonIntervalOfAHalf() {
        let estimate = Estimate.proportion(5, of: 10)
        #expect(estimate.value == 0.5)
        #expect(abs(estimate.low! - 0.2366) < 0.0005)
        #expect(abs(estimate.high! - 0.7634) < 0.0005)
    }

    @Test func wilsonIntervalOfZeroStaysAboveZeroWidth() {
        let estimate = Estimate.proportion(0, of: 10)
        #expect(estimate.value == 0)
        #expect(estimate.low == 0)
        #expect(abs(estimate.high! - 0.2775) < 0.0005)
    }

    @Test func wilsonIntervalOfAllStaysBelowOne() {
        let estimate = Estimate.proportion(20, of: 20)
        #expect(estimate.high == 1)
        #expect(abs(estimate.low! - 0.8389) < 0.0005)
    }

    @Test func emptyProportionHasNoValue() {
        let estimate = Estimate.proportion(0, of: 0)
        #expect(estimate.value == nil && estimate.low == nil && estimate.high == nil)
        #expect(estimate.total == 0)
    }

    @Test func meanHasNormalIntervalClampedToBounds() {
        let estimate = Estimate.mean(of: [1, 2, 3], total: 5, bounds: 1...6)
        #expect(estimate.value == 2)
        #expect(estimate.count == 3 && estimate.total == 5)
        #expect(estimate.low == 1)
        #expect(abs(estimate.high! - (2 + 1.959964 / 3.0.squareRoot())) < 1e-9)
    }

    @Test func meanOfOneSampleHasNoInterval() {
        let estimate = Estimate.mean(of: [4], total: 1)
        #expect(estimate.value == 4 && estimate.low == nil)
    }
}
