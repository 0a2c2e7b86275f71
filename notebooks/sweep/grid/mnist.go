package grid

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/infonce-lab/infonce-lab/feature"
	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	smnist "github.com/infonce-lab/infonce-lab/simulate/mnist"
)

// mnistKindName is the "kind" of MNIST-encoder sweeps.
const mnistKindName = "mnist"

// mnistSettings is an MNIST-encoder grid: the axes loss and seed (the encoder's
// simulate/mnist.TrainConfig.Seed) and the settings of notebooks/mnist's study c, under
// the names of its flags (an omitted setting takes the notebook's default). The states
// and their TPM estimate are the world's, seeded with world_seed (the notebook's
// -seed), the same for every cell. The canonical form has every member.
type mnistSettings struct {
	Kind      string   `json:"kind"`
	Loss      []string `json:"loss"`
	Seed      []uint64 `json:"seed"`
	WorldSeed *uint64  `json:"world_seed"`
	PerClass  *int     `json:"per_class"`
	Views     *int     `json:"views"`
	Steps     *int     `json:"steps"`
	Batch     *int     `json:"batch"`
	Tau       *float64 `json:"tau"`
	LR        *float64 `json:"lr"`
	Alpha     *float64 `json:"alpha"` // SC losses only
	Beta      *float64 `json:"beta"`  // SC losses only
	Rotation  *float64 `json:"rotation"`
	MinScale  *float64 `json:"min_scale"`
	MaxScale  *float64 `json:"max_scale"`
	Shift     *float64 `json:"shift"`
	Noise     *float64 `json:"noise"`
}

// mnistFields pairs phrases of simulate/mnist's and the loss's errors with members.
var mnistFields = [][2]string{
	{"rotation range", "rotation"}, {"scale range", "min_scale"}, {"translation range", "shift"},
	{"noise σ", "noise"}, {"τ =", "tau"}, {"α =", "alpha"}, {"β =", "beta"},
}

// MNISTKind is the kind of encoders trained on MNIST states (simulate/mnist), as
// notebooks/mnist's study c trains them: one cell per (loss, encoder seed), on one
// world — the first per_class training images of each digit, their augmentation TPM
// estimated from views views per state with world_seed, states no view reaches dropped
// (an exact reduction) — built once per process from the GoMNIST module's files
// (feature/mnist.DataDir). A cell trains the MLP 784 → 256 → 64 for steps Adam steps
// and measures, exactly over the states, what study c's last row reports: the
// population loss, the median and 90th percentile of |P/T1 − 1| and corr(log P, log ρ)
// (simulate/mnist.GapToTarget), 1-NN and probe accuracy and the within- and
// between-class cosines.
type MNISTKind struct {
	settingsKind
	set   mnistSettings // canonical
	aug   smnist.Augment
	cells []MNISTCell
	// dataset returns the MNIST training set (loadGoMNIST; tests share one copy).
	dataset func() (*fmnist.Dataset, error)

	once  sync.Once
	world *mnistWorld
	err   error
}

// mnistWorld is the states, their estimator and the feature space of the estimate.
type mnistWorld struct {
	st      *fmnist.States
	e       *smnist.Estimator
	sp      *feature.Space
	dropped int
}

// MNISTCell is one encoder: a loss and a seed.
type MNISTCell struct {
	Loss string
	Seed uint64
}

// Key is "loss=<name> seed=<s>".
func (c MNISTCell) Key() string { return fmt.Sprintf("loss=%s seed=%d", c.Loss, c.Seed) }

// ID is the first 16 hex digits of SHA-256(Key()).
func (c MNISTCell) ID() string { return cellID(c.Key()) }

