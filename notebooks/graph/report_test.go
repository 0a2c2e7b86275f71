package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
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
)

// ringByHand is the 6-state ring of testdata (stay 0.5, forward 0.3, back 0.2) with
// the source law of testdata/ring.source, and what the report should state of it,
// computed here by plain loops from the definitions (docs/theory.md §1, §4):
// q_j = Σ_k π_k A_kj, c1_ij = Σ_k π_k A_ki A_kj, ρ = c1/(q_i q_j),
// T1_ij = c1_ij/(c1_ij + (N−1) q_i q_j) on the support of c1.
type ringByHand struct {
	q                   []float64
	support             int // pairs with c1 > 0
	rhoMin, rhoMax      float64
	mi                  float64 // Σ c1 log ρ over the support
	t1Min, t1Max, t1Sum float64
	t1DiagMean          float64
	eig                 []float64 // eigenvalues of D^-1/2 c1 D^-1/2, largest first
}

func ringExpected(n int) ringByHand {
	const m = 6
	pi := []float64{0.1, 0.2, 0.1, 0.3, 0.2, 0.1}
	a := make([][]float64, m)
	for k := range m {
		a[k] = make([]float64, m)
		a[k][k], a[k][(k+1)%m], a[k][(k+m-1)%m] = 0.5, 0.3, 0.2
	}
	r := ringByHand{q: make([]float64, m), rhoMin: math.Inf(1), rhoMax: math.Inf(-1), t1Min: math.Inf(1), t1Max: math.Inf(-1)}
	for k := range m {
		for j := range m {
			r.q[j] += pi[k] * a[k][j]
		}
	}
	sym := mat.NewSymDense(m, nil)
	for i := range m {
		for j := range m {
			var c float64
			for k := range m {
				c += pi[k] * a[k][i] * a[k][j]
			}
			if c == 0 {
				continue
			}
			r.support++
			rho := c / (r.q[i] * r.q[j])
			r.rhoMin, r.rhoMax = math.Min(r.rhoMin, rho), math.Max(r.rhoMax, rho)
			r.mi += c * math.Log(rho)
			t1 := c / (c + float64(n-1)*r.q[i]*r.q[j])
			r.t1Min, r.t1Max, r.t1Sum = math.Min(r.t1Min, t1), math.Max(r.t1Max, t1), r.t1Sum+t1
			if i == j {
				r.t1DiagMean += t1 / m
			}
			if j >= i {
				sym.SetSym(i, j, c/math.Sqrt(r.q[i]*r.q[j]))
			}
		}
	}
	var es mat.EigenSym
	if !es.Factorize(sym, false) {
		panic("ring: eigendecomposition failed")
	}
	v := es.Values(nil)
	for i := m - 1; i >= 0; i-- {
		r.eig = append(r.eig, v[i])
	}
	return r
}

