package markov

import (
	"fmt"
	"math"
	"slices"
)

// Edge is an undirected edge {U, V} between two states.
type Edge struct{ U, V int }

// LazyWalk returns the lazy random walk on the undirected multigraph with m vertices
// and the given edges: a state stays with probability stay and otherwise moves to a
// neighbour chosen in proportion to the number of edges joining them,
//
//	A = stay·I + (1 − stay)·Deg⁻¹ W,   W_uv = #edges {u, v}.
//
// A vertex with no edge stays with probability 1. Self-loops are refused (use stay);
// stay must lie in [0, 1]. Errors name the offending edge.
func LazyWalk(m int, edges []Edge, stay float64) (*SparseTPM, error) {
	if m < 1 {
		return nil, fmt.Errorf("markov: lazy walk on m = %d vertices: need m ≥ 1", m)
	}
	if !(stay >= 0 && stay <= 1) {
		return nil, fmt.Errorf("markov: lazy walk with stay probability %v: need 0 ≤ stay ≤ 1", stay)
	}
	deg := make([]int, m)
	for e, ed := range edges {
		if ed.U < 0 || ed.U >= m || ed.V < 0 || ed.V >= m {
			return nil, fmt.Errorf("markov: lazy walk edge %d = {%d, %d}: vertex out of range [0, %d)", e, ed.U, ed.V, m)
		}
		if ed.U == ed.V {
			return nil, fmt.Errorf("markov: lazy walk edge %d = {%d, %d}: self-loop (laziness is the stay probability)", e, ed.U, ed.V)
		}
		deg[ed.U]++
		deg[ed.V]++
	}
	entries := make([]Triplet, 0, m+2*len(edges))
	for k := 0; k < m; k++ {
		s := stay
		if deg[k] == 0 {
			s = 1
		}
		entries = append(entries, Triplet{k, k, s})
	}
	for _, ed := range edges {
		entries = append(entries,
			Triplet{ed.U, ed.V, (1 - stay) / float64(deg[ed.U])},
			Triplet{ed.V, ed.U, (1 - stay) / float64(deg[ed.V])})
	}
	return buildSparse(m, entries)
}

// SparseBlock returns the block-sparse TPM of blocks with the given sizes (states
// numbered block by block): a state keeps mass `within` spread evenly over its own
// block (itself included) and moves with probability 1 − within evenly into the next
// block (cyclically, the last block feeding the first). It has Σ_b s_b(s_b + s_{b+1})
// non-zeros instead of m². With one block, within must be 1.
func SparseBlock(sizes []int, within float64) (*SparseTPM, error) {
	if len(sizes) == 0 {
		return nil, fmt.Errorf("markov: sparse block TPM: no blocks: %w", ErrEmpty)
	}
	m := 0
	for b, s := range sizes {
		if s < 1 {
			return nil, fmt.Errorf("markov: sparse block TPM: block %d has size %d, need ≥ 1", b, s)
		}
		m += s
	}
	if !(within >= 0 && within <= 1) {
		return nil, fmt.Errorf("markov: sparse block TPM with within-block mass %v: need 0 ≤ within ≤ 1", within)
	}
	if len(sizes) == 1 && within != 1 {
		return nil, fmt.Errorf("markov: sparse block TPM with one block and within-block mass %v: the across-block mass %v has nowhere to go", within, 1-within)
	}
	start := make([]int, len(sizes)+1)
	for b, s := range sizes {
		start[b+1] = start[b] + s
	}
	var entries []Triplet
	for b, s := range sizes {
		nb := (b + 1) % len(sizes)
		for k := start[b]; k < start[b+1]; k++ {
			for i := start[b]; i < start[b+1]; i++ {
				entries = append(entries, Triplet{k, i, within / float64(s)})
			}
			if within == 1 {
				continue
			}
			for i := start[nb]; i < start[nb+1]; i++ {
				entries = append(entries, Triplet{k, i, (1 - within) / float64(sizes[nb])})
			}
		}
	}
	return buildSparse(m, entries)
}