// parseMNIST reads the MNIST grid data strictly and validates it; errors name the
// member and its value. It reads no image: the world is built by the first cell run.
func parseMNIST(data []byte) (Kind, error) {
	var s mnistSettings
	doc, err := decodeSettings(data, mnistKindName, &s, &s.Kind)
	if err != nil {
		return nil, err
	}
	if s.Loss, err = sortedAxis(doc, "loss", s.Loss, "loss names: "+strings.Join(loss.Names(), ", ")); err != nil {
		return nil, err
	}
	if s.Seed, err = sortedAxis(doc, "seed", s.Seed, "the encoders' seeds, such as [1, 2, 3, 4, 5]"); err != nil {
		return nil, err
	}
	fill(&s.WorldSeed, 1)
	fill(&s.PerClass, 100)
	fill(&s.Views, 200)
	fill(&s.Steps, 600)
	fill(&s.Batch, 256)
	fill(&s.Tau, 0.5)
	fill(&s.LR, 1e-3)
	fill(&s.Alpha, 1)
	fill(&s.Beta, 0)
	d := smnist.DefaultAugment
	fill(&s.Rotation, d.Rotation)
	fill(&s.MinScale, d.MinScale)
	fill(&s.MaxScale, d.MaxScale)
	fill(&s.Shift, d.Shift)
	fill(&s.Noise, d.Noise)
	for _, c := range []struct {
		name   string
		v, min int
	}{{"per_class", *s.PerClass, 2}, {"views", *s.Views, 1}, {"steps", *s.Steps, 1}, {"batch", *s.Batch, 2}} {
		if c.v < c.min {
			return nil, doc.At(c.name, "= %d: need ≥ %d", c.v, c.min)
		}
	}
	if !(*s.LR > 0) || math.IsInf(*s.LR, 1) {
		return nil, doc.At("lr", "= %v: need a finite learning rate > 0", *s.LR)
	}
	k := &MNISTKind{settingsKind: settingsKind{mnistKindName, compactJSON(s)}, set: s, dataset: loadGoMNIST, aug: smnist.Augment{Rotation: *s.Rotation, MinScale: *s.MinScale, MaxScale: *s.MaxScale, Shift: *s.Shift, Noise: *s.Noise}}
	if err := k.aug.Validate(); err != nil {
		return nil, namedError(doc, err, mnistFields)
	}
	for _, l := range s.Loss {
		if _, err := simulate.NewLoss(l, k.params(l)); err != nil {
			if !strings.Contains(err.Error(), l) {
				return nil, namedError(doc, err, mnistFields)
			}
			return nil, doc.At("loss", "= %s: %v", doc.Value("loss"), err)
		}
	}
	if err := checkCells(len(s.Loss), len(s.Seed)); err != nil {
		return nil, err
	}
	for _, l := range s.Loss {
		for _, seed := range s.Seed {
			k.cells = append(k.cells, MNISTCell{Loss: l, Seed: seed})
		}
	}
	return k, nil
}

// params are the loss parameters of loss l: τ, and α, β for the losses that take them
// (the notebook gives InfoNCE τ alone).
func (k *MNISTKind) params(l string) simulate.LossParams {
	p := simulate.LossParams{Tau: *k.set.Tau}
	if loss.TakesAlphaBeta(l) {
		p.Alpha, p.Beta = *k.set.Alpha, *k.set.Beta
	}
	return p
}

// Cells returns the cells, loss then seed ascending.
func (k *MNISTKind) Cells() []Cell {
	return cellsOf(k.cells)
}

// BaseSeed is the world's seed.
func (k *MNISTKind) BaseSeed() uint64 { return *k.set.WorldSeed }

// Seed is the encoder's seed.
func (k *MNISTKind) Seed(c Cell) uint64 { return c.(MNISTCell).Seed }

// build returns the world, building it on the first call (notebooks/mnist's build).
func (k *MNISTKind) build() (*mnistWorld, error) {
	k.once.Do(func() {
		ds, err := k.dataset()
		if err != nil {
			k.err = err
			return
		}
		k.world, k.err = buildMNISTWorld(ds, *k.set.PerClass, *k.set.Views, *k.set.WorldSeed, k.aug)
	})
	return k.world, k.err
}

// UseDataset makes the kind build its world from the training set ds instead of
// reading the GoMNIST module's files (for a caller that has read them already, such
// as notebooks/mnist). Call it before the first Run; it changes no result when ds is
// that training set.
func (k *MNISTKind) UseDataset(ds *fmnist.Dataset) {
	k.dataset = func() (*fmnist.Dataset, error) { return ds, nil }
}

// loadGoMNIST reads the training set of the GoMNIST module (feature/mnist.DataDir).
func loadGoMNIST() (*fmnist.Dataset, error) {
	dir, err := fmnist.DataDir()
	if err != nil {
		return nil, err
	}
	return fmnist.LoadTrain(dir)
}

