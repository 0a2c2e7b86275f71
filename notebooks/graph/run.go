package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/markov"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
)

func run(args []string, stdout, stderr io.Writer) error {
	return runfolder.Run(args, stdout, stderr, runContext)
}

// runContext is run with a context whose cancellation stops the eigensolver.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	start := time.Now()
	a, what, err := loadTPM(o)
	if err != nil {
		return err
	}
	pi, err := loadSource(o.source, a.Len())
	if err != nil {
		return err
	}
	tLoad := time.Since(start)
	if err := ctx.Err(); err != nil {
		return err
	}
	if o.k < 1 || o.k >= a.Len() {
		return fmt.Errorf("graph: -k %d with m = %d states: need 1 ≤ k < m", o.k, a.Len())
	}
	if err := feature.CheckBatchSize(o.n); err != nil {
		return fmt.Errorf("graph: -n: %w", err)
	}
	if err := feature.CheckSCParams(o.alpha, o.beta); err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	dir, err := runio.CreateFolder(o.out, runfolder.Options{Notebook: "graph", Args: args, Force: o.force})
	if err != nil {
		return err
	}
	err = report(o, a, pi, what, tLoad, dir, stdout, stderr)
	return dir.Close(err)
}

// loadTPM reads -mtx or builds -family, and names what it loaded.
func loadTPM(o *options) (*markov.SparseTPM, string, error) {
	if o.mtx != "" {
		f, err := os.Open(o.mtx)
		if err != nil {
			return nil, "", fmt.Errorf("graph: %w", err)
		}
		defer f.Close()
		a, err := markov.ReadMatrixMarket(bufio.NewReaderSize(f, 1<<20))
		if err != nil {
			return nil, "", fmt.Errorf("graph: %s: %w", o.mtx, err)
		}
		return a, "Matrix Market file " + o.mtx, nil
	}
	var a *markov.SparseTPM
	var err error
	switch o.family {
	case "hash":
		a, err = markov.HashGraph(o.m)
	case "cycle":
		edges := make([]markov.Edge, o.m)
		for i := range edges {
			edges[i] = markov.Edge{U: i, V: (i + 1) % o.m}
		}
		if o.m < 3 {
			return nil, "", fmt.Errorf("graph: cycle family with -m %d: need m ≥ 3", o.m)
		}
		a, err = markov.LazyWalk(o.m, edges, o.stay)
	case "block":
		if o.blocks < 1 || o.m%o.blocks != 0 {
			return nil, "", fmt.Errorf("graph: block family: -m %d is not a multiple of -blocks %d", o.m, o.blocks)
		}
		sizes := make([]int, o.blocks)
		for i := range sizes {
			sizes[i] = o.m / o.blocks
		}
		a, err = markov.SparseBlock(sizes, o.within)
	case "knn":
		rng := rand.New(rand.NewPCG(14, 0))
		pts := make([][]float64, o.m)
		for i := range pts {
			pts[i] = []float64{rng.Float64(), rng.Float64()}
		}
		a, err = markov.KNNGraph(pts, min(10, o.m-1), o.stay)
	}
	if err != nil {
		return nil, "", fmt.Errorf("graph: -family %s: %w", o.family, err)
	}
	return a, fmt.Sprintf("family %s, m = %d", o.family, o.m), nil
}

