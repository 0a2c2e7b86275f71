package simulate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/loss"
	"github.com/infonce-lab/infonce-lab/simulate/nn"
	"github.com/infonce-lab/infonce-lab/simulate/optim"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// Train runs one training run of cfg (package doc) and returns its records. progress,
// when non-nil, is called after every recorded step. Cancelling ctx stops the run
// between steps, or between evaluation batches, and returns the result so far, marked
// Incomplete, with ctx's error.
func Train(ctx context.Context, cfg Config, progress func(Progress)) (*Result, error) {
	return train(ctx, cfg, Limits{}, progress)
}

// train is Train within the resource limits lim.
func train(ctx context.Context, cfg Config, lim Limits, progress func(Progress)) (*Result, error) {
	if err := cfg.ValidateWithin(lim); err != nil {
		return nil, err
	}
	r, err := newRunner(&cfg)
	if err != nil {
		return nil, err
	}
	res := newResult(cfg, r.loss)
	for step := 0; step < cfg.Steps; step++ {
		if err := ctx.Err(); err != nil {
			res.Incomplete = true
			return res, err
		}
		record := step%cfg.RecordEvery == 0 || step == cfg.Steps-1
		lr := r.sched.LR(step)
		l, rec := r.step(record)
		if math.IsNaN(l) || math.IsInf(l, 0) {
			return res, fmt.Errorf("simulate: loss became %v at step %d (lr %g); lower the learning rate or raise τ = %g", l, step, lr, cfg.Params.Tau)
		}
		r.opt.Step(r.model.Params(), r.model.Grad(), lr)
		if cfg.AverageFrom > 0 && step >= cfg.AverageFrom {
			r.accumulateAverage(step - cfg.AverageFrom + 1)
		}
		if record {
			rec.Step, rec.LR, rec.Loss = step, lr, l
			res.Records = append(res.Records, *rec)
			if progress != nil {
				progress(Progress{Replicate: cfg.Replicate, Step: step + 1, Steps: cfg.Steps, Loss: l})
			}
		}
	}
	if cfg.AverageFrom > 0 {
		copy(r.model.Params(), r.avg)
	}
	pp, geo, err := r.evaluate(ctx, cfg.evalBatches())
	if err != nil {
		res.Incomplete = true
		return res, err
	}
	res.PairProb, res.Geometry = pp, geo
	return res, nil
}

// NewResult returns the result of a run of cfg before its first step: its identity
// (seed, replicate, loss, model) and the mean-field target (TargetFor), or the warning
// that there is none. A valid cfg is assumed.
func NewResult(cfg Config) *Result {
	l, err := loss.Lookup(cfg.Loss, cfg.Params, 0)
	if err != nil {
		res := newResult(cfg, nil)
		res.Warnings = append(res.Warnings, fmt.Errorf("no target to compare with: %w", err))
		return res
	}
	return newResult(cfg, l)
}

// newResult is NewResult for the run's loss l (nil: no target).
func newResult(cfg Config, l loss.Loss) *Result {
	res := &Result{Seed: cfg.Seed, Replicate: cfg.Replicate, Loss: cfg.Loss, Model: cfg.Model.Kind}
	if l == nil {
		return res
	}
	if t, err := l.Target(cfg.Space, cfg.N); err == nil {
		res.Target = t
	} else {
		res.Warnings = append(res.Warnings, fmt.Errorf("no target to compare with: %w", err))
	}
	return res
}

// accumulateAverage folds the current parameters into the running mean of k iterates.
func (r *runner) accumulateAverage(k int) {
	p := r.model.Params()
	if r.avg == nil {
		r.avg = make([]float64, len(p))
	}
	w := 1 / float64(k)
	for i, v := range p {
		r.avg[i] += (v - r.avg[i]) * w
	}
}

// runner holds the buffers of a run; a step allocates nothing but its records.
type runner struct {
	cfg     *Config
	rng     *rand.Rand
	sampler *sample.Sampler
	batch   sample.Batch
	loss    loss.Loss
	layout  loss.Layout    // r.loss.Layout()
	dec     bool           // r.loss.Decoupled()
	logitL  loss.LogitLoss // r.loss as a LogitLoss (level 1)
	countL  loss.CountLoss // r.loss as a CountLoss (level 1), or nil
	model   nn.Model
	logits  *nn.FreeLogits // level 1
	encoder nn.Encoder     // levels 2, 3
	vectors *sample.StateVectors
	opt     optim.Optimizer
	sched   optim.Schedule
	avg     []float64 // Polyak–Ruppert mean of the parameters (AverageFrom)

	states []int      // view-1 states then view-2 states (2N)
	x      *mat.Dense // 2N×in inputs (MLP)
	z, gz  *mat.Dense // 2N×d embeddings and their gradient
	z1, z2 *mat.Dense // views of z: view-1 rows, view-2 rows
	g1, g2 *mat.Dense // views of gz
	s, gs  *mat.Dense // logits and their gradient (free logits)
	// the count path of free logits (loss.CountLoss)
	counts    loss.Counts
	theta     *mat.SymDense
	gTheta    *mat.Dense
	classProb *mat.Dense
	stateIDs  []int
	cross     *mat.Dense // k×k cos/τ (k = layout.Side(N)), for measurement
	acc       *PairAccumulator
	probs     []float64 // 2N per-anchor positive-pair probabilities (measurement)
}

