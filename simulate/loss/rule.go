package loss

import "math"

// A rule turns the summary of one anchor row into its loss and the coefficients of
// its logit gradient (docs/theory.md §3). With shift c (any number ≥ the logits summed,
// for stability), e_j = exp(S_j − c) and the negatives' sum Z⁻ = Σ_neg e_j:
//
//	G_neg = cNeg·e_j + cConst,  G_pos = gPos,  G_self = 0,
//
// all already divided by the number of anchors in the batch mean (inv).
type rule int

const (
	ruleInfoNCE rule = iota // −log softmax[pos], positive in the denominator
	ruleDCL                 // −S_pos + log Σ_neg exp S
	ruleLSE                 // log Σ_neg exp S (no positive; the dhel uniformity terms)
	ruleSC                  // scinfonce (paper form)
	ruleSCD                 // scinfonce-decoupled
)

// decoupled reports whether the rule's log-sum-exp runs over the negatives only, so
// that its shift should bound the negatives rather than the whole row.
func (r rule) decoupled() bool { return r == ruleDCL || r == ruleLSE || r == ruleSCD }

// usesSum reports whether the rule needs Σ_neg S (the β term).
func (r rule) usesSum() bool { return r == ruleSC || r == ruleSCD }

type rowIn struct {
	sPos, ePos float64 // positive logit and exp(sPos − shift)
	zNeg       float64 // Σ_neg exp(S − shift)
	shift      float64
	sumNeg     float64 // Σ_neg S (ruleSC, ruleSCD)
}

type rowOut struct {
	loss               float64 // ℓ of the anchor (not divided by the batch size)
	cNeg, cConst, gPos float64
}

// ruleParams are the constants of a rule: inv = 1/(anchors in the mean), k = negatives per anchor.
type ruleParams struct {
	inv, k, alpha, beta float64
}

func (r rule) apply(in rowIn, p ruleParams) rowOut {
	var o rowOut
	switch r {
	case ruleInfoNCE:
		// ℓ = log Z − (S_pos − c), Z = Z⁻ + e_pos; G_pos = −(1 − P_pos) = −Z⁻/Z (no cancellation).
		z := in.zNeg + in.ePos
		o.loss = math.Log(z) - (in.sPos - in.shift)
		o.cNeg = p.inv / z
		o.gPos = -p.inv * (in.zNeg / z)
	case ruleDCL:
		o.loss = math.Log(in.zNeg) - (in.sPos - in.shift)
		o.cNeg = p.inv / in.zNeg
		o.gPos = -p.inv
	case ruleLSE:
		o.loss = in.shift + math.Log(in.zNeg)
		o.cNeg = p.inv / in.zNeg
	case ruleSC:
		// ℓ = −log P − sg(P − 1 + α)·S_pos + β/K·Σ_neg S; P − 1 + α = α − Z⁻/Z.
		z := in.zNeg + in.ePos
		w := p.alpha - in.zNeg/z
		o.loss = math.Log(z) - (in.sPos - in.shift) - w*in.sPos + p.beta/p.k*in.sumNeg
		o.cNeg = p.inv / z
		o.cConst = p.inv * p.beta / p.k
		o.gPos = -p.inv * p.alpha
	case ruleSCD:
		// p̃ = e_pos/Z⁻; ℓ = −log p̃ − sg(p̃ − 1 + α)·S_pos + β/K·Σ_neg S.
		pt := in.ePos / in.zNeg
		o.loss = math.Log(in.zNeg) - (in.sPos - in.shift) - (pt-1+p.alpha)*in.sPos + p.beta/p.k*in.sumNeg
		o.cNeg = p.inv / in.zNeg
		o.cConst = p.inv * p.beta / p.k
		o.gPos = -p.inv * (pt + p.alpha)
	}
	return o
}
