package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	smnist "github.com/infonce-lab/infonce-lab/simulate/mnist"
)

// options are the command's flags.
type options struct {
	data                   string
	out                    string
	studies                string
	perClass, sweepPerClas int
	views                  int
	boot                   int
	steps, sweepSteps      int
	batch, sweepBatch      int
	checkpoints            int
	tau, lr                float64
	aug                    smnist.Augment
	seed                   uint64
	workers                int
	optRestarts            int
	optMaxIter             int
	force                  bool
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{aug: smnist.DefaultAugment}
	fs := flag.NewFlagSet("mnist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: go run ./notebooks/mnist [flags]

Real MNIST images as an explicit feature space (notebooks/mnist/README.md): the states
are the first -per-class training images of each digit, a view is an augmentation
snapped to its nearest state, the augmentation TPM is estimated from -views views per
state, and an MLP on the pixels is trained and measured against the theory's targets.
Studies: a (augmentation strength), b (SC-InfoNCE over α, β), c (P against T1 and the
level-2 optimum during training). Writes a run folder with summary.md and
manifest.json; Ctrl-C stops and marks the run incomplete.

flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.data, "data", "", "folder with the MNIST IDX files (default: the GoMNIST module's data/ folder)")
	fs.StringVar(&o.out, "out", "notebooks/mnist/out", "run folder")
	fs.StringVar(&o.studies, "studies", "a,b,c", "studies to run: comma-separated subset of a,b,c")
	fs.IntVar(&o.perClass, "per-class", 100, "states per digit for study c (m = 10·per-class)")
	fs.IntVar(&o.sweepPerClas, "sweep-per-class", 30, "states per digit for studies a and b")
	fs.IntVar(&o.views, "views", 200, "augmentations per state in the TPM estimate (R)")
	fs.IntVar(&o.boot, "bootstrap", 10, "bootstrap replicates for the standard errors of TPM-derived numbers")
	fs.IntVar(&o.steps, "steps", 600, "training steps of study c")
	fs.IntVar(&o.sweepSteps, "sweep-steps", 200, "training steps per setting of studies a and b")
	fs.IntVar(&o.batch, "batch", 256, "sources per batch N in study c")
	fs.IntVar(&o.sweepBatch, "sweep-batch", 128, "sources per batch N in studies a and b")
	fs.IntVar(&o.checkpoints, "checkpoints", 4, "measurements during study c's training (besides step 0)")
	fs.Float64Var(&o.tau, "tau", 0.5, "temperature τ")
	fs.Float64Var(&o.lr, "lr", 1e-3, "Adam learning rate")
	fs.Float64Var(&o.aug.Rotation, "rotation", o.aug.Rotation, "rotation range r, degrees: angle ~ U(−r, r)")
	fs.Float64Var(&o.aug.MinScale, "min-scale", o.aug.MinScale, "smallest scale")
	fs.Float64Var(&o.aug.MaxScale, "max-scale", o.aug.MaxScale, "largest scale")
	fs.Float64Var(&o.aug.Shift, "shift", o.aug.Shift, "translation range t, pixels per axis: U(−t, t)")
	fs.Float64Var(&o.aug.Noise, "noise", o.aug.Noise, "pixel noise σ")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of every draw")
	fs.IntVar(&o.workers, "workers", 0, "goroutines (0: GOMAXPROCS); results do not depend on it")
	fs.IntVar(&o.optRestarts, "optimum-restarts", 1, "restarts of the level-2 optimum search")
	fs.IntVar(&o.optMaxIter, "optimum-max-iter", 0, "bound on the level-2 optimum's L-BFGS iterations and polish steps per restart (0: feature/optimum's defaults, 1000 and 100); a short budget bounds its cost at large m")
	fs.BoolVar(&o.force, "force", false, runfolder.ForceUsage)
	if err := runfolder.ParseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("mnist: unexpected argument %q (-h lists the flags)", fs.Arg(0))
	}
	for _, s := range strings.Split(o.studies, ",") {
		if s != "a" && s != "b" && s != "c" {
			return nil, fmt.Errorf("mnist: -studies: unknown study %q (use a, b, c)", s)
		}
	}
	checks := []struct {
		name string
		v    int
		min  int
	}{
		{"-per-class", o.perClass, 2}, {"-sweep-per-class", o.sweepPerClas, 2}, {"-views", o.views, 1},
		{"-bootstrap", o.boot, 2}, {"-steps", o.steps, 1}, {"-sweep-steps", o.sweepSteps, 1},
		{"-batch", o.batch, 2}, {"-sweep-batch", o.sweepBatch, 2}, {"-checkpoints", o.checkpoints, 1},
		{"-optimum-restarts", o.optRestarts, 1}, {"-optimum-max-iter", o.optMaxIter, 0},
	}
	for _, c := range checks {
		if c.v < c.min {
			return nil, fmt.Errorf("mnist: %s = %d: need ≥ %d", c.name, c.v, c.min)
		}
	}
	if !(o.tau > 0) {
		return nil, fmt.Errorf("mnist: -tau = %v: need τ > 0", o.tau)
	}
	if !(o.lr > 0) {
		return nil, fmt.Errorf("mnist: -lr = %v: need lr > 0", o.lr)
	}
	if err := o.aug.Validate(); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *options) has(study string) bool {
	for _, s := range strings.Split(o.studies, ",") {
		if s == study {
			return true
		}
	}
	return false
}