// loadSource reads m probabilities from path (blank- or newline-separated), or
// returns the uniform law when path is "". Errors name the entry.
func loadSource(path string, m int) ([]float64, error) {
	if path == "" {
		u, err := markov.Uniform(m)
		if err != nil {
			return nil, fmt.Errorf("graph: %w", err)
		}
		return u.Values(nil), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("graph: source law: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(bufio.NewReaderSize(f, 1<<20))
	sc.Split(bufio.ScanWords)
	var pi []float64
	for sc.Scan() {
		v, err := strconv.ParseFloat(sc.Text(), 64)
		if err != nil {
			return nil, fmt.Errorf("graph: source law %s entry %d = %q: not a number", path, len(pi), sc.Text())
		}
		pi = append(pi, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("graph: source law %s: %w", path, err)
	}
	if len(pi) != m {
		return nil, fmt.Errorf("graph: source law %s has %d entries, the TPM has %d states", path, len(pi), m)
	}
	return pi, nil
}

// summary is what the report states (also written as summary.json).
type summary struct {
	Source           string    `json:"source"`
	States           int       `json:"states"`
	NNZA             int       `json:"nnz_A"`
	NNZC1            int       `json:"nnz_c1"`
	SupportFraction  float64   `json:"support_fraction"`
	QMin, QMax       float64   `json:"-"`
	QRange           []float64 `json:"q_range"`
	RhoSupport       []float64 `json:"rho_range_support"`
	RhoMinAll        float64   `json:"rho_min_all_pairs"`
	MutualInfo       float64   `json:"mutual_information_nats"`
	N                int       `json:"n"`
	T1Min, T1Max     float64   `json:"-"`
	T1Range          []float64 `json:"t1_range_support"`
	T1Sum            float64   `json:"t1_sum_support"`
	T1DiagMean       float64   `json:"t1_diagonal_mean"`
	Alpha, Beta      float64   `json:"-"`
	Collapses        bool      `json:"collapses_at_alpha_beta"`
	AlphaBeta        []float64 `json:"alpha_beta"`
	Eigenvalues      []float64 `json:"eigenvalues"`
	SpectralGap      float64   `json:"spectral_gap"`
	MatVecs          int       `json:"operator_applications"`
	Restarts         int       `json:"restarts"`
	MaxResidual      float64   `json:"max_residual"`
	SecLoad          float64   `json:"sec_load"`
	SecBuild         float64   `json:"sec_build"`
	SecEigs          float64   `json:"sec_eigs"`
	PeakRSSMiB       float64   `json:"peak_rss_mib"`
	PeakRSSSource    string    `json:"peak_rss_source"`
	EigenTol         float64   `json:"eigen_tol"`
	LanczosBlockSize int       `json:"lanczos_block"`
}

func report(o *options, a *markov.SparseTPM, pi []float64, what string, tLoad time.Duration, dir *runio.Folder, stdout, stderr io.Writer) error {
	m := a.Len()
	prog := runio.NewProgress(stderr, "graph", 3)
	t0 := time.Now()
	s, err := feature.NewSparseSpace(pi, a)
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	t1 := s.InfoNCETarget(o.n).(*feature.SparseSym)
	tBuild := time.Since(t0)
	prog.Set(1)
	sm := summary{Source: what, States: m, NNZA: a.NNZ(), NNZC1: s.SupportSize(), N: o.n, Alpha: o.alpha, Beta: o.beta,
		SecLoad: tLoad.Seconds(), SecBuild: tBuild.Seconds(), EigenTol: o.tol, LanczosBlockSize: o.block}
	sm.SupportFraction = float64(sm.NNZC1) / (float64(m) * float64(m))
	q := s.ViewMarginal()
	sm.QMin, sm.QMax = math.Inf(1), math.Inf(-1)
	for _, v := range q {
		sm.QMin, sm.QMax = math.Min(sm.QMin, v), math.Max(sm.QMax, v)
	}
	lo, hi := s.SupportRhoRange()
	sm.RhoSupport = []float64{lo, hi}
	sm.RhoMinAll, _ = s.RhoRange()
	sm.MutualInfo = s.MutualInformation()
	sm.T1Min, sm.T1Max = math.Inf(1), math.Inf(-1)
	var diag float64
	t1.DoNonZero(func(i, j int, v float64) {
		sm.T1Min, sm.T1Max = math.Min(sm.T1Min, v), math.Max(sm.T1Max, v)
		sm.T1Sum += v
		if i == j {
			diag += v
		}
	})
	sm.T1DiagMean = diag / float64(m)
	sm.Collapses = s.Collapses(o.alpha, o.beta)
	prog.Set(2)
	t0 = time.Now()
	vals, _, st, err := s.SpectralWith(o.k, feature.SpectralOptions{Tol: o.tol, Block: o.block})
	sm.SecEigs = time.Since(t0).Seconds()
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	prog.Set(3)
	prog.Done()
	sm.Eigenvalues, sm.MatVecs, sm.Restarts, sm.MaxResidual = vals, st.MatVecs, st.Restarts, st.MaxResidual
	if len(vals) > 1 {
		sm.SpectralGap = vals[0] - vals[1]
	}
	sm.QRange, sm.T1Range, sm.AlphaBeta = []float64{sm.QMin, sm.QMax}, []float64{sm.T1Min, sm.T1Max}, []float64{o.alpha, o.beta}
	sm.PeakRSSMiB, sm.PeakRSSSource = peakRSS()

	js, err := json.MarshalIndent(sm, "", "  ")
	if err != nil {
		return err
	}
	if err := dir.WriteFile("summary.json", append(js, '\n')); err != nil {
		return err
	}
	if err := dir.Write("spectrum.csv", func(w io.Writer) error {
		fmt.Fprintln(w, "index,eigenvalue")
		for i, v := range vals {
			fmt.Fprintf(w, "%d,%s\n", i+1, strconv.FormatFloat(v, 'g', -1, 64))
		}
		return nil
	}); err != nil {
		return err
	}
	formats, _ := runio.ParseFormats(o.formats)
	fig, err := spectrumPlot(vals, what)
	if err != nil {
		return err
	}
	for _, f := range formats {
		if err := dir.Write("spectrum."+f, func(w io.Writer) error {
			wt, err := fig.WriterTo(14*cm, 9*cm, f)
			if err != nil {
				return err
			}
			_, err = wt.WriteTo(w)
			return err
		}); err != nil {
			return err
		}
	}
	text := reportText(&sm, formats)
	if err := dir.WriteFile("report.md", []byte(text)); err != nil {
		return err
	}
	fmt.Fprint(stdout, text)
	return nil
}

// peakRSS returns the process's peak resident set size in MiB (Linux VmHWM), or the
// Go runtime's total obtained memory when /proc is not available.
func peakRSS() (float64, string) { return peakRSSFrom("/proc/self/status") }

// peakRSSFrom is peakRSS reading the status file at path: its line "VmHWM: K kB" gives
// K/1024 MiB; without that line (or the file) the Go runtime's MemStats.Sys.
func peakRSSFrom(path string) (float64, string) {
	data, err := os.ReadFile(path)
	if err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				f := strings.Fields(rest)
				if len(f) == 2 && f[1] == "kB" {
					if kb, err := strconv.ParseFloat(f[0], 64); err == nil {
						return kb / 1024, "VmHWM (/proc/self/status)"
					}
				}
			}
		}
	}
	var ms runtimeMemStats
	readMemStats(&ms)
	return float64(ms.Sys) / (1 << 20), "Go runtime MemStats.Sys"
}

