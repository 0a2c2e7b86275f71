package enumerate

import (
	"fmt"
	"math"

	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/mat"
)

// GapRow is one row of GapTable: how far the exactly batch-averaged positive-pair
// probability at the optimal critic s = log ρ is from the mean-field target T1.
type GapRow struct {
	N       int          // sources per batch
	Gap     float64      // max over pairs (c1_ij > 0) of |E[P_ij] − T1_ij| / T1_ij
	NGap    float64      // N·Gap, which tends to GapLimit
	Pair    feature.Pair // the pair attaining Gap (the first in row-major order on ties)
	Leading float64      // the delta-method value (N−1)·v_i/(ρ_ij + N−1)² at Pair (LeadingGap)
}

// GapTable returns, for each n in ns, the relative gap between the exact E[P] at
// s = log ρ (PositiveProbTo) and T1 (feature.InfoNCETarget): docs/theory.md §4 "Exact at every
// N", claim C17. It panics unless CheckSize(s.Len(), n) is nil for every n.
func GapTable(s *feature.Space, ns []int) []GapRow {
	rows := make([]GapRow, 0, len(ns))
	for _, n := range ns {
		r := RelativeGap(nil, s, n)
		lead := LeadingGap(nil, s, n)
		row := GapRow{N: n, Gap: math.Inf(-1)}
		m := s.Len()
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				v := math.Abs(r.At(i, j))
				if math.IsNaN(v) {
					continue // c1_ij = 0: T1_ij = 0, no relative gap
				}
				if v > row.Gap {
					row.Gap, row.Pair, row.Leading = v, feature.Pair{I: i, J: j}, lead.At(i, j)
				}
			}
		}
		row.NGap = float64(n) * row.Gap
		rows = append(rows, row)
	}
	return rows
}

// RelativeGap writes to dst (allocated when nil) and returns the signed relative gap
// (E[P_ij] − T1_ij)/T1_ij at the optimal critic s = log ρ, for n sources per batch; NaN
// where c1_ij = 0. With X_i = Σ_l n_l ρ_il a sum of N−1 i.i.d. ρ_{i,c}, c ~ q (mean N−1,
// since Σ_l q_l ρ_il = 1), E[P_ij] = E[ρ_ij/(ρ_ij + X_i)] ≥ ρ_ij/(ρ_ij + N−1) = T1_ij by
// Jensen (1/(a+x) is convex), so the gap is ≥ 0. It panics unless CheckSize(s.Len(), n)
// is nil or if dst is not m×m.
func RelativeGap(dst *mat.Dense, s *feature.Space, n int) *mat.Dense {
	e := mustNew(s, n)
	m := s.Len()
	if dst != nil {
		if r, c := dst.Dims(); r != m || c != m {
			panic(fmt.Sprintf("enumerate: %d×%d dst in a %d-state space", r, c, m))
		}
	}
	p := e.PositiveProbTo(dst, logDensityRatio(s))
	t1 := s.InfoNCETarget(n)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			t := t1.At(i, j)
			if t == 0 {
				p.Set(i, j, math.NaN())
				continue
			}
			p.Set(i, j, (p.At(i, j)-t)/t)
		}
	}
	return p
}

// RowChiSquare returns v_i = Σ_j q_j ρ_ij² − 1 = Var_{c~q}(ρ_{i,c}) for each state i: the
// χ² divergence of the positive's conditional law c1_i·/q_i from q, and the variance of
// one negative's contribution to X_i.
func RowChiSquare(s *feature.Space) []float64 {
	q := s.ViewMarginal()
	rho := s.DensityRatio()
	v := make([]float64, len(q))
	for i := range q {
		var acc neumaier
		for j, qj := range q {
			d := rho.At(i, j) - 1 // Σ_j q_j (ρ_ij − 1)² = Σ_j q_j ρ_ij² − 1, without cancellation
			acc.add(qj * d * d)
		}
		v[i] = acc.value()
	}
	return v
}

// LeadingGap writes to dst (allocated when nil) and returns the second-order (delta
// method) relative gap
//
//	r_ij ≈ (N−1)·v_i / (ρ_ij + N−1)²,
//
// from E[ρ/(ρ+X)] = ρ/(a) · E[1/(1+Y/a)] = T1·(1 + E[Y²]/a² − E[Y³]/a³ + …), a = ρ_ij + N−1,
// Y = X_i − (N−1), E[Y²] = (N−1)v_i (RowChiSquare). The next terms are
// −(N−1)κ3_i/a³ + 3(N−1)²v_i²/a⁴ = O(1/N²), κ3_i = Σ_j q_j (ρ_ij − 1)³, so N·r_ij → v_i
// and N·Gap → max_i v_i (GapLimit). It panics if n < 2 or dst is not m×m.
func LeadingGap(dst *mat.Dense, s *feature.Space, n int) *mat.Dense {
	if err := feature.CheckBatchSize(n); err != nil {
		panic(err)
	}
	m := s.Len()
	if dst == nil {
		dst = mat.NewDense(m, m, nil)
	} else if r, c := dst.Dims(); r != m || c != m {
		panic(fmt.Sprintf("enumerate: %d×%d dst in a %d-state space", r, c, m))
	}
	v := RowChiSquare(s)
	rho := s.DensityRatio()
	k := float64(n - 1)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			a := rho.At(i, j) + k
			dst.Set(i, j, k*v[i]/(a*a))
		}
	}
	return dst
}

// GapLimit returns lim_{N→∞} N·Gap = max_i v_i (RowChiSquare): the leading term v_i/N of
// the relative gap does not depend on j, so the largest row χ² sets the limit.
func GapLimit(s *feature.Space) float64 {
	mx := math.Inf(-1)
	for _, v := range RowChiSquare(s) {
		mx = math.Max(mx, v)
	}
	return mx
}

// logDensityRatio returns log ρ entrywise (−Inf where ρ_ij = 0).
func logDensityRatio(s *feature.Space) *mat.Dense {
	m := s.Len()
	l := mat.NewDense(m, m, nil)
	l.Apply(func(_, _ int, v float64) float64 { return math.Log(v) }, s.DensityRatio())
	return l
}
