package markov

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Identity returns A = I over m ≥ 1 states: every view equals its source.
func Identity(m int) (*TPM, error) {
	if m < 1 {
		return nil, fmt.Errorf("markov: identity TPM with m = %d states: need m ≥ 1", m)
	}
	data := make([]float64, m*m)
	for k := 0; k < m; k++ {
		data[k*m+k] = 1
	}
	return &TPM{m: m, data: data}, nil
}

// Uninformative returns the TPM whose every row is p: a view is independent of its
// source, so c1 = c2 and ρ ≡ 1 (docs/theory.md §2).
func Uninformative(p *Dist) *TPM {
	m := p.Len()
	data := make([]float64, 0, m*m)
	for k := 0; k < m; k++ {
		data = append(data, p.p...)
	}
	return &TPM{m: m, data: data}
}

// Lazy returns (1−ε)I + εU over m states, U the matrix with every entry 1/m:
// with probability ε the view is redrawn uniformly. ε must lie in [0, 1].
func Lazy(m int, eps float64) (*TPM, error) {
	if m < 1 {
		return nil, fmt.Errorf("markov: lazy TPM with m = %d states: need m ≥ 1", m)
	}
	if !(eps >= 0 && eps <= 1) {
		return nil, fmt.Errorf("markov: lazy TPM with ε = %v: need 0 ≤ ε ≤ 1", eps)
	}
	data := make([]float64, m*m)
	for k := 0; k < m; k++ {
		for i := 0; i < m; i++ {
			data[k*m+i] = eps / float64(m)
		}
		data[k*m+k] += 1 - eps
	}
	return &TPM{m: m, data: data}, nil
}

// Block returns the cluster TPM of blocks with the given sizes (states numbered block
// by block): a state keeps mass `within` spread evenly over its own block (itself
// included) and spreads 1−within evenly over the states of the other blocks.
// With a single block, within must be 1.
func Block(sizes []int, within float64) (*TPM, error) {
	if len(sizes) == 0 {
		return nil, fmt.Errorf("markov: block TPM: no blocks: %w", ErrEmpty)
	}
	m := 0
	for b, s := range sizes {
		if s < 1 {
			return nil, fmt.Errorf("markov: block TPM: block %d has size %d, need ≥ 1", b, s)
		}
		m += s
	}
	if !(within >= 0 && within <= 1) {
		return nil, fmt.Errorf("markov: block TPM with within-block mass %v: need 0 ≤ within ≤ 1", within)
	}
	if len(sizes) == 1 && within != 1 {
		return nil, fmt.Errorf("markov: block TPM with one block and within-block mass %v: the across-block mass %v has nowhere to go", within, 1-within)
	}
	block := make([]int, 0, m)
	for b, s := range sizes {
		for range s {
			block = append(block, b)
		}
	}
	data := make([]float64, m*m)
	for k := 0; k < m; k++ {
		in := float64(sizes[block[k]])
		out := float64(m) - in
		for i := 0; i < m; i++ {
			if block[i] == block[k] {
				data[k*m+i] = within / in
			} else {
				data[k*m+i] = (1 - within) / out
			}
		}
	}
	return &TPM{m: m, data: data}, nil
}

// Permutation returns the deterministic TPM sending state k to perm[k].
func Permutation(perm []int) (*TPM, error) {
	m := len(perm)
	if m == 0 {
		return nil, fmt.Errorf("markov: permutation TPM: %w", ErrEmpty)
	}
	seen := make([]bool, m)
	for k, p := range perm {
		if p < 0 || p >= m {
			return nil, fmt.Errorf("markov: permutation entry [%d] = %d: out of range [0, %d)", k, p, m)
		}
		if seen[p] {
			return nil, fmt.Errorf("markov: permutation entry [%d] = %d: repeated", k, p)
		}
		seen[p] = true
	}
	data := make([]float64, m*m)
	for k, p := range perm {
		data[k*m+p] = 1
	}
	return &TPM{m: m, data: data}, nil
}

// RandomDirichlet returns an m×m TPM whose rows are independent Dirichlet(κ·1) draws
// from rng. Small κ gives sparse, peaked rows; large κ rows close to uniform.
func RandomDirichlet(m int, kappa float64, rng *rand.Rand) (*TPM, error) {
	if m < 1 {
		return nil, fmt.Errorf("markov: Dirichlet TPM with m = %d states: need m ≥ 1", m)
	}
	if !(kappa > 0) || math.IsInf(kappa, 1) {
		return nil, fmt.Errorf("markov: Dirichlet TPM with concentration κ = %v: need 0 < κ < ∞", kappa)
	}
	data := make([]float64, m*m)
	for k := 0; k < m; k++ {
		dirichletRow(data[k*m:(k+1)*m], kappa, rng)
	}
	return &TPM{m: m, data: data}, nil
}

// RandomDist returns a Dirichlet(κ·1) draw over m states from rng.
func RandomDist(m int, kappa float64, rng *rand.Rand) (*Dist, error) {
	if m < 1 {
		return nil, fmt.Errorf("markov: Dirichlet distribution with m = %d states: need m ≥ 1", m)
	}
	if !(kappa > 0) || math.IsInf(kappa, 1) {
		return nil, fmt.Errorf("markov: Dirichlet distribution with concentration κ = %v: need 0 < κ < ∞", kappa)
	}
	p := make([]float64, m)
	dirichletRow(p, kappa, rng)
	return &Dist{p: p}, nil
}

// dirichletRow fills dst with a Dirichlet(κ·1) draw: normalised Gamma(κ, 1) variates.
// When every variate underflows to 0 (tiny κ) it falls back to a single 1 at a
// uniformly drawn position, the κ → 0 limit of Dirichlet(κ·1).
func dirichletRow(dst []float64, kappa float64, rng *rand.Rand) {
	g := distuv.Gamma{Alpha: kappa, Beta: 1, Src: rng}
	var sum float64
	for i := range dst {
		dst[i] = g.Rand()
		sum += dst[i]
	}
	if sum == 0 || math.IsNaN(sum) {
		for i := range dst {
			dst[i] = 0
		}
		dst[rng.IntN(len(dst))] = 1
		return
	}
	var s2 float64
	for i := range dst {
		dst[i] /= sum
		s2 += dst[i]
	}
	// Put the rounding residue on the largest entry so the row sums to 1 to ~1 ulp.
	imax := 0
	for i := range dst {
		if dst[i] > dst[imax] {
			imax = i
		}
	}
	dst[imax] += 1 - s2
}
