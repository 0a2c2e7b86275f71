package runio

import (
	"sync"

	"github.com/infonce-lab/infonce-lab/simulate"
)

// TrainingCallback returns a simulate progress callback that reports the steps done
// over all of n replicates to p (total n·steps); it is safe for concurrent use, as
// simulate.Replicates requires.
func TrainingCallback(p *Progress, n int) func(simulate.Progress) {
	var mu sync.Mutex
	done := make([]int, n)
	return func(sp simulate.Progress) {
		mu.Lock()
		if sp.Replicate >= 0 && sp.Replicate < n {
			done[sp.Replicate] = sp.Step
		}
		sum := 0
		for _, d := range done {
			sum += d
		}
		p.Set(sum) // under mu, so the reported count never goes back
		mu.Unlock()
	}
}
