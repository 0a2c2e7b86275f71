package graph

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// Config sizes a graph world. Reference fixes the paper's values.
type Config struct {
	Nodes       int     // nodes of every base graph, ≥ 1
	EdgeProb    float64 // probability of each undirected edge, in [0, 1]
	FeatDim     int     // node feature dimension, ≥ 1
	MaxMaskRate float64 // noise rate r ~ U[0, MaxMaskRate), in [0, 1)
	Sources     int     // fixed source graphs, ≥ 2
	TrainSize   int     // sources in the training split, 1 ≤ TrainSize < Sources
}

// Reference returns the recipe of the paper's synthetic experiment: 20 nodes, edge
// probability 40/190, features in R^8, mask rate below 0.2, 4000 sources split 2000/2000.
func Reference() Config {
	return Config{Nodes: 20, EdgeProb: 40.0 / 190, FeatDim: 8, MaxMaskRate: 0.2, Sources: 4000, TrainSize: 2000}
}

// Validate returns an error naming the first bad field and its value.
func (c Config) Validate() error {
	switch {
	case c.Nodes < 1:
		return fmt.Errorf("graph: Nodes = %d: need ≥ 1 node", c.Nodes)
	case !(c.EdgeProb >= 0 && c.EdgeProb <= 1):
		return fmt.Errorf("graph: EdgeProb = %v: need a probability in [0, 1]", c.EdgeProb)
	case c.FeatDim < 1:
		return fmt.Errorf("graph: FeatDim = %d: need ≥ 1", c.FeatDim)
	case !(c.MaxMaskRate >= 0 && c.MaxMaskRate < 1):
		return fmt.Errorf("graph: MaxMaskRate = %v: need a rate in [0, 1)", c.MaxMaskRate)
	case c.Sources < 2:
		return fmt.Errorf("graph: Sources = %d: need ≥ 2", c.Sources)
	case c.TrainSize < 1 || c.TrainSize >= c.Sources:
		return fmt.Errorf("graph: TrainSize = %d: need 1 ≤ TrainSize < Sources = %d", c.TrainSize, c.Sources)
	}
	return nil
}

// World holds the base graphs, the fixed sources and the train/test split. It is
// immutable after New; Views may be called from several goroutines with their own
// rand.Rand and Batch.
type World struct {
	cfg   Config
	m     int
	nbr   [][][]int32     // nbr[c][i]: neighbours of node i in base graph c, increasing
	feat  [][]float64     // feat[c]: Nodes×FeatDim row-major node features of base graph c
	rowA  []*sample.Alias // rowA[c] draws c' ~ A[c, ·]
	src   Batch           // the fixed sources
	train []int           // indices of the training sources
	test  []int           // indices of the test sources
}