// TestRingReportByHand: every number of summary.json, spectrum.csv and report.md for
// the ring file against the hand computation above.
func TestRingReportByHand(t *testing.T) {
	const n = 8
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"-mtx", "testdata/ring.mtx", "-source", "testdata/ring.source", "-k", "3", "-n", strconv.Itoa(n), "-alpha", "2", "-beta", "0.5", "-out", out}
	if err := run(args, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	// Progress: the first step (q, c1, T1 built) is drawn at once, the last at the end;
	// the one between is drawn only if a second has passed.
	if !strings.HasPrefix(stderr.String(), "graph: 1/3 (33.3%)") || !strings.Contains(stderr.String(), "graph: 3/3 (100.0%)") {
		t.Errorf("progress:\n%s", stderr.String())
	}
	sm, want := readSummary(t, out), ringExpected(n)
	// 1e-12 relative: rounding of sums of at most 6 products of numbers of order 1.
	const tol = 1e-12
	near := func(name string, got, want float64) {
		t.Helper()
		if !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	// Each state reaches itself and its two neighbours, so c1 > 0 exactly for pairs at
	// cyclic distance ≤ 2: 5 per row, 30 of the 36 pairs.
	if want.support != 30 || sm.NNZC1 != 30 {
		t.Errorf("nnz(c1) = %d (by hand %d), want 30", sm.NNZC1, want.support)
	}
	near("support fraction", sm.SupportFraction, 30.0/36)
	qMin, qMax := math.Inf(1), math.Inf(-1)
	for _, v := range want.q {
		qMin, qMax = math.Min(qMin, v), math.Max(qMax, v)
	}
	if len(sm.QRange) != 2 || len(sm.T1Range) != 2 || len(sm.RhoSupport) != 2 {
		t.Fatalf("ranges %v %v %v, want pairs", sm.QRange, sm.T1Range, sm.RhoSupport)
	}
	near("q min", sm.QRange[0], qMin)
	near("q max", sm.QRange[1], qMax)
	near("ρ min on the support", sm.RhoSupport[0], want.rhoMin)
	near("ρ max on the support", sm.RhoSupport[1], want.rhoMax)
	near("mutual information", sm.MutualInfo, want.mi)
	near("T1 min", sm.T1Range[0], want.t1Min)
	near("T1 max", sm.T1Range[1], want.t1Max)
	near("T1 sum", sm.T1Sum, want.t1Sum)
	near("T1 diagonal mean", sm.T1DiagMean, want.t1DiagMean)
	if sm.N != n || sm.EigenTol != 1e-10 || sm.LanczosBlockSize != 1 || fmt.Sprint(sm.AlphaBeta) != "[2 0.5]" {
		t.Errorf("settings N %d tol %v block %d (α, β) %v, want 8, 1e-10, 1, [2 0.5]", sm.N, sm.EigenTol, sm.LanczosBlockSize, sm.AlphaBeta)
	}
	// Six pairs are off the support (ρ = 0 there), and 0 < 1 + β: no collapse.
	if sm.Collapses {
		t.Error("collapses at (2, 0.5) with pairs off the support")
	}
	if len(sm.Eigenvalues) != 3 {
		t.Fatalf("%d eigenvalues, want 3", len(sm.Eigenvalues))
	}
	for i, v := range sm.Eigenvalues {
		near(fmt.Sprintf("λ%d", i+1), v, want.eig[i])
	}
	// The spectral gap is λ1 − λ2, a difference of numbers of order 1: absolute rounding.
	near("spectral gap", sm.SpectralGap, want.eig[0]-want.eig[1])
	// spectrum.csv holds the same eigenvalues, exactly (shortest round-trip form).
	csv, err := os.ReadFile(filepath.Join(out, "spectrum.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(lines) != 4 || lines[0] != "index,eigenvalue" {
		t.Fatalf("spectrum.csv:\n%s", csv)
	}
	for i, l := range lines[1:] {
		f := strings.Split(l, ",")
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		if f[0] != strconv.Itoa(i+1) || err != nil || v != sm.Eigenvalues[i] {
			t.Errorf("spectrum.csv line %q, want index %d and %v", l, i+1, sm.Eigenvalues[i])
		}
	}
	if png, err := os.ReadFile(filepath.Join(out, "spectrum.png")); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("spectrum.png is no PNG (%v)", err)
	}
	// The report prints these numbers.
	report, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"| states m | 6 |", "| nnz(A) | 18 |",
		fmt.Sprintf("| nnz(c1) (support) | 30 (%.3g of all pairs) |", 30.0/36),
		fmt.Sprintf("| q range | [%.6g, %.6g] |", qMin, qMax),
		fmt.Sprintf("| ρ range on the support | [%.6g, %.6g] |", want.rhoMin, want.rhoMax),
		fmt.Sprintf("min %.6g, max %.6g", want.t1Min, want.t1Max),
		fmt.Sprintf("diagonal mean %.6g", want.t1DiagMean),
		"at (α, β) = (2, 0.5): false",
		fmt.Sprintf("1. %.12g\n2. %.12g\n3. %.12g\n", want.eig[0], want.eig[1], want.eig[2]),
		"![spectrum](spectrum.png)",
	} {
		if !strings.Contains(string(report), s) || !strings.Contains(stdout.String(), s) {
			t.Errorf("report.md or stdout lacks %q:\n%s", s, report)
		}
	}
}

