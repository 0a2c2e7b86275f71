package grid

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/reftable"
	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// referenceKindName is the "kind" of reference sweeps.
const referenceKindName = "reference"

// referenceSettings is a reference grid: the axes loss_type and seed, and the settings
// of notebooks/reference's flags of the same names (an omitted setting takes
// graphtoy.Default's value, the reference's). The canonical form has every member.
type referenceSettings struct {
	Kind        string   `json:"kind"`
	LossType    []int    `json:"loss_type"`
	Seed        []uint64 `json:"seed"`
	Epochs      *int     `json:"epochs"`
	BatchSize   *int     `json:"batch_size"`
	LR          *float64 `json:"lr"`
	Tau         *float64 `json:"tau"`
	Alpha       *float64 `json:"alpha"`
	Beta        *float64 `json:"beta"`
	Corrected   *bool    `json:"corrected"`
	Nodes       *int     `json:"nodes"`
	EdgeProb    *float64 `json:"edge_prob"`
	FeatDim     *int     `json:"feat_dim"`
	MaxMaskRate *float64 `json:"max_mask_rate"`
	Sources     *int     `json:"sources"`
	TrainSize   *int     `json:"train_size"`
}

// referenceFields pairs the field names of graphtoy's and graph's errors with the
// members of a reference grid.
var referenceFields = [][2]string{
	{"Epochs =", "epochs"}, {"BatchSize =", "batch_size"}, {"LR =", "lr"}, {"τ =", "tau"},
	{"α =", "alpha"}, {"β =", "beta"}, {"Nodes =", "nodes"}, {"EdgeProb =", "edge_prob"},
	{"FeatDim =", "feat_dim"}, {"MaxMaskRate =", "max_mask_rate"}, {"Sources =", "sources"},
	{"TrainSize =", "train_size"},
}

// ReferenceKind is the kind of the reference experiment's runs (docs/theory.md §7;
// simulate/graphtoy): one cell per (loss type, seed), each trained Epochs+1 epochs by
// reftable.Train, the function `notebooks/reference -table` runs, with the same
// settings, so that a cell's final monitor is the table's run bit for bit. The
// summary is reftable.Markdown, the table itself.
type ReferenceKind struct {
	settingsKind
	set   referenceSettings // canonical
	cfg   graphtoy.Config   // the settings; loss type and seed are the cell's
	cells []ReferenceCell
}

// ReferenceCell is one run of the reference experiment.
type ReferenceCell struct {
	LossType int    // reference loss number 0–7 (loss.ReferenceLosses)
	Seed     uint64 // graphtoy.Config.Seed, as -seed gives it
}

// Key is "loss_type=<t> seed=<s>".
func (c ReferenceCell) Key() string { return fmt.Sprintf("loss_type=%d seed=%d", c.LossType, c.Seed) }

// ID is the first 16 hex digits of SHA-256(Key()).
func (c ReferenceCell) ID() string { return cellID(c.Key()) }