// buildMNISTWorld selects perClass states per digit of ds, estimates their TPM from
// views views per state seeded with seed, and drops the states no view reaches.
func buildMNISTWorld(ds *fmnist.Dataset, perClass, views int, seed uint64, aug smnist.Augment) (*mnistWorld, error) {
	st, err := fmnist.SelectStates(ds, perClass)
	if err != nil {
		return nil, err
	}
	workers := runtime.GOMAXPROCS(0) // the estimate does not depend on it
	e := &smnist.Estimator{Snapper: smnist.NewSnapper(st.Pixels), Rows: st.Rows, Cols: st.Cols, Augment: aug, Workers: workers}
	est, err := e.Estimate(views, seed)
	if err != nil {
		return nil, err
	}
	dropped := 0
	if keep := est.Reachable(); len(keep) < st.Len() {
		// Exact reduction (simulate/mnist.Estimate.Reachable).
		dropped = st.Len() - len(keep)
		st, est = st.Subset(keep), est.Restrict(keep)
		e = &smnist.Estimator{Snapper: smnist.NewSnapper(st.Pixels), Rows: st.Rows, Cols: st.Cols, Augment: aug, Workers: workers}
	}
	sp, err := est.Space(st.Labels())
	if err != nil {
		return nil, err
	}
	return &mnistWorld{st: st, e: e, sp: sp, dropped: dropped}, nil
}

// MNISTResult is the outcome of an MNIST cell.
type MNISTResult struct {
	CellHeader
	Loss    string `json:"loss"`
	Seed    uint64 `json:"seed"`
	States  int    `json:"states"`  // m, after dropping the unreached states
	Dropped int    `json:"dropped"` // states no view reached
	Steps   int    `json:"steps"`
	// FinalLoss is the last step's batch loss; PopulationLoss the loss of
	// simulate/mnist.PairProb over the states.
	FinalLoss      Float `json:"final_loss"`
	PopulationLoss Float `json:"population_loss"`
	// GapMedian, GapP90 and LogCorr are simulate/mnist.GapToTarget's: the median and
	// 90th percentile of |P/T1 − 1| and corr(log P, log ρ) over the pairs with c1 > 0.
	GapMedian Float `json:"gap_median"`
	GapP90    Float `json:"gap_p90"`
	LogCorr   Float `json:"log_corr"`
	// NN1 and Probe are the 1-NN and least-squares-probe accuracies by digit (Probe
	// NaN when a digit has fewer than two states), WithinCos and BetweenCos the mean
	// within- and between-digit cosines of the embeddings.
	NN1        Float  `json:"nn1"`
	Probe      Float  `json:"probe"`
	WithinCos  Float  `json:"within_cos"`
	BetweenCos Float  `json:"between_cos"`
	Error      string `json:"error,omitempty"`
}

// Failed reports whether the cell's training failed.
func (r *MNISTResult) Failed() bool { return r.Error != "" }

// Run trains cell c's encoder (on all cores unless serial; simulate/mnist's results do
// not depend on it) and measures it.
func (k *MNISTKind) Run(ctx context.Context, c Cell, serial bool) Outcome {
	mc := c.(MNISTCell)
	nan := Float(math.NaN())
	r := &MNISTResult{Loss: mc.Loss, Seed: mc.Seed, Steps: *k.set.Steps, FinalLoss: nan, PopulationLoss: nan,
		GapMedian: nan, GapP90: nan, LogCorr: nan, NN1: nan, Probe: nan, WithinCos: nan, BetweenCos: nan}
	w, err := k.build()
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.States, r.Dropped = w.st.Len(), w.dropped
	z, last, err := k.train(ctx, w, mc, cellWorkers(serial))
	if ctx.Err() != nil {
		return nil
	}
	r.FinalLoss = Float(last)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	n, tau := *k.set.Batch, *k.set.Tau
	p, pl := smnist.PairProb(w.sp, z, tau, n)
	g := smnist.GapToTarget(w.sp, p, n)
	r.PopulationLoss, r.GapMedian, r.GapP90, r.LogCorr = Float(pl), Float(g.Median), Float(g.P90), Float(g.LogCorr)
	if probe, err := smnist.ProbeAccuracy(z, w.st.Digit, fmnist.Classes); err == nil {
		r.Probe = Float(probe)
	}
	within, between := smnist.WithinBetween(smnist.ClassCosine(z, w.st.Digit, fmnist.Classes))
	r.NN1, r.WithinCos, r.BetweenCos = Float(smnist.NearestNeighbourAccuracy(z, w.st.Digit)), Float(within), Float(between)
	return r
}