// With β = −1 the collapse condition α ρ_ij ≥ 1 + β = 0 holds for every pair, on the
// support and off it (ρ = 0 ≥ 0): the report says the collapsed state is stationary.
func TestRingCollapsesAtBetaMinusOne(t *testing.T) {
	out := t.TempDir()
	args := []string{"-mtx", "testdata/ring.mtx", "-k", "1", "-n", "8", "-alpha", "1", "-beta", "-1", "-formats", "svg", "-out", out}
	if err := run(args, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	sm := readSummary(t, out)
	if !sm.Collapses {
		t.Error("no collapse at (1, −1)")
	}
	// One eigenvalue: no gap to report (0, its zero value).
	if len(sm.Eigenvalues) != 1 || sm.SpectralGap != 0 {
		t.Errorf("eigenvalues %v gap %v, want one value and gap 0", sm.Eigenvalues, sm.SpectralGap)
	}
	if svg, err := os.ReadFile(filepath.Join(out, "spectrum.svg")); err != nil || !bytes.Contains(svg, []byte("<svg")) {
		t.Errorf("spectrum.svg is no SVG (%v)", err)
	}
}

// Each family builds a TPM of -m states. -formats "" draws no figure (it panicked
// before: the report linked the first of no formats).
func TestFamiliesHaveMStates(t *testing.T) {
	for _, args := range [][]string{
		{"-family", "cycle", "-m", "7"},
		{"-family", "cycle", "-m", "3"},
		{"-family", "block", "-m", "12", "-blocks", "3"},
		{"-family", "block", "-m", "6", "-blocks", "1", "-within", "1"},
		{"-family", "knn", "-m", "15"},
		{"-family", "knn", "-m", "5"},
	} {
		out := t.TempDir()
		if err := run(append(args, "-k", "2", "-n", "4", "-formats", "", "-out", out), &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
			t.Errorf("%v: %v", args, err)
			continue
		}
		sm := readSummary(t, out)
		if report, err := os.ReadFile(filepath.Join(out, "report.md")); err != nil || bytes.Contains(report, []byte("![spectrum]")) {
			t.Errorf("%v -formats \"\": report.md links a figure (%v)", args, err)
		}
		if figs, _ := filepath.Glob(filepath.Join(out, "spectrum.*")); len(figs) != 1 { // spectrum.csv only
			t.Errorf("%v -formats \"\": files %v, want spectrum.csv only", args, figs)
		}
		m, _ := strconv.Atoi(args[3])
		if sm.States != m || sm.Source != fmt.Sprintf("family %s, m = %d", args[1], m) {
			t.Errorf("%v: %d states, source %q", args, sm.States, sm.Source)
		}
		// -alpha and -beta default to InfoNCE's (1, 0).
		if fmt.Sprint(sm.AlphaBeta) != "[1 0]" {
			t.Errorf("%v: (α, β) = %v, want the defaults [1 0]", args, sm.AlphaBeta)
		}
	}
}

// Bad family settings and bad files give errors naming the value, before any folder.
func TestBadFamilyAndSourceNamed(t *testing.T) {
	dir := t.TempDir()
	word := filepath.Join(dir, "word.source")
	if err := os.WriteFile(word, []byte("0.1 0.2\n0.1 x 0.2 0.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-family", "cycle", "-m", "2"}, "cycle family with -m 2: need m ≥ 3"},
		{[]string{"-family", "block", "-m", "10", "-blocks", "3"}, "-m 10 is not a multiple of -blocks 3"},
		{[]string{"-family", "block", "-m", "10", "-blocks", "0"}, "-m 10 is not a multiple of -blocks 0"},
		{[]string{"-family", "cycle", "-m", "5", "-stay", "2"}, "-family cycle: markov: lazy walk with stay probability 2"},
		{[]string{"-mtx", "testdata/ring.mtx", "-source", word}, `entry 3 = "x": not a number`},
		{[]string{"-mtx", "testdata/ring.mtx", "-source", filepath.Join(dir, "none")}, "graph: source law: open " + filepath.Join(dir, "none")},
		{[]string{"-mtx", filepath.Join(dir, "none.mtx")}, "graph: open " + filepath.Join(dir, "none.mtx")},
		{[]string{"-mtx", "testdata/ring.mtx", "extra"}, `unexpected argument "extra"`},
		{[]string{"-mtx", "testdata/ring.mtx", "-formats", "gif"}, `"gif"`},
		{[]string{"-mtx", "testdata/ring.mtx", "-k", "2", "-alpha", "NaN"}, "graph: feature: SC-InfoNCE scale α = NaN"},
	} {
		out := filepath.Join(dir, "out")
		err := run(append(c.args, "-out", out), &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one containing %q", c.args, err, c.want)
		}
		if _, serr := os.Stat(out); serr == nil {
			t.Errorf("%v: the folder was created", c.args)
		}
	}
}

// spectrumPlot refuses no values and a NaN (naming its 1-based index), and titles the
// plot with the gap λ1 − λ2 (NaN for a single value).
func TestSpectrumPlot(t *testing.T) {
	if _, err := spectrumPlot(nil, "x"); err == nil || !strings.Contains(err.Error(), "no eigenvalues") {
		t.Errorf("no values: %v", err)
	}
	if _, err := spectrumPlot([]float64{1, math.NaN()}, "x"); err == nil || !strings.Contains(err.Error(), "eigenvalue 2 is NaN") {
		t.Errorf("NaN: %v", err)
	}
	for _, c := range []struct {
		vals []float64
		gap  string
	}{{[]float64{1, 0.75, 0.5}, "= 0.25)"}, {[]float64{1}, "= NaN)"}} {
		p, err := spectrumPlot(c.vals, "what")
		if err != nil || !strings.Contains(p.Title.Text, c.gap) || !strings.HasSuffix(p.Title.Text, "\nwhat") {
			t.Errorf("%v: title %q (%v), want the gap %s", c.vals, p.Title.Text, err, c.gap)
		}
		// The points are (t, λ_t), t = 1…k: the data range of the axes.
		if k := float64(len(c.vals)); p.X.Min != 1 || p.X.Max != k || p.Y.Min != c.vals[len(c.vals)-1] || p.Y.Max != c.vals[0] {
			t.Errorf("%v: axes [%v, %v] × [%v, %v], want [1, %v] × [%v, %v]", c.vals, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, k, c.vals[len(c.vals)-1], c.vals[0])
		}
	}
}

