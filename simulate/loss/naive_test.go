package loss

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Straightforward O(n²) reference implementations of docs/theory.md §3, written from the
// formulas with math.Exp and an explicit max-shifted log-sum-exp, independent of the
// package's kernels, rules and shifts.

func unitRows(z *mat.Dense) [][]float64 {
	n, d := z.Dims()
	out := make([][]float64, n)
	for i := range out {
		nv := 0.0
		for k := 0; k < d; k++ {
			nv += z.At(i, k) * z.At(i, k)
		}
		nv = math.Max(math.Sqrt(nv), 1e-12)
		out[i] = make([]float64, d)
		for k := range out[i] {
			out[i][k] = z.At(i, k) / nv
		}
	}
	return out
}

func dotv(x, y []float64) float64 {
	s := 0.0
	for i := range x {
		s += x[i] * y[i]
	}
	return s
}

// cosLogits returns S_ab = cos(x_a, y_b)/τ.
func cosLogits(x, y *mat.Dense, tau float64) *mat.Dense {
	u, v := unitRows(x), unitRows(y)
	s := mat.NewDense(len(u), len(v), nil)
	for a := range u {
		for b := range v {
			s.Set(a, b, dotv(u[a], v[b])/tau)
		}
	}
	return s
}

// lse returns log Σ_{j in keep} exp x_j.
func lse(x []float64, keep func(j int) bool) float64 {
	m := math.Inf(-1)
	for j, v := range x {
		if keep(j) && v > m {
			m = v
		}
	}
	s := 0.0
	for j, v := range x {
		if keep(j) {
			s += math.Exp(v - m)
		}
	}
	return m + math.Log(s)
}

// naiveLogitLoss is the loss of a cross-view n×n logit matrix.
func naiveLogitLoss(name string, p Params, s *mat.Dense) float64 {
	n, _ := s.Dims()
	total := 0.0
	for a := 0; a < n; a++ {
		row := mat.Row(nil, a, s)
		all := func(int) bool { return true }
		neg := func(j int) bool { return j != a }
		sumNeg := 0.0
		for b, v := range row {
			if b != a {
				sumNeg += v
			}
		}
		var l float64
		switch name {
		case InfoNCE:
			l = -row[a] + lse(row, all)
		case DCL:
			l = -row[a] + lse(row, neg)
		case SCInfoNCE:
			logP := row[a] - lse(row, all)
			l = -logP - (math.Exp(logP)-1+p.Alpha)*row[a] + p.Beta/float64(n-1)*sumNeg
		case SCInfoNCEDecoupled:
			logP := row[a] - lse(row, neg)
			l = -logP - (math.Exp(logP)-1+p.Alpha)*row[a] + p.Beta/float64(n-1)*sumNeg
		case Spectral:
			l = -2 * row[a]
			for b, v := range row {
				if b != a {
					l += v * v / float64(n-1)
				}
			}
		default:
			panic(name)
		}
		total += l
	}
	return total / float64(n)
}

// naiveNTXentLogits is NT-Xent of a 2n×2n logit matrix.
func naiveNTXentLogits(s *mat.Dense) float64 {
	m, _ := s.Dims()
	n := m / 2
	total := 0.0
	for i := 0; i < m; i++ {
		row := mat.Row(nil, i, s)
		total += -row[(i+n)%m] + lse(row, func(j int) bool { return j != i })
	}
	return total / float64(m)
}

// naiveLoss is the loss of raw embeddings.
func naiveLoss(name string, p Params, z1, z2 *mat.Dense) float64 {
	switch name {
	case NTXent:
		n, d := z1.Dims()
		w := mat.NewDense(2*n, d, nil)
		w.Slice(0, n, 0, d).(*mat.Dense).Copy(z1)
		w.Slice(n, 2*n, 0, d).(*mat.Dense).Copy(z2)
		return naiveNTXentLogits(cosLogits(w, w, p.Tau))
	case DHEL:
		su, sv, suv := cosLogits(z1, z1, p.Tau), cosLogits(z2, z2, p.Tau), cosLogits(z1, z2, p.Tau)
		n, _ := z1.Dims()
		total := 0.0
		for a := 0; a < n; a++ {
			neg := func(j int) bool { return j != a }
			total += -suv.At(a, a) + lse(mat.Row(nil, a, su), neg) + lse(mat.Row(nil, a, sv), neg)
		}
		return total / float64(n)
	}
	return naiveLogitLoss(name, p, cosLogits(z1, z2, p.Tau))
}