// New draws a world for the space's π and A from rng: base graphs (edges, then
// features, state by state), the sources (state then mask, one by one) and the split.
func New(s *feature.Space, cfg Config, rng *rand.Rand) (*World, error) {
	if s == nil {
		return nil, fmt.Errorf("graph: nil feature space")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := s.Len()
	w := &World{cfg: cfg, m: m, nbr: make([][][]int32, m), feat: make([][]float64, m), rowA: make([]*sample.Alias, m)}
	for c := range m {
		w.nbr[c], w.feat[c] = randomBase(cfg, rng)
		w.rowA[c] = mustAlias(s.Augmentation().Row(nil, c))
	}
	pi := mustAlias(s.Source())
	w.src.resize(cfg.Sources, cfg.Nodes)
	var perm []int
	for k := range cfg.Sources {
		w.src.State[k] = pi.Draw(rng)
		perm = w.mask(w.src.KeepOf(k), perm, rng)
	}
	order := rng.Perm(cfg.Sources)
	w.train = append([]int(nil), order[:cfg.TrainSize]...)
	w.test = append([]int(nil), order[cfg.TrainSize:]...)
	return w, nil
}

// mustAlias builds the alias table of a probability vector that a feature.Space has
// already validated (rows of A and π), so an error is a bug.
func mustAlias(p []float64) *sample.Alias {
	a, err := sample.NewAlias(p)
	if err != nil {
		panic(fmt.Sprintf("graph: alias table of a validated distribution: %v", err))
	}
	return a
}

// randomBase draws one base graph: edges for i < j in row order, then features.
func randomBase(cfg Config, rng *rand.Rand) ([][]int32, []float64) {
	nbr := make([][]int32, cfg.Nodes)
	for i := range cfg.Nodes {
		for j := i + 1; j < cfg.Nodes; j++ {
			if rng.Float64() < cfg.EdgeProb {
				nbr[i] = append(nbr[i], int32(j))
				nbr[j] = append(nbr[j], int32(i))
			}
		}
	}
	feat := make([]float64, cfg.Nodes*cfg.FeatDim)
	for k := range feat {
		feat[k] = rng.NormFloat64()
	}
	return nbr, feat
}

// mask fills keep with one draw of the noise operator: r ~ U[0, MaxMaskRate), delete
// ⌊Nodes·r⌋ uniformly chosen nodes (a partial Fisher–Yates shuffle over perm, which is
// returned for reuse).
func (w *World) mask(keep []bool, perm []int, rng *rand.Rand) []int {
	n := w.cfg.Nodes
	drop := int(math.Floor(float64(n) * rng.Float64() * w.cfg.MaxMaskRate))
	if cap(perm) < n {
		perm = make([]int, n)
	}
	perm = perm[:n]
	for i := range perm {
		perm[i] = i
		keep[i] = true
	}
	for k := range drop {
		j := k + rng.IntN(n-k)
		perm[k], perm[j] = perm[j], perm[k]
		keep[perm[k]] = false
	}
	return perm
}

// Config returns the world's configuration.
func (w *World) Config() Config { return w.cfg }

// States returns the number of states m.
func (w *World) States() int { return w.m }

// Neighbours returns node i's neighbours in base graph c (increasing; shared, do not modify).
func (w *World) Neighbours(c, i int) []int32 { return w.nbr[c][i] }

// Features returns base graph c's Nodes×FeatDim row-major features (shared, do not modify).
func (w *World) Features(c int) []float64 { return w.feat[c] }

// Sources returns the fixed sources (shared, do not modify).
func (w *World) Sources() *Batch { return &w.src }

// Train returns the indices of the training sources (shared, do not modify).
func (w *World) Train() []int { return w.train }

// Test returns the indices of the test sources (shared, do not modify).
func (w *World) Test() []int { return w.test }

// SourcesTo fills dst with copies of the sources idx (in that order).
func (w *World) SourcesTo(dst *Batch, idx []int) {
	n := w.cfg.Nodes
	dst.resize(len(idx), n)
	for k, s := range idx {
		dst.State[k] = w.src.State[s]
		copy(dst.KeepOf(k), w.src.KeepOf(s))
	}
}

// ViewsTo fills dst with one fresh view of each source idx[k]: state c' ~ A[c, ·] with c
// the source's state, then a fresh mask of base graph c'. Allocation-free once dst has
// grown to len(idx) graphs.
func (w *World) ViewsTo(dst *Batch, idx []int, rng *rand.Rand) {
	n := w.cfg.Nodes
	dst.resize(len(idx), n)
	for k, s := range idx {
		dst.State[k] = w.rowA[w.src.State[s]].Draw(rng)
		dst.perm = w.mask(dst.KeepOf(k), dst.perm, rng)
	}
}

// Batch is a list of masked graphs: graph k is base graph State[k] restricted to the
// nodes i with Keep[k·Nodes+i].
type Batch struct {
	State []int
	Keep  []bool
	nodes int
	perm  []int
}

// Len returns the number of graphs.
func (b *Batch) Len() int { return len(b.State) }

// Nodes returns the number of base nodes per graph.
func (b *Batch) Nodes() int { return b.nodes }

// KeepOf returns graph k's keep mask (a slice of Keep).
func (b *Batch) KeepOf(k int) []bool { return b.Keep[k*b.nodes : (k+1)*b.nodes] }

// Append adds the graphs of src to b (same node count).
func (b *Batch) Append(src *Batch) {
	if b.Len() == 0 {
		b.nodes = src.nodes
	}
	if b.nodes != src.nodes {
		panic(fmt.Sprintf("graph: Append: batches of %d and %d nodes", b.nodes, src.nodes))
	}
	b.State = append(b.State, src.State...)
	b.Keep = append(b.Keep, src.Keep...)
}

// Reset empties b, keeping its storage.
func (b *Batch) Reset() {
	b.State = b.State[:0]
	b.Keep = b.Keep[:0]
}

func (b *Batch) resize(n, nodes int) {
	b.nodes = nodes
	if cap(b.State) < n {
		b.State = make([]int, n)
	}
	b.State = b.State[:n]
	if cap(b.Keep) < n*nodes {
		b.Keep = make([]bool, n*nodes)
	}
	b.Keep = b.Keep[:n*nodes]
}
