package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

func run(args []string, stdout, stderr io.Writer) error {
	return runfolder.Run(args, stdout, stderr, runContext)
}

// runContext is run with a context whose cancellation interrupts the trainings.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	s, err := load(o)
	if err != nil {
		return err
	}
	sp, err := s.Space()
	if err != nil {
		return err
	}
	resolved, err := s.Resolved()
	if err != nil {
		return err
	}
	// An interrupted run of the same scenario with the same arguments is resumed: the
	// trainings it finished are kept (their checksums checked) and read back.
	old := runfolder.Interrupted(o.out, "explore")
	resume := old != nil && old.ConfigHash == s.Hash() && slices.Equal(old.Args, args)
	dir, err := runio.CreateFolder(o.out, runfolder.Options{Notebook: "explore", Args: args, Force: o.force, Keep: resume})
	if err != nil {
		return err
	}
	err = explore(ctx, o, s, sp, resolved, dir, stdout, stderr)
	return dir.Close(err)
}

// study is everything the report says.
type study struct {
	s           *scenario.Scenario
	sp          *feature.Space
	n           int
	tau         float64
	alpha, beta float64
	t1, t2      mat.Matrix
	infonce     *optimum.Result // nil when skipped
	infonceErr  error           // not converged, or why it was skipped
	sc          *optimum.Result // SC optimum at (α, β) ≠ (1, 0)
	scErr       error
	trainings   []training
	figures     []figure // written figures, for the report
	skipped     []string // figures that could not be drawn, and why
}

// training is one quick training run.
type training struct {
	model string
	res   *simulate.Result
	cfg   simulate.Config
}

// trainingFile is the name of the records of the quick training of model kind.
func trainingFile(kind string) string { return "train_" + kind + ".csv" }

// figure is a figure of the report: its file name without extension and a caption.
type figure struct{ name, caption string }

// explore computes every section and writes the figures and report.md.
func explore(ctx context.Context, o *options, s *scenario.Scenario, sp *feature.Space, resolved []byte, dir *runio.Folder, stdout, stderr io.Writer) error {
	if err := dir.WriteConfig(resolved, s.Hash(), s.Seed); err != nil {
		return err
	}
	st := &study{s: s, sp: sp, n: s.BatchSize, tau: s.Tau, alpha: 1, beta: 0}
	if s.Loss == loss.SCInfoNCE || s.Loss == loss.SCInfoNCEDecoupled {
		st.alpha, st.beta = s.Alpha, s.Beta
	}
	if o.alphaSet {
		st.alpha = o.alpha
	}
	if o.betaSet {
		st.beta = o.beta
	}
	if err := feature.CheckSCParams(st.alpha, st.beta); err != nil {
		return fmt.Errorf("explore: -alpha, -beta: %w", err)
	}
	st.t1, st.t2 = sp.InfoNCETarget(st.n), sp.SCTarget(st.n, st.alpha, st.beta)

	fmt.Fprintln(stderr, "explore: level-2 optimum")
	st.optimum(o)
	if err := st.train(ctx, o, dir, stderr); err != nil {
		return err
	}
	formats, _ := runio.ParseFormats(o.formats) // checked by parseFlags
	if err := st.drawFigures(dir, formats); err != nil {
		return err
	}
	report := st.report(slices.Contains(formats, "png"))
	if err := dir.WriteFile("report.md", []byte(report)); err != nil {
		return err
	}
	fmt.Fprint(stdout, report)
	return nil
}

// optimum runs the unit-embedding optimum searches (InfoNCE; SC when (α, β) ≠ (1, 0)).
func (st *study) optimum(o *options) {
	m := st.sp.Len()
	if m > o.maxOptimumStates {
		st.infonceErr = fmt.Errorf("skipped: m = %d states > -max-optimum-states = %d", m, o.maxOptimumStates)
		return
	}
	opt := optimum.Options{Tau: st.tau, N: st.n, Seed: st.s.Seed, Restarts: o.restarts}
	st.infonce, st.infonceErr = optimum.InfoNCE(st.sp, opt)
	if st.alpha != 1 || st.beta != 0 {
		st.sc, st.scErr = optimum.SC(st.sp, st.alpha, st.beta, opt)
	}
}

// Quick-training settings (README): Adam with warm-up and cosine decay, Polyak
// averaging over the second half, measured on fresh batches.
const (
	quickLR          = 0.05
	quickWarmup      = 10
	quickEvalBatches = 20
	quickRecords     = 30 // records per run
)

// train runs the free-logit and per-state-embedding models with InfoNCE and writes
// each one's records as train_KIND.csv the moment it finishes; a training whose
// records the folder kept from an interrupted run is read back instead
// (runio.Folder.TrainReplicatesAs).
func (st *study) train(ctx context.Context, o *options, dir *runio.Folder, stderr io.Writer) error {
	for _, model := range []simulate.ModelConfig{
		{Kind: simulate.ModelLogits},
		{Kind: simulate.ModelEmbedding, Dim: st.sp.Len()},
	} {
		cfg := simulate.Config{
			Space: st.sp, N: st.n, Loss: loss.InfoNCE, Params: simulate.LossParams{Tau: st.tau, Alpha: 1, Beta: 0},
			Model:       model,
			Opt:         simulate.OptimizerConfig{Name: "adam", LR: quickLR, Schedule: "warmup-cosine", Warmup: min(quickWarmup, o.steps)},
			Steps:       o.steps,
			RecordEvery: max(1, o.steps/quickRecords),
			Seed:        st.s.Seed,
			EvalBatches: quickEvalBatches,
			AverageFrom: o.steps / 2,
		}
		if cfg.AverageFrom < 1 {
			cfg.AverageFrom = 0
		}
		lim, err := runio.Limits(o.maxMem)
		if err != nil {
			return err
		}
		results, err := dir.TrainReplicatesAs(ctx, trainingFile(model.Kind), cfg, 1, simulate.ReplicateOptions{Limits: lim}, "explore: train "+model.Kind, stderr)
		if err != nil {
			return fmt.Errorf("explore: training %s: %w", model.Kind, err)
		}
		st.trainings = append(st.trainings, training{model: model.Kind, res: results[0], cfg: cfg})
	}
	return nil
}
