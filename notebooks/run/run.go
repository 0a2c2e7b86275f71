package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/figures/trace"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// options are the command's flags; zero values keep the scenario's settings.
type options struct {
	scenario   string
	out        string
	replicates int
	workers    int
	steps      int
	formats    string
	setFormats bool
	force      bool
	maxMem     float64
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: go run ./notebooks/run [flags]

Trains a scenario file (format: simulate/scenario/README.md; default: the paper's toy)
and writes a run folder: config.json (the resolved scenario), manifest.json,
metrics.csv (one per replicate) and figures of the positive-pair probability against
the loss's target. Ctrl-C stops the training, keeps what finished and marks the run
incomplete; the same command run again resumes it.

flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.scenario, "scenario", "", "scenario file (JSON); empty: the embedded toy")
	fs.StringVar(&o.out, "out", "", "run folder (default notebooks/run/out/HASH, HASH = the first 12 digits of the scenario's hash)")
	fs.IntVar(&o.replicates, "replicates", 0, "replicates, overriding the scenario's (0: keep)")
	fs.IntVar(&o.workers, "workers", 0, "goroutines for the replicates (0: GOMAXPROCS); results do not depend on it")
	fs.IntVar(&o.steps, "steps", 0, "training steps, overriding the scenario's (0: keep); a longer warm-up is clipped and averaging that starts at or after the end is turned off, with a note")
	fs.BoolVar(&o.force, "force", false, runfolder.ForceUsage)
	fs.Float64Var(&o.maxMem, "max-mem", 0, runio.MaxMemUsage)
	fs.StringVar(&o.formats, "formats", "", "figure formats, overriding the scenario's: comma-separated subset of png,svg,pdf, or \"none\"")
	if err := runfolder.ParseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("run: unexpected argument %q (the scenario is given with -scenario; -h lists the flags)", fs.Arg(0))
	}
	fs.Visit(func(f *flag.Flag) { o.setFormats = o.setFormats || f.Name == "formats" })
	return o, nil
}

// load returns the scenario with the flags' overrides, and notes on what was adjusted.
// The overrides keep the valid scenario that scenario.Load or scenario.Default gives
// valid: -replicates and -steps apply only when ≥ 1, runio.OverrideSteps fits the
// warm-up and averaging to the new steps, and runio.ParseFormats returns a subset of
// plots.Formats (the scenario's formats) without repeats; runio.PlanOf validates the
// scenario again anyway (scenario.Scenario.Config).
func load(o *options) (*scenario.Scenario, []string, error) {
	var s *scenario.Scenario
	if o.scenario == "" {
		s = scenario.Default()
	} else {
		var err error
		if s, err = scenario.Load(o.scenario); err != nil {
			return nil, nil, err
		}
	}
	var notes []string
	if o.replicates > 0 {
		s.Replicates = o.replicates
	}
	if o.steps > 0 {
		notes = append(notes, runio.OverrideSteps(s, o.steps)...)
	}
	if o.setFormats {
		f := o.formats
		if f == "none" {
			f = ""
		}
		formats, err := runio.ParseFormats(f)
		if err != nil {
			return nil, nil, fmt.Errorf("run: -formats: %w", err)
		}
		s.Output.Formats = formats
	}
	return s, notes, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	return runfolder.Run(args, stdout, stderr, runContext)
}

// runContext is run with a context whose cancellation interrupts the training.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	s, notes, err := load(o)
	if err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, "run: note:", n)
	}
	plan, err := runio.PlanOf(s, o.maxMem, o.workers)
	if err != nil {
		return err
	}
	cfg, lim, resolved := plan.Config, plan.Limits, plan.Resolved
	out := o.out
	if out == "" {
		out = filepath.Join("notebooks", "run", "out", s.Hash()[:12])
	}
	// An interrupted run of the same scenario in out is resumed: its finished
	// replicates are kept (their checksums checked) and not trained again.
	resume := runio.Resumable(out, "run", s.Hash())
	dir, err := runio.CreateFolder(out, runfolder.Options{Notebook: "run", Args: args, Force: o.force, Keep: resume})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "run: writing %s\n", out)
	return finish(dir, train(ctx, s, cfg, lim, o.workers, resolved, dir, stdout, stderr), out)
}

// finish closes the run folder out, writing its final manifest (runfolder.Folder.Close),
// after a run that ended with runErr, and returns the run's error: runErr, said to
// have left the finished files in out under a manifest saying complete=false; or, when
// the run succeeded but the manifest could not be written, that write's error; or nil.
func finish(dir *runio.Folder, runErr error, out string) error {
	err := dir.Close(runErr)
	if err == nil {
		return nil
	}
	if dir.Manifest.Error != "" {
		return fmt.Errorf("run: %w; the files that finished are in %s, manifest.json says complete=false", err, out)
	}
	return err
}

// train runs the replicates and writes every file but the manifest.
func train(ctx context.Context, s *scenario.Scenario, cfg simulate.Config, lim simulate.Limits, workers int, resolved []byte, dir *runio.Folder, stdout, stderr io.Writer) error {
	if err := dir.WriteConfig(resolved, s.Hash(), s.Seed); err != nil {
		return err
	}
	results, err := dir.TrainReplicates(ctx, cfg, s.Replicates, simulate.ReplicateOptions{Workers: workers, Limits: lim}, "run: train", stderr)
	if err != nil {
		return err
	}
	sum := summarize(s, results)
	fmt.Fprint(stdout, sum.text)
	if err := dir.WriteFile("summary.md", []byte(sum.text)); err != nil {
		return err
	}
	return writeFigures(dir, s, sum, results)
}

// summary is what the command prints and draws.
type summary struct {
	text    string
	target  mat.Matrix // the loss's target (nil: none)
	trained *mat.Dense // mean over replicates of the evaluated positive-pair probability
}

// summarize reports each replicate's final loss and largest relative gap to the target.
func summarize(s *scenario.Scenario, results []*simulate.Result) summary {
	var b strings.Builder
	fmt.Fprintf(&b, "## Run: %s, model %s, N = %d, τ = %g, %d steps, %d replicate(s)\n\n", s.Loss, s.Model.Kind, s.BatchSize, s.Tau, s.Steps, s.Replicates)
	if s.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", s.Description)
	}
	sum := summary{target: results[0].Target}
	var pp []mat.Matrix
	b.WriteString("| replicate | final loss | max relative gap to the target |\n|---|---|---|\n")
	var gaps []float64
	for rep, r := range results {
		pp = append(pp, r.PairProb)
		loss := math.NaN()
		if len(r.Records) > 0 {
			loss = r.Records[len(r.Records)-1].Loss
		}
		gap := math.NaN()
		if sum.target != nil {
			gap = feature.MaxRelGap(r.PairProb, sum.target)
			gaps = append(gaps, gap)
		}
		fmt.Fprintf(&b, "| %d | %.6g | %.2f %% |\n", rep, loss, 100*gap)
	}
	sum.trained = trace.Mean(pp)
	if sum.target != nil {
		fmt.Fprintf(&b, "\nMean over replicates: max |P − target|/target = %.2f %% (of the replicate mean: %.2f %%).\n",
			100*mean(gaps), 100*feature.MaxRelGap(sum.trained, sum.target))
	}
	for _, r := range results {
		for _, w := range r.Warnings {
			fmt.Fprintf(&b, "\nwarning (replicate %d): %v\n", r.Replicate, w)
		}
	}
	sum.text = b.String()
	return sum
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
