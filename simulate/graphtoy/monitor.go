package graphtoy

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/graph"
)

type monitorScratch struct {
	batch graph.Batch
	z     mat.Dense
	order []int
}

// Monitor is one evaluation of the reference's monitors (see the package documentation).
type Monitor struct {
	Metric *mat.Dense // m×m class-averaged softmax matrix (entries O(1/N))
	Cosine *mat.Dense // m×m class cosine of the first Sources/m/40 test sources per class
	Rows   int        // softmax rows pooled (sources in the full batches used)
}

// Monitor evaluates the monitors on the test split with the current encoder.
func (t *Trainer) Monitor() (*Monitor, error) {
	cfg, s := t.cfg, &t.monitor
	m := t.World.States()
	test := t.World.Test()
	s.order = append(s.order[:0], test...)
	t.monRng.Shuffle(len(s.order), func(i, j int) { s.order[i], s.order[j] = s.order[j], s.order[i] })
	bs := min(len(test), cfg.BatchSize)
	rowSum := mat.NewDense(m, m, nil)
	rowCount := make([]float64, m)
	var labels []int
	var embs [][]float64
	for b := 0; b+bs <= len(s.order); b += bs {
		idx := s.order[b : b+bs]
		t.World.SourcesTo(&s.batch, idx)
		s.z.Reset()
		t.Encoder.Forward(&s.z, &s.batch)
		lab := s.batch.State
		present := make([]int, m)
		for _, c := range lab {
			present[c]++
		}
		if missing(present) {
			break // the reference stops at a batch that misses a state
		}
		u := unitRows(&s.z)
		addBatchMetric(rowSum, rowCount, u, lab, present, cfg.Loss.Tau)
		for k := range lab {
			labels = append(labels, lab[k])
			embs = append(embs, u[k])
		}
	}
	for a := range m {
		if rowCount[a] == 0 {
			return nil, fmt.Errorf("graphtoy: monitor: no full test batch contains state %d", a)
		}
		for b := range m {
			rowSum.Set(a, b, rowSum.At(a, b)/rowCount[a])
		}
	}
	per := max(1, cfg.Graph.Sources/m/40)
	pick := make([][]int, m)
	for k, c := range labels {
		if len(pick[c]) < per {
			pick[c] = append(pick[c], k)
		}
	}
	cos := mat.NewDense(m, m, nil)
	for a := range m {
		for b := range m {
			sum := 0.0
			for _, i := range pick[a] {
				for _, j := range pick[b] {
					sum += dot(embs[i], embs[j])
				}
			}
			cos.Set(a, b, sum/float64(len(pick[a])*len(pick[b])))
		}
	}
	n := 0.0
	for _, v := range rowCount {
		n += v
	}
	return &Monitor{Metric: rowSum, Cosine: cos, Rows: int(n)}, nil
}

func unitRows(z *mat.Dense) [][]float64 {
	r, c := z.Dims()
	u := make([][]float64, r)
	for i := range r {
		row := z.RawRowView(i)
		nm := max(math.Sqrt(dot(row, row)), 1e-12)
		u[i] = make([]float64, c)
		for k, v := range row {
			u[i][k] = v / nm
		}
	}
	return u
}

func dot(x, y []float64) float64 {
	s := 0.0
	for k := range x {
		s += x[k] * y[k]
	}
	return s
}

// addBatchMetric adds, for each row i of the batch, the mean over columns of class b of
// softmax_j(cos(u_i, u_j)/τ) (self included) to rowSum[class(i)][b] and counts the row.
func addBatchMetric(rowSum *mat.Dense, rowCount []float64, u [][]float64, lab, present []int, tau float64) {
	n, m := len(u), len(present)
	s := make([]float64, n)
	acc := make([]float64, m)
	for i := range n {
		mx := math.Inf(-1)
		for j := range n {
			s[j] = dot(u[i], u[j]) / tau
			mx = max(mx, s[j])
		}
		sum := 0.0
		clear(acc)
		for j := range n {
			e := math.Exp(s[j] - mx)
			sum += e
			acc[lab[j]] += e
		}
		a := lab[i]
		for b := range m {
			rowSum.Set(a, b, rowSum.At(a, b)+acc[b]/sum/float64(present[b]))
		}
		rowCount[a]++
	}
}

func missing(count []int) bool {
	for _, c := range count {
		if c == 0 {
			return true
		}
	}
	return false
}