// The peak memory is the status file's VmHWM in kB over 1024 (MiB); without that line,
// or the file, the Go runtime's MemStats.Sys, which only grows, over 2^20.
func TestPeakRSS(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	status := write("status", "Name:\tgraph\nVmPeak:\t  9999 kB\nVmHWM:\t  3072 kB\nVmRSS:\t  1000 kB\n")
	if mib, source := peakRSSFrom(status); mib != 3 || source != "VmHWM (/proc/self/status)" {
		t.Errorf("VmHWM 3072 kB: %v MiB from %q, want 3 from VmHWM", mib, source)
	}
	for _, path := range []string{filepath.Join(dir, "none"), write("mb", "VmHWM:\t 3 MB\n"), write("word", "VmHWM:\t x kB\n"), write("no-hwm", "VmRSS:\t 1000 kB\n")} {
		mib, source := peakRSSFrom(path)
		var ms runtimeMemStats
		readMemStats(&ms)
		if source != "Go runtime MemStats.Sys" || !(mib > 0 && mib <= float64(ms.Sys)/(1<<20)) {
			t.Errorf("%s: %v MiB from %q, want MemStats.Sys in (0, %v] MiB", filepath.Base(path), mib, source, float64(ms.Sys)/(1<<20))
		}
	}
}

// A run whose context is cancelled after loading stops before it writes a folder.
func TestCancelledBeforeFolder(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "out")
	if err := runContext(ctx, []string{"-mtx", "testdata/ring.mtx", "-k", "2", "-out", out}, &bytes.Buffer{}, &bytes.Buffer{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: %v, want context.Canceled", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the cancelled run created its folder")
	}
}

// The knn family is the kNN graph (k = min(10, m−1), -stay) of m points drawn uniformly
// in the unit square by PCG(14, 0), x then y for each point: rebuilt here from that
// recipe, its mutual information is the report's.
func TestKNNFamilyPoints(t *testing.T) {
	const m = 30
	rng := rand.New(rand.NewPCG(14, 0))
	pts := make([][]float64, m)
	for i := range pts {
		pts[i] = []float64{rng.Float64(), rng.Float64()}
	}
	a, err := markov.KNNGraph(pts, 10, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	u, err := markov.Uniform(m)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := feature.NewSparseSpace(u.Values(nil), a)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := run([]string{"-family", "knn", "-m", strconv.Itoa(m), "-k", "2", "-formats", "", "-out", out}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	// Exact: the same TPM through the same code gives the same sums.
	if sm := readSummary(t, out); sm.NNZA != a.NNZ() || sm.MutualInfo != sp.MutualInformation() {
		t.Errorf("knn m = %d: nnz(A) %d, I = %v; the recipe's %d, %v", m, sm.NNZA, sm.MutualInfo, a.NNZ(), sp.MutualInformation())
	}
}

// Errors after the folder is made (a source law that does not sum to 1, which only the
// feature space checks; a NaN tolerance, which only the eigensolver checks; the figure
// or the report whose name is taken by a directory, kept by -force)
// are returned naming the problem, and the manifest says the run did not complete.
func TestLateErrorsLeaveIncompleteRun(t *testing.T) {
	dir := t.TempDir()
	half := filepath.Join(dir, "half.source")
	if err := os.WriteFile(half, []byte("0.1 0.1 0.1 0.1 0.1 0.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	blocked := func(name string) string {
		out := filepath.Join(dir, "blocked-"+name)
		if err := os.MkdirAll(filepath.Join(out, name, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range []struct {
		out  string
		args []string
		want string
	}{
		{filepath.Join(dir, "half"), []string{"-source", half}, "graph: feature: source distribution"},
		{filepath.Join(dir, "tol"), []string{"-tol", "NaN"}, "graph: feature: eigensolver tolerance NaN"},
		{blocked("spectrum.png"), []string{"-force"}, "spectrum.png"},
		{blocked("report.md"), []string{"-force"}, "report.md"},
	} {
		err := run(append([]string{"-mtx", "testdata/ring.mtx", "-k", "2", "-out", c.out}, c.args...), &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one containing %q", c.args, err, c.want)
		}
		if m, rerr := runfolder.ReadManifest(c.out); rerr != nil || m.Complete {
			t.Errorf("%v: manifest complete=%v (%v), want false", c.args, m != nil && m.Complete, rerr)
		}
	}
}
