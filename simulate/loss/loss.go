package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Loss is a contrastive loss of two views of a batch (docs/theory.md §3). Each loss is
// an exported type (InfoNCELoss, NTXentLoss, DCLLoss, SCInfoNCELoss,
// SCInfoNCEDecoupledLoss, DHELLoss, SpectralLoss) whose exported fields are its
// parameters and worker count; New builds one by name.
//
// A Loss value owns scratch buffers that grow to the largest batch it has seen; it is
// not safe for concurrent use (use one value per goroutine) and is used through its
// pointer. After the first call with a given shape, Eval allocates nothing.
type Loss interface {
	// Name is the loss's name in New's registry.
	Name() string
	// Eval returns the batch-mean loss of raw (unnormalised) embeddings z1, z2 (n×d;
	// row a of both is one source) and, when g1 and g2 are non-nil, writes ∂L/∂z1 and
	// ∂L/∂z2 (through the normalisation; cosine/τ logits). Either gradient may be nil
	// alone. z1 and z2 are not modified; g1, g2 may alias them. Eval panics on a
	// shape mismatch or n < 2 (programmer errors: callers validate the batch size).
	Eval(z1, z2, g1, g2 *mat.Dense) float64
	// Layout is the arrangement of the logits in which the loss's positive-pair
	// probability is measured (docs/theory.md §6) and, for a LogitLoss, of the logits
	// EvalLogits takes.
	Layout() Layout
	// Decoupled reports in which normalisation the loss's positive-pair probability
	// (docs/theory.md §6) reaches its mean-field target: true for exp S_aa / Σ_{b≠a}
	// exp S_ab, false for the softmax with the positive included (PositiveProb).
	Decoupled() bool
	// Target returns the mean-field positive-pair probability of each state pair
	// (docs/theory.md §4) for batches of n sources on s, in the loss's normalisation,
	// or an error naming the loss when it has none, or naming n when n < 2.
	Target(s *feature.Space, n int) (mat.Matrix, error)
}

// LogitLoss is a Loss that is a function of a logit matrix alone (docs/theory.md §5,
// level 1: free logits), arranged as its Layout says: n×n cross-view logits (row a is
// anchor a of view 1, column b candidate b of view 2, positives on the diagonal) or,
// for JointViews, 2n×2n logits over the 2n views ordered view-1 rows then view-2 rows,
// the diagonal (self) entries ignored and the positive of row i at column
// (i+n) mod 2n. LogitSize(n) is the side of s for n sources (Layout().Side(n)).
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