func newRunner(cfg *Config) (*runner, error) {
	m := cfg.Space.Len()
	n := cfg.N
	l, err := loss.NewWithWorkers(cfg.Loss, cfg.Params, cfg.Workers)
	if err != nil {
		return nil, fmt.Errorf("simulate: %w", err)
	}
	r := &runner{
		cfg:     cfg,
		rng:     sample.Stream(cfg.Seed, cfg.Replicate),
		sampler: sample.NewSampler(cfg.Space),
		loss:    l,
		layout:  l.Layout(),
		dec:     l.Decoupled(),
		states:  make([]int, 2*n),
		acc:     NewPairAccumulator(m),
		probs:   make([]float64, 2*n),
	}
	k := r.layout.Side(n) // side of the logits
	switch cfg.Model.Kind {
	case ModelLogits:
		var ok bool
		if r.logitL, ok = l.(loss.LogitLoss); !ok {
			return nil, fmt.Errorf("simulate: loss %q has no logit form, so it cannot train model %q", cfg.Loss, cfg.Model.Kind)
		}
		r.countL, _ = l.(loss.CountLoss)
		r.logits, err = nn.NewFreeLogits(m, 0)
		r.model = r.logits
		r.s, r.gs = mat.NewDense(k, k, nil), mat.NewDense(k, k, nil)
		r.theta, r.gTheta, r.classProb = mat.NewSymDense(m, nil), mat.NewDense(m, m, nil), mat.NewDense(m, m, nil)
		r.stateIDs = make([]int, m)
		for i := range r.stateIDs {
			r.stateIDs[i] = i
		}
	case ModelEmbedding:
		var e *nn.Embedding
		e, err = nn.NewEmbedding(m, cfg.Model.Dim, r.rng)
		r.encoder, r.model = e, e
	case ModelMLP:
		var mlp *nn.MLP
		mlp, err = nn.NewMLP(cfg.Model.Widths, r.rng)
		if err == nil {
			mlp.Workers = cfg.Workers
			r.vectors, err = sample.NewGaussianStateVectors(m, cfg.Model.Widths[0], r.rng)
		}
		r.encoder, r.model = mlp, mlp
		r.x = mat.NewDense(2*n, cfg.Model.Widths[0], nil)
	}
	if err != nil {
		return nil, fmt.Errorf("simulate: model %q: %w", cfg.Model.Kind, err)
	}
	if r.encoder != nil {
		d := r.encoder.OutDim()
		r.z, r.gz = mat.NewDense(2*n, d, nil), mat.NewDense(2*n, d, nil)
		r.z1, r.z2 = r.z.Slice(0, n, 0, d).(*mat.Dense), r.z.Slice(n, 2*n, 0, d).(*mat.Dense)
		r.g1, r.g2 = r.gz.Slice(0, n, 0, d).(*mat.Dense), r.gz.Slice(n, 2*n, 0, d).(*mat.Dense)
		r.cross = mat.NewDense(k, k, nil)
	}
	switch cfg.Opt.Name {
	case "adam":
		r.opt, err = optim.NewAdam(optim.DefaultBeta1, optim.DefaultBeta2, optim.DefaultEps)
	case "sgd":
		r.opt, err = optim.NewSGD(cfg.Opt.Momentum)
	}
	if err != nil {
		return nil, fmt.Errorf("simulate: optimiser %q: %w", cfg.Opt.Name, err)
	}
	switch cfg.Opt.Schedule {
	case "constant":
		r.sched, err = optim.NewConstant(cfg.Opt.LR)
	case "warmup-cosine":
		r.sched, err = optim.NewWarmupCosine(cfg.Opt.LR, cfg.Opt.Warmup, cfg.Steps)
	}
	if err != nil {
		return nil, fmt.Errorf("simulate: schedule %q: %w", cfg.Opt.Schedule, err)
	}
	return r, nil
}

