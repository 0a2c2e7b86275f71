package grid

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/notebooks/internal/reftable"
	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
)

// tinyReference is a reference grid of 3 loss types × 2 seeds on a small graph world:
// 2 batches of 30 sources per epoch, 1+1 epochs.
const tinyReference = `{"kind": "reference", "loss_type": [5, 0, 2], "seed": [2, 1], "epochs": 1,
 "batch_size": 30, "lr": 0.1, "nodes": 6, "sources": 120, "train_size": 60}`

// tinyReferenceConfig is tinyReference's configuration, written out from graphtoy's
// defaults.
func tinyReferenceConfig() graphtoy.Config {
	c := graphtoy.Default()
	c.Graph.Nodes, c.Graph.Sources, c.Graph.TrainSize = 6, 120, 60
	c.BatchSize, c.Epochs, c.LR, c.Workers = 30, 1, 0.1, 1
	return c
}

// TestReferenceKindShardsMergeResume: reference cells shard, resume and merge to the
// one-machine result byte for byte, and each cell's final monitor is reftable.Train's
// (the table's run) bit for bit.
func TestReferenceKindShardsMergeResume(t *testing.T) {
	one := checkShardsMergeResume(t, func() *Sweep { return parseKind(t, tinyReference) })
	s := parseKind(t, tinyReference)
	keys := []string{"loss_type=0 seed=1", "loss_type=0 seed=2", "loss_type=2 seed=1", "loss_type=2 seed=2", "loss_type=5 seed=1", "loss_type=5 seed=2"}
	for i, c := range s.Cells() {
		if c.Key() != keys[i] {
			t.Errorf("cell %d = %q, want %q (loss type, then seed ascending)", i, c.Key(), keys[i])
		}
	}
	done, missing, err := s.Collect(one)
	if err != nil || len(missing) != 0 {
		t.Fatalf("Collect: %v, %d missing", err, len(missing))
	}
	for _, o := range done {
		r := o.(*ReferenceResult)
		cfg := tinyReferenceConfig()
		cfg.LossType, cfg.Seed = r.LossType, r.Seed
		run, err := reftable.Train(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		// exact: the same computation on the same streams (the sweep ran the cell on
		// all cores, the table on one; graphtoy's results do not depend on it).
		for i := range 3 {
			for j := range 3 {
				if got, want := float64(r.Metric[i][j]), run.Metric.At(i, j); math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%s: metric[%d][%d] = %v, want reftable.Train's %v", r.Key, i, j, got, want)
				}
				if got, want := float64(r.Cosine[i][j]), run.Cosine.At(i, j); math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%s: cosine[%d][%d] = %v, want reftable.Train's %v", r.Key, i, j, got, want)
				}
			}
		}
		if got, want := float64(r.OffDiagCosine), reftable.OffDiagMean(run.Cosine); got != want {
			t.Errorf("%s: off-diagonal cosine %v, want %v", r.Key, got, want)
		}
		if r.Epochs != 1 || r.Error != "" {
			t.Errorf("%s: epochs %d, error %q; want 1 and none", r.Key, r.Epochs, r.Error)
		}
	}
	var sum bytes.Buffer
	if err := s.Kind().Summary(&sum, done); err != nil {
		t.Fatal(err)
	}
	var runs []reftable.Run
	for _, o := range done {
		r := o.(*ReferenceResult)
		runs = append(runs, reftable.Run{LossType: r.LossType, Seed: r.Seed, Metric: fromRows(r.Metric), Cosine: fromRows(r.Cosine)})
	}
	if want := reftable.Markdown(tinyReferenceConfig(), 2, runs); sum.String() != want {
		t.Errorf("summary\n%s\nwant the table\n%s", sum.String(), want)
	}
	if strings.Count(sum.String(), "\n| ") != 4 {
		t.Errorf("summary has not a header and 3 loss rows:\n%s", sum.String())
	}
}

