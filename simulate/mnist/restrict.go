package mnist

import "slices"

// Reachable returns the states some view reached (column sums of the counts > 0), in
// order, after dropping unreached states repeatedly: dropping state i removes its row,
// which can leave a state that only i's views reached unreached in turn. On the kept
// states the estimate is exactly the estimate of the construction restricted to them:
// no view of a kept state snapped to a dropped one (a dropped state was never
// reached), so snapping among the kept states alone gives the same counts.
func (e *Estimate) Reachable() []int {
	m := e.Len()
	alive := make([]bool, m)
	for i := range alive {
		alive[i] = true
	}
	for {
		hit := make([]bool, m)
		for k, row := range e.rows {
			if alive[k] {
				for _, c := range row {
					hit[c.State] = true
				}
			}
		}
		changed := false
		for i := range alive {
			if alive[i] && !hit[i] {
				alive[i], changed = false, true
			}
		}
		if !changed {
			break
		}
	}
	var keep []int
	for i, a := range alive {
		if a {
			keep = append(keep, i)
		}
	}
	return keep
}

// Restrict returns the estimate over the states keep (sorted, as Reachable returns),
// renumbered 0…len(keep)−1. It panics if a kept state's views reached a dropped state
// (keep is then not closed; use Reachable).
func (e *Estimate) Restrict(keep []int) *Estimate {
	if !slices.IsSorted(keep) {
		panic("mnist: Restrict: keep is not sorted")
	}
	index := make(map[int32]int32, len(keep))
	for i, k := range keep {
		index[int32(k)] = int32(i)
	}
	out := &Estimate{R: e.R, rows: make([][]Count, len(keep))}
	for i, k := range keep {
		for _, c := range e.rows[k] {
			j, ok := index[c.State]
			if !ok {
				panic("mnist: Restrict: a kept state's view reached a dropped state")
			}
			out.rows[i] = append(out.rows[i], Count{State: j, N: c.N})
		}
	}
	return out
}