// draw samples a batch and fills states (and the MLP inputs).
func (r *runner) draw() {
	n := r.cfg.N
	r.sampler.Batch(&r.batch, n, r.rng)
	copy(r.states[:n], r.batch.View1)
	copy(r.states[n:], r.batch.View2)
	if r.vectors != nil {
		r.vectors.NoisyTo(r.x, r.states, r.cfg.Model.Noise, r.rng)
	}
}

// step draws a batch, evaluates the loss and leaves the gradient in the model. When
// record is set it also measures the batch (before the update).
func (r *runner) step(record bool) (float64, *Record) {
	r.draw()
	r.model.ZeroGrad()
	var l float64
	if r.logits != nil {
		if r.countL != nil {
			// O(m³) per step: the logits depend on states only (loss.Counts).
			r.countL.CountsOf(&r.counts, r.cfg.Space.Len(), r.batch.View1, r.batch.View2)
			r.theta.CopySym(r.logits.Theta())
			l = r.countL.EvalCounts(r.theta, &r.counts, r.gTheta)
			r.logits.BackwardLogits(r.gTheta, r.stateIDs, r.stateIDs)
		} else {
			rows, cols := r.logitStates()
			r.logits.LogitsTo(r.s, rows, cols)
			l = r.logitL.EvalLogits(r.s, r.gs)
			r.logits.BackwardLogits(r.gs, rows, cols)
		}
	} else {
		r.encoder.Forward(r.z, r.states, r.x)
		l = r.loss.Eval(r.z1, r.z2, r.g1, r.g2)
		r.encoder.Backward(r.gz)
	}
	if !record {
		return l, nil
	}
	r.acc.Reset()
	r.measureBatch()
	rec := &Record{PairProb: r.acc.Mean()}
	if r.logits != nil {
		rec.Logits = r.logits.Theta()
	} else {
		g := r.geometry(r.z, r.states)
		rec.Geometry = &g
	}
	return l, rec
}

// logitStates returns the states of the rows and columns of the batch's logits in
// the loss's layout.
func (r *runner) logitStates() (rows, cols []int) {
	return loss.Arrange(r.layout, r.batch.View1, r.batch.View2, r.states)
}

// measureBatch adds the current batch's positive-pair probabilities, in the loss's
// normalisation, to r.acc.
func (r *runner) measureBatch() {
	if r.countL != nil {
		m := r.cfg.Space.Len()
		r.countL.CountsOf(&r.counts, m, r.batch.View1, r.batch.View2)
		r.theta.CopySym(r.logits.Theta())
		loss.PositiveProbCounts(r.classProb, r.theta, &r.counts, r.dec)
		for k, cnt := range r.counts.Anchors {
			if cnt > 0 {
				r.acc.AddN(k/m, k%m, r.classProb.At(k/m, k%m), int(cnt))
			}
		}
		return
	}
	s := r.s
	if r.logits == nil {
		a, b := loss.Arrange(r.layout, r.z1, r.z2, r.z)
		cosineLogitsTo(r.cross, a, b, r.cfg.Params.Tau)
		s = r.cross
	}
	rows, cols := r.logitStates()
	accumulatePairs(r.acc, r.probs[:r.layout.Side(r.cfg.N)], s, rows, cols, r.layout, r.dec)
}

func (r *runner) geometry(z *mat.Dense, states []int) Geometry {
	tau := r.cfg.Params.Tau
	g := MeasureGeometry(z, states, r.cfg.Space.Len(), tau, r.cfg.ReferenceMetrics)
	return g
}

// evaluate averages the positive-pair probability over k fresh batches after training
// and measures the geometry of their views. It stops with ctx's error when ctx is done
// (checked before every batch).
func (r *runner) evaluate(ctx context.Context, k int) (*mat.Dense, *Geometry, error) {
	r.acc.Reset()
	var geo *Geometry
	for b := 0; b < k; b++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		r.draw()
		if r.logits != nil {
			if r.countL == nil {
				rows, cols := r.logitStates()
				r.logits.LogitsTo(r.s, rows, cols)
			}
		} else {
			r.encoder.Forward(r.z, r.states, r.x)
			if b == 0 {
				g := r.geometry(r.z, r.states)
				geo = &g
			}
		}
		r.measureBatch()
	}
	return r.acc.Mean(), geo, nil
}

// cosineLogitsTo writes cos(a_x, b_y)/τ to dst.
func cosineLogitsTo(dst, a, b *mat.Dense, tau float64) {
	ra, d := a.Dims()
	rb, _ := b.Dims()
	ua, ub := mat.NewDense(ra, d, nil), mat.NewDense(rb, d, nil)
	normalizeRows(ua, a)
	normalizeRows(ub, b)
	dst.Mul(ua, ub.T())
	dst.Scale(1/tau, dst)
}