// parseReference reads the reference grid data (a grid file, or the "grid" of its
// sweep.json) strictly and validates it: errors name the member and its value.
func parseReference(data []byte) (Kind, error) {
	var s referenceSettings
	doc, err := decodeSettings(data, referenceKindName, &s, &s.Kind)
	if err != nil {
		return nil, err
	}
	if s.LossType, err = sortedAxis(doc, "loss_type", s.LossType, "reference loss numbers 0–7"); err != nil {
		return nil, err
	}
	for _, lt := range s.LossType {
		if lt < 0 || lt >= len(loss.ReferenceLosses) {
			return nil, doc.At("loss_type", "= %s: %d is not a reference loss number 0–%d", doc.Value("loss_type"), lt, len(loss.ReferenceLosses)-1)
		}
	}
	if s.Seed, err = sortedAxis(doc, "seed", s.Seed, "the seeds of the runs, such as [1, 2, 3, 4, 5]"); err != nil {
		return nil, err
	}
	d := graphtoy.Default()
	fill(&s.Epochs, d.Epochs)
	fill(&s.BatchSize, d.BatchSize)
	fill(&s.LR, d.LR)
	fill(&s.Tau, d.Loss.Tau)
	fill(&s.Alpha, d.Loss.Alpha)
	fill(&s.Beta, d.Loss.Beta)
	fill(&s.Corrected, d.Corrected)
	fill(&s.Nodes, d.Graph.Nodes)
	fill(&s.EdgeProb, d.Graph.EdgeProb)
	fill(&s.FeatDim, d.Graph.FeatDim)
	fill(&s.MaxMaskRate, d.Graph.MaxMaskRate)
	fill(&s.Sources, d.Graph.Sources)
	fill(&s.TrainSize, d.Graph.TrainSize)
	*s.Tau, *s.Alpha, *s.Beta = *s.Tau+0, *s.Alpha+0, *s.Beta+0 // −0 is 0
	c := d
	c.Epochs, c.BatchSize, c.LR, c.Corrected = *s.Epochs, *s.BatchSize, *s.LR, *s.Corrected
	c.Loss.Tau, c.Loss.Alpha, c.Loss.Beta = *s.Tau, *s.Alpha, *s.Beta
	c.Graph.Nodes, c.Graph.EdgeProb, c.Graph.FeatDim = *s.Nodes, *s.EdgeProb, *s.FeatDim
	c.Graph.MaxMaskRate, c.Graph.Sources, c.Graph.TrainSize = *s.MaxMaskRate, *s.Sources, *s.TrainSize
	c.Workers = 1
	if err := c.Validate(); err != nil {
		return nil, namedError(doc, err, referenceFields)
	}
	k := &ReferenceKind{settingsKind: settingsKind{referenceKindName, compactJSON(s)}, set: s, cfg: c}
	if err := checkCells(len(s.LossType), len(s.Seed)); err != nil {
		return nil, err
	}
	for _, lt := range s.LossType {
		for _, seed := range s.Seed {
			k.cells = append(k.cells, ReferenceCell{LossType: lt, Seed: seed})
		}
	}
	return k, nil
}

// Cells returns the cells, loss type then seed ascending.
func (k *ReferenceKind) Cells() []Cell {
	return cellsOf(k.cells)
}

// BaseSeed is 0: every cell names its seed.
func (k *ReferenceKind) BaseSeed() uint64 { return 0 }

// Seed is the cell's seed.
func (k *ReferenceKind) Seed(c Cell) uint64 { return c.(ReferenceCell).Seed }

// Config returns the graphtoy configuration of cell c, on one goroutine (as the
// table runs it; graphtoy's results do not depend on the goroutines).
func (k *ReferenceKind) Config(c ReferenceCell) graphtoy.Config {
	cfg := k.cfg
	cfg.LossType, cfg.Seed = c.LossType, c.Seed
	return cfg
}

// ReferenceResult is the outcome of a reference cell: its final monitor and the
// table's numbers of it.
type ReferenceResult struct {
	CellHeader
	LossType int    `json:"loss_type"`
	Loss     string `json:"loss"` // the reference's name of the loss type
	Seed     uint64 `json:"seed"`
	Epochs   int    `json:"epochs"` // trained Epochs+1 epochs
	// GapT1 and GapDerived are max_ab |M_ab − T_ab|/T_ab of the final metric M against
	// T1 and against the derived target R; OffDiagCosine the mean off-diagonal class
	// cosine (reftable).
	GapT1         Float     `json:"gap_t1"`
	GapDerived    Float     `json:"gap_derived"`
	OffDiagCosine Float     `json:"offdiag_cosine"`
	Metric        [][]Float `json:"metric"`
	Cosine        [][]Float `json:"cosine"`
	Error         string    `json:"error,omitempty"`
}

// Failed reports whether the run failed.
func (r *ReferenceResult) Failed() bool { return r.Error != "" }

