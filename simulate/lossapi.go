package simulate

import "github.com/infonce-lab/infonce-lab/simulate/loss"

// LossParams are the temperature τ and the SC-InfoNCE scale α and bias β.
type LossParams = loss.Params

// Loss is a contrastive loss over raw embeddings with its gradient (docs/design.md).
type Loss = loss.Loss

// NewLoss returns the named loss: "infonce", "ntxent", "dcl", "scinfonce",
// "scinfonce-decoupled", "dhel" or "spectral" (docs/theory.md §3).
func NewLoss(name string, p LossParams) (Loss, error) { return loss.New(name, p) }
