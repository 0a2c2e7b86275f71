package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// options are the command's flags.
type options struct {
	scenario, tpm, source, labels string
	n                             int
	tau                           float64
	alpha, beta                   float64
	alphaSet, betaSet             bool
	steps                         int
	restarts                      int
	maxOptimumStates              int
	out                           string
	formats                       string
	quick                         bool
	force                         bool
	maxMem                        float64
}

// Settings of -quick: a smoke test of every section, not a result.
const (
	quickSteps    = 20
	quickRestarts = 1
)

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("explore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: go run ./notebooks/explore [flags]

A one-page report (report.md and PNG figures in -out) on a TPM: its pair statistics,
the targets T1 and T2 at batch size N, SC-InfoNCE attainability and collapse, the
level-2 (unit-embedding) optimum and its gap to T1, and a short training of the free-
logit and per-state-embedding models. The TPM comes from -scenario, or from -tpm (and
-source, -labels); with neither, the paper's toy.

flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.scenario, "scenario", "", "scenario file (JSON, simulate/scenario/README.md)")
	fs.StringVar(&o.tpm, "tpm", "", `TPM rows as JSON, e.g. '[[0.9,0.1],[0.2,0.8]]' (A[k][i] = Pr(view i | source k))`)
	fs.StringVar(&o.source, "source", "", `source distribution π as JSON, e.g. '[0.5,0.5]' (with -tpm; default uniform)`)
	fs.StringVar(&o.labels, "labels", "", "comma-separated state names (with -tpm)")
	fs.IntVar(&o.n, "n", 0, "batch size N (0: the scenario's; the toy's is 1000)")
	fs.Float64Var(&o.tau, "tau", 0, "temperature τ (0: the scenario's)")
	fs.Float64Var(&o.alpha, "alpha", 1, "SC-InfoNCE scale α of T2 and the SC analysis (default: the scenario's for an SC loss, else 1)")
	fs.Float64Var(&o.beta, "beta", 0, "SC-InfoNCE bias β (default: the scenario's for an SC loss, else 0)")
	fs.IntVar(&o.steps, "steps", 300, "steps of the quick trainings")
	fs.IntVar(&o.restarts, "restarts", 0, "random starts of the optimum search (0: its default)")
	fs.IntVar(&o.maxOptimumStates, "max-optimum-states", 64, "skip the optimum search above this many states")
	fs.StringVar(&o.out, "out", "", "output folder: report.md, figures, config.json, manifest.json (default notebooks/explore/out, with -quick notebooks/explore/out-quick; the committed copy is notebooks/explore/results)")
	fs.BoolVar(&o.force, "force", false, runfolder.ForceUsage)
	fs.Float64Var(&o.maxMem, "max-mem", 0, runio.MaxMemUsage)
	fs.StringVar(&o.formats, "formats", "png", "figure formats, comma-separated subset of png,svg,pdf (the report links the PNGs)")
	fs.BoolVar(&o.quick, "quick", false, fmt.Sprintf("smoke test: %d training steps, %d optimum restart (overrides -steps, -restarts)", quickSteps, quickRestarts))
	if err := runfolder.ParseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("explore: unexpected argument %q (-h lists the flags)", fs.Arg(0))
	}
	fs.Visit(func(f *flag.Flag) {
		o.alphaSet = o.alphaSet || f.Name == "alpha"
		o.betaSet = o.betaSet || f.Name == "beta"
	})
	o.out = runfolder.DefaultOut(o.out, "notebooks/explore/out", o.quick)
	if o.quick {
		o.steps, o.restarts = quickSteps, quickRestarts
	}
	switch {
	case o.scenario != "" && (o.tpm != "" || o.source != "" || o.labels != ""):
		return nil, fmt.Errorf("explore: -scenario %q and -tpm/-source/-labels: give one or the other", o.scenario)
	case o.tpm == "" && (o.source != "" || o.labels != ""):
		return nil, fmt.Errorf("explore: -source and -labels need -tpm")
	case o.tau < 0:
		return nil, fmt.Errorf("explore: -tau = %v: need > 0 (or 0 for the scenario's)", o.tau)
	case o.steps < 1:
		return nil, fmt.Errorf("explore: -steps = %d: need ≥ 1", o.steps)
	}
	if _, err := runio.Limits(o.maxMem); err != nil {
		return nil, fmt.Errorf("explore: %w", err)
	}
	if _, err := runio.ParseFormats(o.formats); err != nil {
		return nil, fmt.Errorf("explore: -formats: %w", err)
	}
	return o, nil
}

// load returns the scenario the flags describe, overrides applied.
func load(o *options) (*scenario.Scenario, error) {
	var s *scenario.Scenario
	var err error
	switch {
	case o.scenario != "":
		s, err = scenario.Load(o.scenario)
	case o.tpm != "":
		s, err = fromFlags(o)
	default:
		s = scenario.Default()
	}
	if err != nil {
		return nil, err
	}
	if o.n > 0 {
		s.BatchSize = o.n
	}
	if o.tau > 0 {
		s.Tau = o.tau
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("explore: -n or -tau: %w", err)
	}
	return s, nil
}

// fromFlags builds a scenario document from -tpm, -source and -labels and parses it,
// so that a bad value gets the scenario's error naming the field (tpm.rows[1], source,
// labels[0], …).
func fromFlags(o *options) (*scenario.Scenario, error) {
	doc := map[string]any{}
	var rows json.RawMessage
	if err := json.Unmarshal([]byte(o.tpm), &rows); err != nil {
		return nil, fmt.Errorf("explore: -tpm %q: not JSON (%v); want rows such as [[0.9,0.1],[0.2,0.8]]", o.tpm, err)
	}
	doc["tpm"] = map[string]any{"rows": rows}
	if o.source != "" {
		var src json.RawMessage
		if err := json.Unmarshal([]byte(o.source), &src); err != nil {
			return nil, fmt.Errorf("explore: -source %q: not JSON (%v); want a probability vector such as [0.5,0.5]", o.source, err)
		}
		doc["source"] = src
	}
	if o.labels != "" {
		doc["labels"] = strings.Split(o.labels, ",")
	}
	doc["description"] = "explore: TPM given on the command line"
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	s, err := scenario.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("explore: -tpm/-source/-labels (tpm.rows = -tpm): %w", err)
	}
	return s, nil
}