func reportText(sm *summary, formats []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Sparse feature space report\n\n%s.\n\n", sm.Source)
	fmt.Fprintf(&b, "| quantity | value |\n|---|---|\n")
	fmt.Fprintf(&b, "| states m | %d |\n| nnz(A) | %d |\n| nnz(c1) (support) | %d (%.3g of all pairs) |\n", sm.States, sm.NNZA, sm.NNZC1, sm.SupportFraction)
	fmt.Fprintf(&b, "| q range | [%.6g, %.6g] |\n| ρ range on the support | [%.6g, %.6g] |\n| I(V1;V2) | %.6g nats |\n", sm.QMin, sm.QMax, sm.RhoSupport[0], sm.RhoSupport[1], sm.MutualInfo)
	fmt.Fprintf(&b, "| T1 at N = %d on the support | min %.6g, max %.6g, sum %.10g, diagonal mean %.6g (0 off the support) |\n", sm.N, sm.T1Min, sm.T1Max, sm.T1Sum, sm.T1DiagMean)
	fmt.Fprintf(&b, "| collapse region (R2) | stationary iff β ≤ α·ρ_min − 1, ρ_min = %.6g over all pairs; at (α, β) = (%g, %g): %v |\n", sm.RhoMinAll, sm.Alpha, sm.Beta, sm.Collapses)
	fmt.Fprintf(&b, "| spectral gap λ1 − λ2 | %.10g |\n", sm.SpectralGap)
	fmt.Fprintf(&b, "| eigensolver | %d operator applications, %d restarts, largest residual %.3g (tol %g, block %d) |\n", sm.MatVecs, sm.Restarts, sm.MaxResidual, sm.EigenTol, sm.LanczosBlockSize)
	fmt.Fprintf(&b, "| time | load %.3g s, build (q, c1, T1) %.3g s, eigenpairs %.3g s |\n| peak memory | %.1f MiB (%s) |\n\n", sm.SecLoad, sm.SecBuild, sm.SecEigs, sm.PeakRSSMiB, sm.PeakRSSSource)
	fmt.Fprintf(&b, "Top %d eigenvalues of D^{-1/2} c1 D^{-1/2} (spectrum.csv):\n\n", len(sm.Eigenvalues))
	for i, v := range sm.Eigenvalues {
		fmt.Fprintf(&b, "%d. %.12g\n", i+1, v)
	}
	if len(formats) > 0 { // -formats "": no figure to link
		fmt.Fprintf(&b, "\n![spectrum](spectrum.%s)\n", formats[0])
	}
	return b.String()
}
