package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate"
	smnist "github.com/infonce-lab/infonce-lab/simulate/mnist"
)

// notebook holds what the studies share.
type notebook struct {
	o      *options
	ds     *fmnist.Dataset
	out    *strings.Builder
	stderr io.Writer
	rec    record // what the figures draw
}

func (nb *notebook) printf(format string, a ...any) { fmt.Fprintf(nb.out, format, a...) }

func (nb *notebook) run(ctx context.Context) error {
	o := nb.o
	nb.printf("# MNIST states: measured augmentation TPM against encoders\n\n")
	nb.printf("Augmentation: rotation ±%g°, scale [%g, %g], shift ±%g px, noise σ = %g; R = %d views per state; %d bootstrap replicates; τ = %g; seed %d.\n\n",
		o.aug.Rotation, o.aug.MinScale, o.aug.MaxScale, o.aug.Shift, o.aug.Noise, o.views, o.boot, o.tau, o.seed)
	for _, s := range []struct {
		name string
		f    func(context.Context) error
	}{{"a", nb.studyA}, {"b", nb.studyB}, {"c", nb.studyC}} {
		if !o.has(s.name) {
			continue
		}
		if err := s.f(ctx); err != nil {
			return fmt.Errorf("mnist: study %s: %w", s.name, err)
		}
	}
	return nil
}

// world is one feature space built from real images.
type world struct {
	st  *fmnist.States
	e   *smnist.Estimator
	est *smnist.Estimate
	sp  space
	sup *feature.Support // c1 on its support, read by every pair measurement
	dur time.Duration    // of the estimate
}

func (nb *notebook) build(perClass int, aug smnist.Augment) (*world, error) {
	st, err := fmnist.SelectStates(nb.ds, perClass)
	if err != nil {
		return nil, err
	}
	e := &smnist.Estimator{Snapper: smnist.NewSnapper(st.Pixels), Rows: st.Rows, Cols: st.Cols, Augment: aug, Workers: nb.o.workers}
	t0 := time.Now()
	est, err := e.Estimate(nb.o.views, nb.o.seed)
	if err != nil {
		return nil, err
	}
	dur := time.Since(t0)
	if keep := est.Reachable(); len(keep) < st.Len() {
		// Exact reduction (simulate/mnist.Estimate.Reachable): no view of a kept state
		// reached a dropped one, so the kept states' chain is unchanged.
		var names []string
		for i, k := 0, 0; i < st.Len(); i++ {
			if k < len(keep) && keep[k] == i {
				k++
				continue
			}
			names = append(names, st.Labels()[i])
		}
		nb.printf("note: %d of %d states were reached by no view of the kept states and are dropped: %s.\n\n", len(names), st.Len(), strings.Join(names, ", "))
		st, est = st.Subset(keep), est.Restrict(keep)
		e = &smnist.Estimator{Snapper: smnist.NewSnapper(st.Pixels), Rows: st.Rows, Cols: st.Cols, Augment: aug, Workers: nb.o.workers}
	}
	sp, err := spaceOf(est, st.Labels())
	if err != nil {
		return nil, err
	}
	return &world{st: st, e: e, est: est, sp: sp, sup: sp.Support(), dur: dur}, nil
}

// tpmStats are the TPM's summary numbers with bootstrap standard errors.
type tpmStats struct {
	diag, same, mi, diagSE, sameSE, miSE float64
	failed                               int
}

func (nb *notebook) tpmStats(w *world) (tpmStats, error) {
	s := tpmStats{diag: w.est.DiagonalMass(), same: w.est.SameClassMass(w.st.Digit), mi: w.sp.MutualInformation()}
	labels := w.st.Labels()
	res, err := w.est.Bootstrap(nb.o.boot, nb.o.seed+1, func(b *smnist.Estimate) ([]float64, error) {
		sp, err := spaceOf(b, labels)
		if err != nil {
			return nil, err
		}
		return []float64{b.DiagonalMass(), b.SameClassMass(w.st.Digit), sp.MutualInformation()}, nil
	})
	if err != nil {
		// Every replicate left some state unreached: no standard error to report.
		s.diagSE, s.sameSE, s.miSE, s.failed = math.NaN(), math.NaN(), math.NaN(), nb.o.boot
		return s, nil
	}
	s.diagSE, s.sameSE, s.miSE, s.failed = res.StdErr[0], res.StdErr[1], res.StdErr[2], res.Failed
	return s, nil
}

// clustering are the class-clustering numbers of a set of state embeddings.
type clustering struct{ nn1, probe, within, between float64 }

// cluster measures the clustering of z; the probe is NaN when a digit has fewer than
// two states left (too few for its two folds).
func cluster(z mat.Matrix, digit []int) (clustering, error) {
	probe, err := smnist.ProbeAccuracy(z, digit, fmnist.Classes)
	if err != nil {
		probe = math.NaN()
	}
	w, b := smnist.WithinBetween(smnist.ClassCosine(z, digit, fmnist.Classes))
	return clustering{nn1: smnist.NearestNeighbourAccuracy(z, digit), probe: probe, within: w, between: b}, nil
}

func (c clustering) cells() string {
	return fmt.Sprintf("%.3f | %.3f | %.3f | %.3f", c.nn1, c.probe, c.within, c.between)
}

// level2 finds the level-2 optimum (unit embeddings in R^64) of InfoNCE for batch n.
func (nb *notebook) level2(w *world, n int) (*optimum.Result, time.Duration, error) {
	t0 := time.Now()
	res, err := infoNCEOptimum(w.sp, optimum.Options{Dim: 64, Tau: nb.o.tau, N: n, Restarts: nb.o.optRestarts, Seed: nb.o.seed, MaxIter: nb.o.optMaxIter, MaxPolish: nb.o.optMaxIter})
	d := time.Since(t0)
	if res != nil && err != nil {
		nb.printf("\nnote: level-2 optimum: %v (best restart kept)\n", err)
		err = nil
	}
	return res, d, err
}

// train trains an encoder for steps, calling at(step) at step 0, at every checkpoint
// and at the end.
func (nb *notebook) train(ctx context.Context, w *world, cfg simulate.LossParams, loss string, n, steps, checks int, label string, at func(step int, tr *smnist.Trainer) error) (*smnist.Trainer, error) {
	tc := smnist.DefaultTrainConfig()
	tc.Loss, tc.Params, tc.Batch, tc.LR, tc.Seed, tc.Workers = loss, cfg, n, nb.o.lr, nb.o.seed, nb.o.workers
	tr, err := smnist.NewTrainer(w.e, tc)
	if err != nil {
		return nil, err
	}
	every := max(1, steps/checks)
	prog := runio.NewProgress(nb.stderr, "mnist: "+label, steps)
	defer prog.Done()
	if at != nil {
		if err := at(0, tr); err != nil {
			return nil, err
		}
	}
	for s := 1; s <= steps; s++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("stopped at step %d of %d: %w", s-1, steps, err)
		}
		if l := tr.Step(); math.IsNaN(l) {
			return nil, fmt.Errorf("%s: loss is NaN at step %d", label, s)
		}
		prog.Set(s)
		if at != nil && (s%every == 0 || s == steps) {
			if err := at(s, tr); err != nil {
				return nil, err
			}
		}
	}
	return tr, nil
}