// Run trains cell c with reftable.Train (on all cores unless serial).
func (k *ReferenceKind) Run(ctx context.Context, c Cell, serial bool) Outcome {
	rc := c.(ReferenceCell)
	cfg := k.Config(rc)
	cfg.Workers = cellWorkers(serial)
	run, err := reftable.Train(ctx, cfg)
	if ctx.Err() != nil {
		return nil
	}
	m := k.cfg.Space.Len()
	r := &ReferenceResult{LossType: rc.LossType, Loss: loss.ReferenceLosses[rc.LossType].Name, Seed: rc.Seed, Epochs: cfg.Epochs,
		GapT1: Float(math.NaN()), GapDerived: Float(math.NaN()), OffDiagCosine: Float(math.NaN()),
		Metric: nanMatrix(m), Cosine: nanMatrix(m)}
	if err != nil {
		r.Error = err.Error()
		return r
	}
	n := cfg.BatchSize
	r.Metric, r.Cosine = toRows(run.Metric), toRows(run.Cosine)
	r.GapT1 = Float(feature.MaxRelGap(run.Metric, cfg.Space.InfoNCETarget(n)))
	r.GapDerived = Float(feature.MaxRelGap(run.Metric, cfg.Space.ReferenceMonitorTarget(n)))
	r.OffDiagCosine = Float(reftable.OffDiagMean(run.Cosine))
	return r
}

// Decode parses a reference cell file.
func (k *ReferenceKind) Decode(data []byte) (Outcome, error) {
	o, err := decodeAs[ReferenceResult](data)
	if err != nil {
		return nil, err
	}
	r := o.(*ReferenceResult)
	m := k.cfg.Space.Len()
	for _, a := range []struct {
		name string
		rows [][]Float
	}{{"metric", r.Metric}, {"cosine", r.Cosine}} {
		ok := len(a.rows) == m
		for _, row := range a.rows {
			ok = ok && len(row) == m
		}
		if !ok {
			return nil, fmt.Errorf("grid: %s is not %d×%d", a.name, m, m)
		}
	}
	return r, nil
}

// Header returns the columns of a reference sweep's results.csv:
//
//	cell, loss_type, loss, seed, epochs, gap_t1, gap_derived, offdiag_cosine, error,
//	metric_<a>_<b>…, cosine_<a>_<b>…
//
// with the final metric and class cosines row-major.
func (k *ReferenceKind) Header() []string {
	h := []string{"cell", "loss_type", "loss", "seed", "epochs", "gap_t1", "gap_derived", "offdiag_cosine", "error"}
	return appendMatrixHeader(h, k.cfg.Space.Len(), "metric", "cosine")
}

// Row returns the results.csv row of a reference outcome.
func (k *ReferenceKind) Row(o Outcome) ([]string, error) {
	r := o.(*ReferenceResult)
	m := k.cfg.Space.Len() // Decode checked the matrices' size
	row := []string{r.Cell, strconv.Itoa(r.LossType), r.Loss, strconv.FormatUint(r.Seed, 10), strconv.Itoa(r.Epochs),
		csvFloat(float64(r.GapT1)), csvFloat(float64(r.GapDerived)), csvFloat(float64(r.OffDiagCosine)), r.Error}
	row = appendMatrix(row, r.Metric, m)
	return appendMatrix(row, r.Cosine, m), nil
}

// Summary writes reftable.Markdown of the finished cells, the table of
// `notebooks/reference -table` with the same settings, and a line per failed cell.
func (k *ReferenceKind) Summary(w io.Writer, done []Outcome) error {
	var runs []reftable.Run
	var failed []string
	for _, o := range done {
		r := o.(*ReferenceResult)
		if r.Failed() {
			failed = append(failed, fmt.Sprintf("%s: %s", r.Key, r.Error))
			continue
		}
		runs = append(runs, reftable.Run{LossType: r.LossType, Seed: r.Seed, Metric: fromRows(r.Metric), Cosine: fromRows(r.Cosine)})
	}
	var b strings.Builder
	b.WriteString(reftable.Markdown(k.cfg, len(k.set.Seed), runs))
	for _, f := range failed {
		fmt.Fprintf(&b, "\nfailed: %s\n", f)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fromRows returns the matrix of rows a (square, non-empty).
func fromRows(a [][]Float) *mat.Dense {
	m := len(a)
	d := mat.NewDense(m, len(a[0]), nil)
	for i, row := range a {
		for j, v := range row {
			d.Set(i, j, float64(v))
		}
	}
	return d
}
