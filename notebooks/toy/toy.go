package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// options are the command's flags.
type options struct {
	out             string
	steps, n        int
	seed            uint64
	loss            string
	alpha, beta     float64
	tau, lr         float64
	warmup          int
	recordEvery     int
	batchesPerEpoch int
	evalBatches     int
	replicates      int
	workers         int
	formats         string
	restarts        int
	quick           bool
	force           bool
	maxMem          float64
}

// Settings of -quick: a smoke test of every code path in about a second, not a result.
const (
	quickSteps       = 30
	quickN           = 64
	quickRecordEvery = 10
	quickEvalBatches = 2
	quickRestarts    = 1
)

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("toy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: go run ./notebooks/toy [flags]

The paper's toy experiment (docs/theory.md §7) on the explicit feature space: an MLP on
noisy state vectors trained with a contrastive loss; writes a run folder (config.json,
manifest.json, metrics.csv, the reference code's two log files, summary.md and
figures) and prints the trained positive-pair probabilities against T1, T2 and the
level-2 optimum.

flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.out, "out", "", "run folder to write (default notebooks/toy/out, with -quick notebooks/toy/out-quick; the committed copy is notebooks/toy/results)")
	fs.IntVar(&o.steps, "steps", 600, "training steps (the reference: 301 epochs of 2 batches)")
	fs.IntVar(&o.n, "n", feature.ToyBatchSize, "batch size N (sources per batch)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the run")
	fs.StringVar(&o.loss, "loss", loss.InfoNCE, "loss: one of "+strings.Join(loss.Names(), ", "))
	fs.Float64Var(&o.alpha, "alpha", 1, "SC-InfoNCE scale α (scinfonce, scinfonce-decoupled only)")
	fs.Float64Var(&o.beta, "beta", 0, "SC-InfoNCE bias β (scinfonce, scinfonce-decoupled only)")
	fs.Float64Var(&o.tau, "tau", 1, "temperature τ")
	fs.Float64Var(&o.lr, "lr", 1e-3, "Adam learning rate")
	fs.IntVar(&o.warmup, "warmup", 10, "warm-up steps before the cosine decay")
	fs.IntVar(&o.recordEvery, "record-every", 20, "record every this many steps (20 steps = the reference's 10 epochs)")
	fs.IntVar(&o.batchesPerEpoch, "batches-per-epoch", 2, "batches per epoch of the reference log's epoch column")
	fs.IntVar(&o.evalBatches, "eval-batches", 10, "fresh batches the trained model is measured on")
	fs.IntVar(&o.replicates, "replicates", 1, "independent replicates (streams seed, 0…r−1); the table averages them")
	fs.IntVar(&o.workers, "workers", 0, "goroutines for the replicates (0: GOMAXPROCS); results do not depend on it")
	fs.StringVar(&o.formats, "formats", "png", "figure formats, comma-separated subset of png,svg,pdf (\"\": none)")
	fs.IntVar(&o.restarts, "restarts", 0, "random starts of the level-2 optimum search (0: its default)")
	fs.BoolVar(&o.force, "force", false, runfolder.ForceUsage)
	fs.Float64Var(&o.maxMem, "max-mem", 0, runio.MaxMemUsage)
	fs.BoolVar(&o.quick, "quick", false, fmt.Sprintf("smoke test: %d steps, N = %d, record every %d, %d eval batches, %d restart (overrides those flags)", quickSteps, quickN, quickRecordEvery, quickEvalBatches, quickRestarts))
	if err := runfolder.ParseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (all settings are flags; -h lists them)", fs.Arg(0))
	}
	o.out = runfolder.DefaultOut(o.out, "notebooks/toy/out", o.quick)
	if o.quick {
		o.steps, o.n, o.recordEvery, o.evalBatches, o.restarts = quickSteps, quickN, quickRecordEvery, quickEvalBatches, quickRestarts
		o.warmup = min(o.warmup, o.steps)
	}
	if o.batchesPerEpoch < 1 {
		return nil, fmt.Errorf("-batches-per-epoch = %d: need ≥ 1", o.batchesPerEpoch)
	}
	return o, nil
}