// TestReferenceKindFailedCell: a run whose monitor fails (batches of 2 sources never
// hold all three states) is a finished cell carrying its error, with NaN numbers; the
// summary names it.
func TestReferenceKindFailedCell(t *testing.T) {
	s := parseKind(t, `{"kind": "reference", "loss_type": [0], "seed": [1], "epochs": 0, "batch_size": 2, "nodes": 6, "sources": 20, "train_size": 10}`)
	dir := t.TempDir()
	if st := runAll(t, s, dir, Options{}); st.Failed != 1 {
		t.Fatalf("stats %+v, want the cell failed", st)
	}
	done, _, err := s.Collect(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := done[0].(*ReferenceResult)
	if !strings.Contains(r.Error, "loss 0 seed 1: graphtoy: monitor") || !math.IsNaN(float64(r.GapT1)) || !math.IsNaN(float64(r.Metric[1][2])) {
		t.Errorf("failed cell: error %q, gap %v, metric %v; want the monitor's error and NaN", r.Error, r.GapT1, r.Metric)
	}
	var sum bytes.Buffer
	if err := s.Kind().Summary(&sum, done); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sum.String(), "failed: loss_type=0 seed=1: loss 0 seed 1: graphtoy: monitor") || strings.Contains(sum.String(), "| 0 |") {
		t.Errorf("summary of a failed cell:\n%s", sum.String())
	}
	csv := string(readFile(t, filepath.Join(dir, ResultsFile)))
	if !strings.HasPrefix(csv, "cell,loss_type,loss,seed,epochs,gap_t1,gap_derived,offdiag_cosine,error,metric_0_0,") ||
		!strings.Contains(csv, ",cosine_2_2\n") || !strings.Contains(csv, ",0,ref-infonce,1,0,NaN,NaN,NaN,loss 0 seed 1: graphtoy: monitor") {
		t.Errorf("results.csv:\n%s", csv)
	}
}

// TestReferenceGridErrors: a bad reference grid is an error naming the member.
func TestReferenceGridErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{`{"kind": "reference", "seed": [1]}`, "loss_type missing: need at least one value"},
		{`{"kind": "reference", "loss_type": [], "seed": [1]}`, "loss_type = []: need at least one value"},
		{`{"kind": "reference", "loss_type": [0, 8], "seed": [1]}`, "8 is not a reference loss number 0–7"},
		{`{"kind": "reference", "loss_type": [-1], "seed": [1]}`, "-1 is not a reference loss number"},
		{`{"kind": "reference", "loss_type": [3, 1, 3], "seed": [1]}`, "loss_type = […] (3 elements): 3 listed twice"},
		{`{"kind": "reference", "loss_type": [0]}`, "seed missing"},
		{`{"kind": "reference", "loss_type": [0], "seed": [2, 2]}`, "seed = […] (2 elements): 2 listed twice"},
		{`{"kind": "reference", "loss_type": [0], "seed": [-1]}`, "seed[0]"},
		{`{"kind": "reference", "loss_type": [0], "seed": [1], "batch_size": 3000}`, "line 1, column 68: batch_size: graphtoy: BatchSize = 3000 is larger than the training split"},
		{`{"kind": "reference", "loss_type": [0], "seed": [1], "tau": 0}`, "tau: loss: temperature τ = 0"},
		{`{"kind": "reference", "loss_type": [0], "seed": [1], "alpha": 1e400}`, "alpha"},
		{`{"kind": "reference", "loss_type": [0], "seed": [1], "edge_prob": 1.5}`, "edge_prob: graph: EdgeProb = 1.5"},
		{`{"kind": "reference", "loss_type": [0], "seed": [1], "train_size": 4000}`, "train_size: graph: TrainSize = 4000"},
		{`{"kind": "reference", "loss_type": [0], "seed": [1], "epochs": -1}`, "epochs: graphtoy: Epochs = -1"},
		{`{"kind": "reference", "loss_type": [0], "seed": [1], "lr": 0}`, "lr: graphtoy: LR = 0"},
		{`{"kind": "reference", "loss_type": [0], "seed": [1], "epoch": 3}`, "epoch"},
		{`{"kind": "reference", "loss_type": [0], "Seed": [1]}`, `"seed", not "Seed"`},
		{`{"kind": "reference", "loss_type": [0.5], "seed": [1]}`, "loss_type[0]"},
		{`{"kind": "reference", "loss_type": [0], "seed": [1], "N": [4]}`, "N"},
		{`{"kind": "nonsense", "N": [4]}`, `kind = "nonsense": unknown kind, want one of mnist, reference, scenario`},
	} {
		_, err := ParseFile([]byte(tc.text), t.TempDir())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseFile(%s): error %v, want one containing %q", tc.text, err, tc.want)
		}
	}
	// A scenario grid may name its kind.
	if f, err := ParseFile([]byte(`{"kind": "scenario", "N": [4]}`), t.TempDir()); err != nil || f.Kind != nil || f.N[0] != 4 {
		t.Errorf(`ParseFile of "kind": "scenario": %+v, %v; want a scenario grid`, f, err)
	}
}

