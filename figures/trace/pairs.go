package trace

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// UpperPairs returns the state pairs (i, j), i ≤ j, of m states in row order.
func UpperPairs(m int) []feature.Pair {
	var out []feature.Pair
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			out = append(out, feature.Pair{I: i, J: j})
		}
	}
	return out
}

// Pairs reduces the records of replicates to one trace per pair: at each recorded
// step, the Spread over replicates of scale × Symmetric(value(record), pair); a step
// at which no replicate has a number for the pair is left out of that pair's trace
// (package doc). Lo and Hi are set at every kept step. Target, Optimum, Final,
// FinalLo and FinalHi are NaN; the callers set them (Final). The replicates must
// record the same number of steps, and value must give a matrix for every record.
func Pairs(res []*simulate.Result, pairs []feature.Pair, value func(simulate.Record) mat.Matrix, scale float64) ([]plots.PairTrace, error) {
	if len(res) == 0 {
		return nil, fmt.Errorf("trace: no replicates")
	}
	steps := len(res[0].Records)
	for r, x := range res {
		if len(x.Records) != steps {
			return nil, fmt.Errorf("trace: replicate %d has %d records, replicate 0 has %d", r, len(x.Records), steps)
		}
	}
	out := make([]plots.PairTrace, len(pairs))
	vals := make([]float64, len(res))
	nan := math.NaN()
	for k, p := range pairs {
		t := plots.PairTrace{I: p.I, J: p.J, Target: nan, Optimum: nan, Final: nan, FinalLo: nan, FinalHi: nan}
		for s := 0; s < steps; s++ {
			for r, x := range res {
				v := value(x.Records[s])
				if v == nil || isNilDense(v) {
					return nil, fmt.Errorf("trace: replicate %d: step %d has no measurement", r, x.Records[s].Step)
				}
				vals[r] = scale * Symmetric(v, p)
			}
			mean, lo, hi, ok := Spread(vals)
			if !ok {
				continue
			}
			t.Steps = append(t.Steps, float64(res[0].Records[s].Step))
			t.Mean, t.Lo, t.Hi = append(t.Mean, mean), append(t.Lo, lo), append(t.Hi, hi)
		}
		out[k] = t
	}
	return out, nil
}

// Final sets each trace's Final (mean) and FinalLo–FinalHi (min–max) to the Spread
// over replicates of scale × Symmetric of the trained model's positive-pair
// probability (Result.PairProb; replicates without one are skipped).
func Final(traces []plots.PairTrace, res []*simulate.Result, scale float64) {
	vals := make([]float64, 0, len(res))
	for k := range traces {
		p := feature.Pair{I: traces[k].I, J: traces[k].J}
		vals = vals[:0]
		for _, x := range res {
			if x.PairProb != nil {
				vals = append(vals, scale*Symmetric(x.PairProb, p))
			}
		}
		traces[k].Final, traces[k].FinalLo, traces[k].FinalHi, _ = Spread(vals)
	}
}

// PairProb is a record's positive-pair probability by state pair.
func PairProb(r simulate.Record) mat.Matrix {
	if r.PairProb == nil {
		return nil
	}
	return r.PairProb
}

// ClassCosine is a record's class-mean cosine matrix (nil without geometry).
func ClassCosine(r simulate.Record) mat.Matrix {
	if r.Geometry == nil || r.Geometry.ClassCosine == nil {
		return nil
	}
	return r.Geometry.ClassCosine
}
