package simulate

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// TargetFor returns the mean-field value the named loss drives the positive-pair
// probability of each state pair to, in that loss's normalisation: the loss's Target
// method (T1 for infonce, T1 at 2N−1 candidates for ntxent, T2(α, β) for scinfonce,
// T2(1, 0) for dcl, the decoupled fixed point p̃* for scinfonce-decoupled). Losses
// without a target (dhel, spectral), unknown names, N < 2 and non-finite α, β give an
// error. τ is not used.
func TargetFor(s *feature.Space, lossName string, n int, p LossParams) (mat.Matrix, error) {
	if err := feature.CheckBatchSize(n); err != nil {
		return nil, err
	}
	if err := feature.CheckSCParams(p.Alpha, p.Beta); err != nil {
		return nil, err
	}
	l, err := loss.Lookup(lossName, p, 0)
	if err != nil {
		return nil, fmt.Errorf("simulate: %w", err)
	}
	return l.Target(s, n)
}
