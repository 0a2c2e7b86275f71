package grid

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
	"github.com/infonce-lab/infonce-lab/internal/testutil"
	"github.com/infonce-lab/infonce-lab/simulate"
	smnist "github.com/infonce-lab/infonce-lab/simulate/mnist"
)

// tinyMNIST is an MNIST grid of 2 losses × 2 encoder seeds on 3 real images per digit
// (the GoMNIST module's files), 30 views per state, 2 steps of 4 sources.
const tinyMNIST = `{"kind": "mnist", "loss": ["scinfonce", "infonce"], "seed": [7, 1], "per_class": 3, "views": 30,
 "steps": 2, "batch": 4, "alpha": 1.5, "beta": 0.5}`

// TestMNISTKindShardsMergeResume: MNIST cells shard, resume and merge to the
// one-machine result byte for byte, and a cell is simulate/mnist's training and
// measurement of that encoder, bit for bit.
func TestMNISTKindShardsMergeResume(t *testing.T) {
	one := checkShardsMergeResume(t, func() *Sweep { return parseMNISTKind(t, tinyMNIST) })
	s := parseMNISTKind(t, tinyMNIST)
	done, _, err := s.Collect(one)
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"loss=infonce seed=1", "loss=infonce seed=7", "loss=scinfonce seed=1", "loss=scinfonce seed=7"}
	for i, c := range s.Cells() {
		if c.Key() != keys[i] {
			t.Errorf("cell %d = %q, want %q (loss, then seed ascending)", i, c.Key(), keys[i])
		}
	}

	// The world written out from simulate/mnist and feature/mnist: 30 states (3 per
	// digit), their TPM from 30 views per state with seed 1, the default augmentation.
	ds, err := testDataset()
	if err != nil {
		t.Fatal(err)
	}
	st, err := fmnist.SelectStates(ds, 3)
	if err != nil {
		t.Fatal(err)
	}
	e := &smnist.Estimator{Snapper: smnist.NewSnapper(st.Pixels), Rows: st.Rows, Cols: st.Cols, Augment: smnist.DefaultAugment, Workers: 1}
	est, err := e.Estimate(30, 1)
	if err != nil {
		t.Fatal(err)
	}
	if keep := est.Reachable(); len(keep) != st.Len() {
		t.Fatalf("%d of 30 states reached; the test assumes all", len(keep))
	}
	sp, err := est.Space(st.Labels())
	if err != nil {
		t.Fatal(err)
	}
	r := done[3].(*MNISTResult) // scinfonce, seed 7
	tc := smnist.DefaultTrainConfig()
	tc.Loss, tc.Params, tc.Batch, tc.Seed, tc.Workers = "scinfonce", simulate.LossParams{Tau: 0.5, Alpha: 1.5, Beta: 0.5}, 4, 7, 1
	tr, err := smnist.NewTrainer(e, tc)
	if err != nil {
		t.Fatal(err)
	}
	tr.Step()
	last := tr.Step()
	z := tr.Embed()
	p, pl := smnist.PairProb(sp, z, 0.5, 4)
	g := smnist.GapToTarget(sp, p, 4)
	within, between := smnist.WithinBetween(smnist.ClassCosine(z, st.Digit, fmnist.Classes))
	probe, err := smnist.ProbeAccuracy(z, st.Digit, fmnist.Classes)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{last, pl, g.Median, g.P90, g.LogCorr, smnist.NearestNeighbourAccuracy(z, st.Digit), probe, within, between}
	for i, v := range r.measured() {
		// exact: the same computation on the same streams (the sweep ran the cell on
		// all cores; simulate/mnist's results do not depend on it).
		if math.Float64bits(float64(v)) != math.Float64bits(want[i]) {
			t.Errorf("%s: %s = %v, want %v", r.Key, mnistColumns[i], v, want[i])
		}
	}
	if r.States != 30 || r.Dropped != 0 || r.Steps != 2 || r.Error != "" {
		t.Errorf("%s: %d states, %d dropped, %d steps, error %q; want 30, 0, 2, none", r.Key, r.States, r.Dropped, r.Steps, r.Error)
	}

	var sum bytes.Buffer
	if err := s.Kind().Summary(&sum, done); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(sum.String(), "\n")
	if len(lines) != 5 || lines[0] != "| loss | seeds | failed | population_loss | gap_median | gap_p90 | log_corr | nn1 | probe | within_cos | between_cos |" ||
		lines[1] != "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" ||
		!strings.HasPrefix(lines[2], "| infonce | 2 | 0 | ") || !strings.HasPrefix(lines[3], "| scinfonce | 2 | 0 | ") {
		t.Errorf("summary:\n%s", sum.String())
	}
	// The mean ± sd of the two seeds' median gap, recomputed.
	a, b := float64(done[2].(*MNISTResult).GapMedian), float64(r.GapMedian)
	mean, sd := (a+b)/2, math.Abs(a-b)/math.Sqrt2
	if cell := strings.Split(lines[3], " | ")[4]; cell != strings.TrimSpace(fmtMeanSD(mean, sd)) {
		t.Errorf("scinfonce median gap %q, want %q", cell, fmtMeanSD(mean, sd))
	}
	csv := string(readFile(t, filepath.Join(one, ResultsFile)))
	if !strings.HasPrefix(csv, "cell,loss,seed,states,dropped,steps,final_loss,population_loss,gap_median,gap_p90,log_corr,nn1,probe,within_cos,between_cos,error\n") {
		t.Errorf("results.csv:\n%s", csv)
	}
}

