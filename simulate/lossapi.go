package simulate

import "github.com/infonce-lab/infonce-lab/simulate/loss"

// LossParams are the temperature τ and the SC-InfoNCE scale α and bias β.
type LossParams = loss.Params

// Loss is a contrastive loss over raw embeddings with its gradient, its logit layout,
// its normalisation and its mean-field target (docs/design.md).
type Loss = loss.Loss

// NewLoss returns the named loss of the registry of simulate/loss (loss.Names():
// infonce, ntxent, dcl, scinfonce, scinfonce-decoupled, dhel, spectral; docs/theory.md
// §3), with Eval shared among every processor.
func NewLoss(name string, p LossParams) (Loss, error) { return loss.New(name, p) }