// train trains the encoder of cell c and returns its embeddings of the states and the
// last step's batch loss; a NaN loss stops it with an error naming the step.
func (k *MNISTKind) train(ctx context.Context, w *mnistWorld, c MNISTCell, workers int) (z *mat.Dense, last float64, err error) {
	tc := smnist.DefaultTrainConfig()
	tc.Loss, tc.Params, tc.Batch, tc.LR, tc.Seed, tc.Workers = c.Loss, k.params(c.Loss), *k.set.Batch, *k.set.LR, c.Seed, workers
	tr, err := smnist.NewTrainer(w.e, tc)
	if err != nil {
		return nil, math.NaN(), err
	}
	last = math.NaN()
	for s := 1; s <= *k.set.Steps; s++ {
		if err := ctx.Err(); err != nil {
			return nil, last, err
		}
		if last = tr.Step(); math.IsNaN(last) {
			return nil, last, fmt.Errorf("loss is NaN at step %d", s)
		}
	}
	return tr.Embed(), last, nil
}

// Decode parses an MNIST cell file.
func (k *MNISTKind) Decode(data []byte) (Outcome, error) {
	return decodeAs[MNISTResult](data)
}

// mnistColumns are the measured columns of an MNIST sweep's results.csv, in order.
var mnistColumns = []string{"final_loss", "population_loss", "gap_median", "gap_p90", "log_corr", "nn1", "probe", "within_cos", "between_cos"}

func (r *MNISTResult) measured() []Float {
	return []Float{r.FinalLoss, r.PopulationLoss, r.GapMedian, r.GapP90, r.LogCorr, r.NN1, r.Probe, r.WithinCos, r.BetweenCos}
}

// Header returns the columns of an MNIST sweep's results.csv:
//
//	cell, loss, seed, states, dropped, steps, final_loss, population_loss, gap_median,
//	gap_p90, log_corr, nn1, probe, within_cos, between_cos, error
func (k *MNISTKind) Header() []string {
	h := []string{"cell", "loss", "seed", "states", "dropped", "steps"}
	return append(append(h, mnistColumns...), "error")
}

// Row returns the results.csv row of an MNIST outcome.
func (k *MNISTKind) Row(o Outcome) ([]string, error) {
	r := o.(*MNISTResult)
	row := []string{r.Cell, r.Loss, strconv.FormatUint(r.Seed, 10), strconv.Itoa(r.States), strconv.Itoa(r.Dropped), strconv.Itoa(r.Steps)}
	for _, v := range r.measured() {
		row = append(row, csvFloat(float64(v)))
	}
	return append(row, r.Error), nil
}

// Summary writes, per loss, the number of seeds and the mean ± sample standard
// deviation over the seeds of each measured column (failed cells left out and counted).
func (k *MNISTKind) Summary(w io.Writer, done []Outcome) error {
	var b strings.Builder
	b.WriteString("| loss | seeds | failed |")
	for _, c := range mnistColumns[1:] {
		fmt.Fprintf(&b, " %s |", c)
	}
	b.WriteString("\n|---|---:|---:|" + strings.Repeat("---:|", len(mnistColumns)-1) + "\n")
	for _, l := range k.set.Loss {
		var cols [][]float64
		seeds, failed := 0, 0
		for _, o := range done {
			r := o.(*MNISTResult)
			if r.Loss != l {
				continue
			}
			seeds++
			if r.Failed() {
				failed++
				continue
			}
			for i, v := range r.measured()[1:] {
				if i == len(cols) {
					cols = append(cols, nil)
				}
				cols[i] = append(cols[i], float64(v))
			}
		}
		if seeds == 0 {
			continue
		}
		fmt.Fprintf(&b, "| %s | %d | %d |", l, seeds, failed)
		for i := range len(mnistColumns) - 1 {
			fmt.Fprintf(&b, " %s |", meanSD(column(cols, i)))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func column(cols [][]float64, i int) []float64 {
	if i < len(cols) {
		return cols[i]
	}
	return nil
}

// meanSD formats the mean ± sample standard deviation of v with four decimals: "–"
// for no value, the mean alone for one.
func meanSD(v []float64) string {
	switch len(v) {
	case 0:
		return "–"
	case 1:
		return fmt.Sprintf("%.4f", v[0])
	}
	m, sd := stat.MeanStdDev(v, nil)
	return fmt.Sprintf("%.4f ± %.4f", m, sd)
}
