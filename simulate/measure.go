package simulate

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// PairAccumulator averages a per-anchor quantity by (anchor state, positive state).
type PairAccumulator struct {
	m     int
	sum   []float64
	count []int
}

// NewPairAccumulator returns an empty accumulator over m states.
func NewPairAccumulator(m int) *PairAccumulator {
	return &PairAccumulator{m: m, sum: make([]float64, m*m), count: make([]int, m*m)}
}

// Add records value v for an anchor in state i whose positive is in state j.
func (p *PairAccumulator) Add(i, j int, v float64) {
	p.sum[i*p.m+j] += v
	p.count[i*p.m+j]++
}

// AddN records value v for k anchors of the pair (i, j).
func (p *PairAccumulator) AddN(i, j int, v float64, k int) {
	p.sum[i*p.m+j] += float64(k) * v
	p.count[i*p.m+j] += k
}

// Reset empties the accumulator.
func (p *PairAccumulator) Reset() {
	clear(p.sum)
	clear(p.count)
}

// Mean returns the m×m matrix of means; NaN marks a pair with no anchor.
func (p *PairAccumulator) Mean() *mat.Dense {
	out := mat.NewDense(p.m, p.m, nil)
	for k, c := range p.count {
		v := math.NaN()
		if c > 0 {
			v = p.sum[k] / float64(c)
		}
		out.Set(k/p.m, k%p.m, v)
	}
	return out
}

// Counts returns the number of anchors seen for each pair, row-major.
func (p *PairAccumulator) Counts() []int { return append([]int(nil), p.count...) }

// accumulatePairs adds the positive-pair probability of every anchor of the logits s
// (laid out as lay says, rows and cols their states) to acc, keyed by (anchor state,
// positive state); scratch has the side of s.
func accumulatePairs(acc *PairAccumulator, scratch []float64, s *mat.Dense, rows, cols []int, lay loss.Layout, decoupled bool) {
	lay.PositiveProb(scratch, s, decoupled)
	for x, p := range scratch {
		acc.Add(rows[x], cols[lay.Positive(x, len(scratch))], p)
	}
}

// Geometry holds the embedding measurements of docs/theory.md §6 for one set of views.
type Geometry struct {
	// Metric is the reference code's metric_fn: row softmax of cos/τ over all views
	// (self included), averaged by state pair.
	Metric *mat.Dense
	// ConverTarget is the reference code's conver_target: mean cosine by state pair,
	// self pairs included; it equals ⟨μ_i, μ_j⟩ for the class means μ of unit embeddings.
	ConverTarget *mat.Dense
	// ClassCosine is the cosine between class means, ⟨μ_i, μ_j⟩/(‖μ_i‖‖μ_j‖).
	ClassCosine *mat.Dense
	// Spread is the within-class spread 1 − ‖μ_i‖², the mean squared distance of a
	// unit embedding of state i to its class mean.
	Spread []float64
	// EffectiveRank is exp(H(σ/Σσ)) over the singular values σ of the unit embeddings.
	EffectiveRank float64
}

// normalizeRows writes the unit rows of z to dst (a zero row stays zero).
func normalizeRows(dst, z *mat.Dense) {
	r, c := z.Dims()
	for a := 0; a < r; a++ {
		var ss float64
		for k := 0; k < c; k++ {
			v := z.At(a, k)
			ss += v * v
		}
		inv := 0.0
		if ss > 0 {
			inv = 1 / math.Sqrt(ss)
		}
		for k := 0; k < c; k++ {
			dst.Set(a, k, z.At(a, k)*inv)
		}
	}
}

// MeasureGeometry computes Geometry of the embeddings z (rows; their states in
// states) over m states at temperature tau; Metric only when withMetric is set (it
// costs O(rows²·d)). States with no view get NaN entries.
func MeasureGeometry(z *mat.Dense, states []int, m int, tau float64, withMetric bool) Geometry {
	rows, d := z.Dims()
	u := mat.NewDense(rows, d, nil)
	normalizeRows(u, z)

	mu := mat.NewDense(m, d, nil)
	count := make([]float64, m)
	for a, st := range states {
		count[st]++
		for k := 0; k < d; k++ {
			mu.Set(st, k, mu.At(st, k)+u.At(a, k))
		}
	}
	g := Geometry{
		ConverTarget: mat.NewDense(m, m, nil),
		ClassCosine:  mat.NewDense(m, m, nil),
		Spread:       make([]float64, m),
	}
	norm := make([]float64, m)
	for i := 0; i < m; i++ {
		if count[i] == 0 {
			norm[i] = math.NaN()
			continue
		}
		var ss float64
		for k := 0; k < d; k++ {
			v := mu.At(i, k) / count[i]
			mu.Set(i, k, v)
			ss += v * v
		}
		norm[i] = math.Sqrt(ss)
		g.Spread[i] = 1 - ss
	}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if count[i] == 0 || count[j] == 0 {
				g.ConverTarget.Set(i, j, math.NaN())
				g.ClassCosine.Set(i, j, math.NaN())
				continue
			}
			dot := mat.Dot(mu.RowView(i), mu.RowView(j))
			g.ConverTarget.Set(i, j, dot)
			g.ClassCosine.Set(i, j, dot/(norm[i]*norm[j]))
		}
		if count[i] == 0 {
			g.Spread[i] = math.NaN()
		}
	}

	if withMetric {
		g.Metric = metricFn(u, states, m, tau)
	}
	g.EffectiveRank = effectiveRank(u)
	return g
}

// metricFn is the reference code's metric_fn over unit embeddings u: the row softmax
// of the full cos/τ matrix, self included, averaged by state pair.
func metricFn(u *mat.Dense, states []int, m int, tau float64) *mat.Dense {
	rows, _ := u.Dims()
	acc := NewPairAccumulator(m)
	row := make([]float64, rows)
	for a := 0; a < rows; a++ {
		ua := u.RawRowView(a)
		mx := math.Inf(-1)
		for b := 0; b < rows; b++ {
			var dot float64
			for k, v := range u.RawRowView(b) {
				dot += ua[k] * v
			}
			row[b] = dot / tau
			mx = math.Max(mx, row[b])
		}
		var den float64
		for b := range row {
			row[b] = math.Exp(row[b] - mx)
			den += row[b]
		}
		for b := range row {
			acc.Add(states[a], states[b], row[b]/den)
		}
	}
	return acc.Mean()
}

// effectiveRank returns exp(H(σ/Σσ)) for the singular values σ of u.
func effectiveRank(u *mat.Dense) float64 {
	var gram mat.SymDense
	gram.SymOuterK(1, u.T())
	var eig mat.EigenSym
	if eig.Factorize(&gram, false) {
		vals := eig.Values(nil)
		var sum float64
		for i, v := range vals {
			vals[i] = math.Sqrt(math.Max(v, 0))
			sum += vals[i]
		}
		var h float64
		for _, v := range vals {
			if v > 0 {
				p := v / sum
				h -= p * math.Log(p)
			}
		}
		return math.Exp(h)
	}
	return math.NaN()
}