// HashMultipliers and HashOffsets define HashGraph (the peer workload of
// notebooks/graph/README.md).
var (
	HashMultipliers = [8]int{3, 7, 11, 13, 17, 19, 23, 29}
	HashOffsets     = [8]int{1, 5, 101, 1009, 10007, 7, 77, 777}
)

// HashGraph returns the hash-graph TPM over m states: state i stays with probability
// 1/2 and moves to each of the 8 states (a_r·i + b_r) mod m with probability 1/16
// (a_r = HashMultipliers[r], b_r = HashOffsets[r]; coinciding targets are summed). Every
// a_r must be coprime to m, so each move is a permutation and the uniform law is
// stationary. It has at most 9m non-zeros.
func HashGraph(m int) (*SparseTPM, error) {
	if m < 1 {
		return nil, fmt.Errorf("markov: hash graph with m = %d states: need m ≥ 1", m)
	}
	if m > MaxSparseStates {
		return nil, fmt.Errorf("markov: hash graph with m = %d states: at most %d", m, MaxSparseStates)
	}
	for _, a := range HashMultipliers {
		if gcd(a, m) != 1 {
			return nil, fmt.Errorf("markov: hash graph with m = %d states: multiplier %d shares a factor with m; choose m coprime to 3, 7, 11, 13, 17, 19, 23, 29", m, a)
		}
	}
	entries := make([]Triplet, 0, 9*m)
	for i := 0; i < m; i++ {
		entries = append(entries, Triplet{i, i, 0.5})
		for r, a := range HashMultipliers {
			j := int((int64(a)*int64(i) + int64(HashOffsets[r])) % int64(m))
			entries = append(entries, Triplet{i, j, 1.0 / 16})
		}
	}
	return buildSparse(m, entries)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// KNNGraph returns the lazy random walk (LazyWalk with the given stay probability) on
// the symmetrised k-nearest-neighbour graph of the points: {i, j} is an edge when j is
// among the k nearest points of i (Euclidean distance, ties broken by the lower index)
// or i among those of j. This is the augmentation graph of data whose views are
// nearby points (e.g. the MNIST states). The points must share one finite dimension,
// 1 ≤ k < len(points). The search is exact and costs O(m² d).
func KNNGraph(points [][]float64, k int, stay float64) (*SparseTPM, error) {
	m := len(points)
	if m < 2 {
		return nil, fmt.Errorf("markov: kNN graph of %d points: need at least 2", m)
	}
	if k < 1 || k >= m {
		return nil, fmt.Errorf("markov: kNN graph with k = %d neighbours of %d points: need 1 ≤ k < %d", k, m, m)
	}
	d := len(points[0])
	for i, p := range points {
		if len(p) != d {
			return nil, fmt.Errorf("markov: kNN graph: point %d has dimension %d, point 0 has %d", i, len(p), d)
		}
		for c, v := range p {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("markov: kNN graph: point %d coordinate %d = %v is not finite", i, c, v)
			}
		}
	}
	type cand struct {
		dist float64
		j    int
	}
	adj := make(map[Edge]bool, m*k)
	cands := make([]cand, 0, m-1)
	for i, p := range points {
		cands = cands[:0]
		for j, q := range points {
			if j == i {
				continue
			}
			s := 0.0
			for c, v := range p {
				t := v - q[c]
				s += t * t
			}
			cands = append(cands, cand{s, j})
		}
		slices.SortFunc(cands, func(a, b cand) int {
			if a.dist != b.dist {
				if a.dist < b.dist {
					return -1
				}
				return 1
			}
			return a.j - b.j
		})
		for _, c := range cands[:k] {
			adj[Edge{min(i, c.j), max(i, c.j)}] = true
		}
	}
	edges := make([]Edge, 0, len(adj))
	for e := range adj {
		edges = append(edges, e)
	}
	slices.SortFunc(edges, func(a, b Edge) int {
		if a.U != b.U {
			return a.U - b.U
		}
		return a.V - b.V
	})
	return LazyWalk(m, edges, stay)
}
