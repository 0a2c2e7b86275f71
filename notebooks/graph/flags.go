package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
)

// options are the command's flags.
type options struct {
	mtx, source, family string
	m, k, n             int
	within, stay        float64
	blocks              int
	tol                 float64
	block               int
	alpha, beta         float64
	out, formats        string
	force               bool
}

// families are the sparse TPM families of -family.
var families = []string{"hash", "cycle", "block", "knn"}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("graph", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: go run ./notebooks/graph [flags]

A report (report.md, summary.json, spectrum.csv and a spectrum figure in -out) on a
sparse TPM: size, non-zeros, q range, ρ range on the support of c1, T1 summary,
SC-InfoNCE collapse region, the top-k eigenvalues of D^{-1/2} c1 D^{-1/2} and the
spectral gap, run time and peak memory. The TPM comes from -mtx (Matrix Market
"coordinate real general") or from -family.

flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.mtx, "mtx", "", "Matrix Market TPM file (real general coordinate; A[k][i] = Pr(view i | source k))")
	fs.StringVar(&o.source, "source", "", "source law file: m probabilities separated by blanks or newlines (default uniform)")
	fs.StringVar(&o.family, "family", "hash", "TPM family when -mtx is not given: "+strings.Join(families, ", "))
	fs.IntVar(&o.m, "m", 20011, "states of the family (hash: coprime to 3·7·11·13·17·19·23·29; block: a multiple of -blocks; knn: points)")
	fs.IntVar(&o.k, "k", 16, "eigenpairs to compute (1 ≤ k < m)")
	fs.IntVar(&o.n, "n", 1000, "batch size N of T1 and T2")
	fs.Float64Var(&o.within, "within", 0.9, "block family: mass kept inside a state's block")
	fs.IntVar(&o.blocks, "blocks", 10, "block family: number of equal blocks")
	fs.Float64Var(&o.stay, "stay", 0.5, "cycle and knn families: probability that a view stays at its source")
	fs.Float64Var(&o.tol, "tol", 1e-10, "eigensolver residual tolerance (ARPACK's criterion, as the SciPy peer)")
	fs.IntVar(&o.block, "lanczos-block", 1, "Lanczos block size (≥ the multiplicity of repeated eigenvalues)")
	fs.Float64Var(&o.alpha, "alpha", 1, "SC-InfoNCE scale α of the collapse check")
	fs.Float64Var(&o.beta, "beta", 0, "SC-InfoNCE bias β of the collapse check")
	fs.StringVar(&o.out, "out", "notebooks/graph/out/run", "output folder")
	fs.BoolVar(&o.force, "force", false, runfolder.ForceUsage)
	fs.StringVar(&o.formats, "formats", "png", "figure formats, comma-separated (png, svg, pdf)")
	if err := runfolder.ParseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("graph: unexpected argument %q", fs.Arg(0))
	}
	if o.mtx == "" && !contains(families, o.family) {
		return nil, fmt.Errorf("graph: -family %q: want one of %s", o.family, strings.Join(families, ", "))
	}
	if o.mtx != "" && isSet(fs, "family") {
		return nil, fmt.Errorf("graph: -mtx and -family both given: choose one")
	}
	if _, err := runio.ParseFormats(o.formats); err != nil {
		return nil, err
	}
	return o, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}
