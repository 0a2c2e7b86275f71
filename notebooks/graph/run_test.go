package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/markov"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
)

func readSummary(t *testing.T, dir string) summary {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sm summary
	if err := json.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	return sm
}

// TestRingFileWithSource: the 6-state ring of testdata with a non-uniform source law;
// the report's numbers are checked against the dense space and gonum's dense
// eigendecomposition (an independent route).
func TestRingFileWithSource(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	err := run([]string{"-mtx", "testdata/ring.mtx", "-source", "testdata/ring.source", "-k", "3", "-n", "8", "-out", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	sm := readSummary(t, out)
	rows := [][]float64{
		{0.5, 0.3, 0, 0, 0, 0.2}, {0.2, 0.5, 0.3, 0, 0, 0}, {0, 0.2, 0.5, 0.3, 0, 0},
		{0, 0, 0.2, 0.5, 0.3, 0}, {0, 0, 0, 0.2, 0.5, 0.3}, {0.3, 0, 0, 0, 0.2, 0.5},
	}
	a, err := markov.New(rows)
	if err != nil {
		t.Fatal(err)
	}
	pi := []float64{0.1, 0.2, 0.1, 0.3, 0.2, 0.1}
	d, err := feature.NewSpace(pi, a)
	if err != nil {
		t.Fatal(err)
	}
	q := d.ViewMarginal()
	c1 := d.PositiveJoint()
	M := mat.NewSymDense(6, nil)
	nnz := 0
	for i := 0; i < 6; i++ {
		for j := 0; j < 6; j++ {
			if c1.At(i, j) > 0 {
				nnz++
			}
			if j >= i {
				M.SetSym(i, j, c1.At(i, j)/math.Sqrt(q[i]*q[j]))
			}
		}
	}
	var es mat.EigenSym
	es.Factorize(M, false)
	ev := es.Values(nil)
	if sm.States != 6 || sm.NNZA != 18 || sm.NNZC1 != nnz {
		t.Errorf("sizes m %d nnz(A) %d nnz(c1) %d, want 6, 18, %d", sm.States, sm.NNZA, sm.NNZC1, nnz)
	}
	for i := 0; i < 3; i++ {
		// Dense fallback (m < basis) vs an independent dense build: rounding of 6-term sums.
		if !scalar.EqualWithinAbs(sm.Eigenvalues[i], ev[5-i], 1e-12) {
			t.Errorf("λ_%d = %v, dense %v", i+1, sm.Eigenvalues[i], ev[5-i])
		}
	}
	lo, hi := d.RhoRange()
	if !scalar.EqualWithinRel(sm.RhoSupport[1], hi, 1e-12) || sm.RhoMinAll != 0 || !(lo == 0) {
		t.Errorf("ρ ranges: support max %v (dense %v), all-pairs min %v (dense %v)", sm.RhoSupport[1], hi, sm.RhoMinAll, lo)
	}
	for _, f := range []string{"report.md", "spectrum.csv", "spectrum.png", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s missing: %v", f, err)
		}
	}
	if m, err := runfolder.ReadManifest(out); err != nil || !m.Complete {
		t.Errorf("manifest complete = false (%v)", err)
	}
	if !strings.Contains(stdout.String(), "spectral gap") {
		t.Errorf("stdout lacks the report:\n%s", stdout.String())
	}
}

func TestBadInputNamesTheProblem(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.mtx")
	if err := os.WriteFile(bad, []byte("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n2 3 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.source")
	if err := os.WriteFile(short, []byte("0.5 0.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		reason string
		args   []string
		want   string
	}{
		{"source law of the wrong length", []string{"-mtx", "testdata/ring.mtx", "-source", short}, "has 2 entries, the TPM has 6 states"},
		{"k ≥ m", []string{"-mtx", "testdata/ring.mtx", "-k", "6"}, "-k 6 with m = 6 states"},
		{"k < 1", []string{"-family", "hash", "-m", "2003", "-k", "0"}, "-k 0"},
		{"index out of range", []string{"-mtx", bad}, "line 4: entry \"2 3 1\": index 3 out of range"},
		{"unknown family", []string{"-family", "torus"}, `-family "torus"`},
		{"hash m not coprime", []string{"-family", "hash", "-m", "21"}, "multiplier 3"},
		{"both -mtx and -family", []string{"-mtx", "testdata/ring.mtx", "-family", "hash"}, "choose one"},
		{"N < 2", []string{"-mtx", "testdata/ring.mtx", "-k", "2", "-n", "1"}, "N = 1"},
	}
	for _, tc := range tests {
		var so, se bytes.Buffer
		err := run(append(tc.args, "-out", filepath.Join(dir, "out")), &so, &se)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.reason, err, tc.want)
		}
	}
}

// TestReadmeCommands runs every `go run ./notebooks/graph` command of README.md with
// tiny settings: -m cut to a small size of the same family, -k to at most 4, and -out
// moved to a temporary folder.
func TestReadmeCommands(t *testing.T) {
	cmds, err := runio.ReadmeCommands("README.md", "go run ./notebooks/graph")
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) < 3 {
		t.Fatalf("README.md has %d graph commands, want at least 3", len(cmds))
	}
	root := t.TempDir()
	for c, cmd := range cmds {
		args := append([]string(nil), cmd...)
		family := "hash"
		for i := 0; i+1 < len(args); i++ {
			if args[i] == "-family" {
				family = args[i+1]
			}
		}
		for i := 0; i+1 < len(args); i++ {
			switch args[i] {
			case "-m":
				args[i+1] = map[string]string{"hash": "2003", "cycle": "60", "block": "60", "knn": "60"}[family]
			case "-k":
				if k, err := strconv.Atoi(args[i+1]); err == nil && k > 4 {
					args[i+1] = "4"
				}
			case "-out":
				args[i+1] = filepath.Join(root, strconv.Itoa(c))
			case "-mtx", "-source":
				args[i+1] = strings.TrimPrefix(args[i+1], "notebooks/graph/")
			}
		}
		var so, se bytes.Buffer
		if err := run(args, &so, &se); err != nil {
			t.Errorf("README command %q: %v\n%s", strings.Join(cmd, " "), err, se.String())
		}
	}
}