// scenarioOf returns the toy scenario with the flags' settings.
func scenarioOf(o *options) (*scenario.Scenario, error) {
	formats, err := runio.ParseFormats(o.formats)
	if err != nil {
		return nil, fmt.Errorf("-formats: %w", err)
	}
	s := scenario.Default()
	s.BatchSize = o.n
	s.Loss = o.loss
	s.Alpha, s.Beta = o.alpha, o.beta
	s.Tau = o.tau
	s.Optimizer.LR = o.lr
	s.Optimizer.Warmup = o.warmup
	s.Steps = o.steps
	s.RecordEvery = o.recordEvery
	s.EvalBatches = o.evalBatches
	s.Seed = o.seed
	s.Replicates = o.replicates
	s.Output.Formats = formats
	s.Output.ReferenceMetrics = true // the reference log needs metric_fn
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("the flags give an invalid scenario: %w", err)
	}
	return s, nil
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
	s, err := scenarioOf(o)
	if err != nil {
		return err
	}
	plan, err := runio.PlanOf(s, o.maxMem, o.workers)
	if err != nil {
		return err
	}
	cfg, lim, resolved := plan.Config, plan.Limits, plan.Resolved
	// An interrupted run of the same settings in the folder is resumed: its finished
	// replicates are kept (their checksums checked) and not trained again.
	resume := runio.Resumable(o.out, "toy", s.Hash())
	dir, err := runio.CreateFolder(o.out, runfolder.Options{Notebook: "toy", Args: args, Force: o.force, Keep: resume})
	if err != nil {
		return err
	}
	err = experiment(ctx, o, s, cfg, lim, resolved, dir, stdout, stderr)
	return dir.Close(err)
}

// experiment computes the optimum, trains, and writes every file but the manifest.
func experiment(ctx context.Context, o *options, s *scenario.Scenario, cfg simulate.Config, lim simulate.Limits, resolved []byte, dir *runio.Folder, stdout, stderr io.Writer) error {
	if err := dir.WriteConfig(resolved, s.Hash(), s.Seed); err != nil {
		return err
	}
	sp := cfg.Space
	fmt.Fprintln(stderr, "toy: level-2 optimum search")
	ref, err := level2Optimum(sp, o, s)
	if err != nil {
		return err
	}

	results, trainErr := dir.TrainReplicates(ctx, cfg, s.Replicates, simulate.ReplicateOptions{Workers: o.workers, Limits: lim}, "toy: train", stderr)
	if err := writeReferenceLogs(dir, results, o.batchesPerEpoch); err != nil {
		return errors.Join(trainErr, err)
	}
	if trainErr != nil {
		return trainErr
	}

	cmp := compare(sp, s, ref, results)
	summary := cmp.markdown()
	fmt.Fprint(stdout, summary)
	if err := dir.WriteFile("summary.md", []byte(summary)); err != nil {
		return err
	}
	return writeFigures(dir, s, cmp, results)
}

// reference is the level-2 optimum the trained encoder is compared with.
type reference struct {
	Prob, Cosine mat.Matrix // nil when the loss has no optimum search
	Note         string     // why it is missing, or which search was run
}

// level2Optimum runs the unit-embedding optimum search of the loss: optimum.InfoNCE
// for infonce, optimum.SC for scinfonce; other losses have none.
func level2Optimum(sp *feature.Space, o *options, s *scenario.Scenario) (reference, error) {
	opt := optimum.Options{Tau: s.Tau, N: s.BatchSize, Seed: s.Seed, Restarts: o.restarts}
	var r *optimum.Result
	var err error
	switch s.Loss {
	case loss.InfoNCE:
		r, err = optimum.InfoNCE(sp, opt)
	case loss.SCInfoNCE:
		r, err = optimum.SC(sp, s.Alpha, s.Beta, opt)
	default:
		return reference{Note: fmt.Sprintf("no level-2 optimum search for loss %q (feature/optimum covers infonce and scinfonce)", s.Loss)}, nil
	}
	if err != nil {
		var nc *optimum.NotConvergedError
		if !errors.As(err, &nc) || r == nil {
			return reference{}, fmt.Errorf("level-2 optimum: %w", err)
		}
		return reference{Prob: r.Prob, Cosine: r.Cosine, Note: "level-2 optimum did not converge: " + err.Error()}, nil
	}
	return reference{Prob: r.Prob, Cosine: r.Cosine, Note: fmt.Sprintf("level-2 optimum: d = m = %d, %d restarts, gradient %.1e", sp.Len(), r.Restarts, r.GradNorm)}, nil
}