// TestReferenceSpecRoundTrip: sweep.json of a reference sweep names its kind and its
// canonical settings (axes sorted, defaults filled in) and rebuilds the same sweep;
// another kind, a base, or an unknown kind there are errors.
func TestReferenceSpecRoundTrip(t *testing.T) {
	s := parseKind(t, tinyReference)
	var sp map[string]json.RawMessage
	if err := json.Unmarshal(s.Spec(), &sp); err != nil {
		t.Fatal(err)
	}
	if string(sp["kind"]) != `"reference"` || sp["base"] != nil || string(sp["cells"]) != "6" {
		t.Errorf("sweep.json: kind %s, base %s, cells %s; want \"reference\", none, 6", sp["kind"], sp["base"], sp["cells"])
	}
	const canon = `{"kind":"reference","loss_type":[0,2,5],"seed":[1,2],"epochs":1,"batch_size":30,"lr":0.1,"tau":1,"alpha":1,"beta":0,"corrected":false,"nodes":6,"edge_prob":0.21052631578947367,"feat_dim":8,"max_mask_rate":0.2,"sources":120,"train_size":60}`
	var grid bytes.Buffer
	if err := json.Compact(&grid, sp["grid"]); err != nil || grid.String() != canon {
		t.Errorf("grid %s (%v), want %s", grid.String(), err, canon)
	}
	// The id of the package doc: SHA-256 of the format line and the canonical settings.
	if sum := sha256.Sum256([]byte("infonce-lab sweep v1\n" + canon)); s.ID() != hex.EncodeToString(sum[:]) {
		t.Errorf("sweep id %s, want SHA-256 of the format line and the settings, %x", s.ID(), sum)
	}
	back, err := ParseSpec(s.Spec())
	if err != nil || back.ID() != s.ID() {
		t.Fatalf("ParseSpec: %v, %v; want sweep %s", back, err, s.ID())
	}
	// The canonical settings are a grid file of the same sweep.
	if again := parseKind(t, canon); again.ID() != s.ID() {
		t.Errorf("the canonical grid gives sweep %s, want %s", again.ID(), s.ID())
	}
	// −0 is 0: the same cells, the same sweep.
	for _, m := range []string{"alpha", "beta"} {
		with := func(v string) *Sweep {
			return parseKind(t, strings.Replace(tinyReference, `"epochs": 1`, `"epochs": 1, "`+m+`": `+v, 1))
		}
		if neg, pos := with("-0"), with("0"); neg.ID() != pos.ID() {
			t.Errorf("%s = -0 gives sweep %s, %s = 0 sweep %s", m, neg.ID(), m, pos.ID())
		}
	}
	if other := parseKind(t, strings.Replace(tinyReference, `"epochs": 1`, `"epochs": 2`, 1)); other.ID() == s.ID() {
		t.Errorf("epochs 1 and 2 give the same sweep id")
	}
	for _, tc := range []struct{ from, to, want string }{
		{`"kind": "reference"`, `"kind": "mnist"`, `loss_type = […] (3 elements): unknown field`},
		{`"kind": "reference"`, `"kind": "bogus"`, `kind = "bogus" with base = false`},
		{`"cells": 6`, `"cells": 6, "base": {}`, `kind = "reference" with base = true`},
		{`"kind": "reference",`, ``, "base"},
	} {
		edited := strings.Replace(string(s.Spec()), tc.from, tc.to, 1)
		if _, err := ParseSpec([]byte(edited)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("sweep.json with %s: error %v, want one containing %q", tc.to, err, tc.want)
		}
	}
}
