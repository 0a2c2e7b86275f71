package loss

import "gonum.org/v1/gonum/mat"

// Loss is a contrastive loss of two views of a batch.
//
// A Loss value owns scratch buffers that grow to the largest batch it has seen; it is
// not safe for concurrent use (use one value per goroutine). After the first call
// with a given shape, Eval allocates nothing.
type Loss interface {
	Name() string
	// Eval returns the batch-mean loss of raw (unnormalised) embeddings z1, z2 (n×d;
	// row a of both is one source) and, when g1 and g2 are non-nil, writes ∂L/∂z1 and
	// ∂L/∂z2 (through the normalisation; cosine/τ logits). Either gradient may be nil
	// alone. z1 and z2 are not modified; g1, g2 may alias them. Eval panics on a
	// shape mismatch or n < 2 (programmer errors: callers validate the batch size).
	Eval(z1, z2, g1, g2 *mat.Dense) float64
}

// LogitLoss is a Loss that is a function of a logit matrix alone (docs/theory.md §5,
// level 1: free logits). For the cross-view losses s is n×n (row a is anchor a of view
// 1, column b candidate b of view 2, positives on the diagonal); for ntxent s is
// 2n×2n over the 2n views ordered view-1 rows then view-2 rows, the diagonal (self)
// entries ignored and the positive of row i at column (i+n) mod 2n. LogitSize(n) is
// the side of s for n sources.
//
// EvalLogits returns the batch-mean loss and, when gs is non-nil, writes ∂L/∂s into it
// (zero on ignored entries). For scinfonce and scinfonce-decoupled gs is the SC update
// field of docs/theory.md §3 (the stop-gradient weight held constant), not the derivative
// of the returned value. EvalLogits panics if s or gs is not square of side
// LogitSize(n) with n ≥ 2.
type LogitLoss interface {
	Loss
	LogitSize(n int) int
	EvalLogits(s, gs *mat.Dense) float64
}