// testDataset is the GoMNIST training set, read once for all the tests (loadGoMNIST).
var testDataset = sync.OnceValues(loadGoMNIST)

// parseMNISTKind is parseKind of an MNIST grid that reads the shared testDataset.
func parseMNISTKind(t testing.TB, text string) *Sweep {
	s := parseKind(t, text)
	s.Kind().(*MNISTKind).dataset = testDataset
	return s
}

func fmtMeanSD(mean, sd float64) string {
	return strings.TrimSpace(meanSD([]float64{mean - sd/math.Sqrt2, mean + sd/math.Sqrt2}))
}

// TestMNISTGridErrors: a bad MNIST grid is an error naming the member, before any
// image is read.
func TestMNISTGridErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{`{"kind": "mnist", "loss": ["infonce"]}`, "seed missing"},
		{`{"kind": "mnist", "seed": [1]}`, "loss missing"},
		{`{"kind": "mnist", "loss": ["nonsense"], "seed": [1]}`, `loss = […] (1 elements): `},
		{`{"kind": "mnist", "loss": ["infonce", "infonce"], "seed": [1]}`, `infonce listed twice`},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "per_class": 1}`, "per_class = 1: need ≥ 2"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "views": 0}`, "views = 0: need ≥ 1"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "steps": 0}`, "steps = 0: need ≥ 1"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "batch": 1}`, "batch = 1: need ≥ 2"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "lr": 0}`, "lr = 0: need a finite learning rate > 0"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "lr": 1e309}`, "lr"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "tau": -1}`, "tau: loss: temperature τ = -1"},
		{`{"kind": "mnist", "loss": ["scinfonce"], "seed": [1], "alpha": 1e999}`, "alpha"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "rotation": -3}`, "rotation: mnist: rotation range -3"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "min_scale": 2}`, "min_scale: mnist: scale range [2, 1.2]"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "shift": -1}`, "shift: mnist: translation range -1"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "noise": -0.5}`, "noise: mnist: noise σ = -0.5"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "world_seed": -1}`, "world_seed"},
		{`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "loss_type": [0]}`, "loss_type"},
	} {
		_, err := ParseFile([]byte(tc.text), t.TempDir())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseFile(%s): error %v, want one containing %q", tc.text, err, tc.want)
		}
	}
}

// TestMNISTKindNaNLoss: an encoder whose loss becomes NaN is a finished cell carrying
// the step, with NaN measurements.
func TestMNISTKindNaNLoss(t *testing.T) {
	s := parseMNISTKind(t, `{"kind": "mnist", "loss": ["infonce"], "seed": [1], "per_class": 2, "views": 10, "steps": 3, "batch": 2, "lr": 1e300}`)
	k := s.Kind().(*MNISTKind)
	o := k.Run(context.Background(), s.Cells()[0], true)
	r := o.(*MNISTResult)
	if !r.Failed() || !strings.Contains(r.Error, "loss is NaN at step") || !math.IsNaN(float64(r.GapMedian)) {
		t.Errorf("lr 1e300: error %q, gap %v; want a NaN loss and NaN measurements", r.Error, r.GapMedian)
	}
}

// TestMNISTKindNoData: without the GoMNIST files a cell fails with DataDir's error,
// which says where it looked and how to download them.
func TestMNISTKindNoData(t *testing.T) {
	empty := t.TempDir()
	t.Setenv("GOMODCACHE", empty)
	t.Setenv("GOPATH", empty)
	t.Setenv("HOME", empty)
	testutil.GoTelemetryOff(t) // DataDir runs `go env` with this HOME
	s := parseKind(t, `{"kind": "mnist", "loss": ["infonce"], "seed": [1], "per_class": 2, "views": 1, "steps": 1, "batch": 2}`)
	r := s.Kind().Run(context.Background(), s.Cells()[0], true).(*MNISTResult)
	if !r.Failed() || !strings.Contains(r.Error, "MNIST files not found") || !strings.Contains(r.Error, empty) {
		t.Errorf("cell without the MNIST files: error %q, want DataDir's naming %s", r.Error, empty)
	}
}
