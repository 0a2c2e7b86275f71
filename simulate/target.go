package simulate

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TargetFor returns the mean-field value the named loss drives the positive-pair
// probability of each state pair to, in that loss's normalisation (loss.DecoupledNormalisation):
// T1 for infonce, T1 at 2N−1 candidates for ntxent (each of the 2N views is an anchor
// against the 2N−2 views of other sources), T2(α, β) for scinfonce, T2(1, 0) for dcl and the
// decoupled fixed point p̃* for scinfonce-decoupled. Losses without a TPM target
// (dhel, spectral) return an error.
func TargetFor(s *feature.Space, lossName string, n int, p LossParams) (mat.Matrix, error) {
	if err := feature.CheckBatchSize(n); err != nil {
		return nil, err
	}
	if err := feature.CheckSCParams(p.Alpha, p.Beta); err != nil {
		return nil, err
	}
	switch lossName {
	case "infonce":
		return s.InfoNCETarget(n), nil
	case "ntxent":
		return s.InfoNCETarget(2*n - 1), nil
	case "scinfonce":
		return s.SCTarget(n, p.Alpha, p.Beta), nil
	case "dcl":
		return s.DCLTarget(n), nil
	case "scinfonce-decoupled":
		return s.DecoupledSCFixedPoint(n, p.Alpha, p.Beta)
	}
	return nil, fmt.Errorf("simulate: loss %q has no mean-field target in docs/theory.md §4", lossName)
}
