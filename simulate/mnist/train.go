package mnist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	"github.com/infonce-lab/infonce-lab/simulate/nn"
	"github.com/infonce-lab/infonce-lab/simulate/optim"
)

// TrainConfig configures an encoder on the state images' pixels.
type TrainConfig struct {
	// Hidden are the hidden widths and Dim the embedding dimension: the MLP is
	// pixels → Hidden… → Dim (issue 13's default 784 → 256 → 64: Hidden [256], Dim 64).
	Hidden []int
	Dim    int
	// Loss names a loss of the lab's registry (simulate.NewLoss) with its parameters
	// (τ; α, β for scinfonce).
	Loss   string
	Params simulate.LossParams
	// Batch is the number N ≥ 2 of sources per step, LR the Adam learning rate.
	Batch int
	LR    float64
	// Seed seeds the initialisation and every draw.
	Seed uint64
	// Workers bounds the goroutines of a step (≤ 0: GOMAXPROCS); results do not
	// depend on it.
	Workers int
}

// DefaultTrainConfig is the peer's workload (../bench peer in the issue): MLP
// 784 → 256 → 64, InfoNCE at τ = 0.5, N = 256, Adam lr 10⁻³.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{Hidden: []int{256}, Dim: 64, Loss: loss.InfoNCE, Params: simulate.LossParams{Tau: 0.5}, Batch: 256, LR: 1e-3, Seed: 1}
}

// Trainer trains an MLP on snapped views: each step draws N sources uniformly over the
// states, two augmented views of each, snaps both to their nearest states and feeds
// those states' images to the MLP; the loss's gradient is backpropagated and Adam
// updates the weights. Not safe for concurrent use.
type Trainer struct {
	cfg     TrainConfig
	est     *Estimator // snapper, image shape, augmentation, workers
	mlp     nn.Encoder // a KernelMLP when the widths allow, else the nn.MLP
	loss    simulate.Loss
	adam    *optim.Adam
	rng     *rand.Rand
	workers int

	src, snapped   []int
	views, x       *mat.Dense // 2N×d each: augmented views, then the snapped states' pixels
	z, gz          *mat.Dense // 2N×Dim
	z1, z2, g1, g2 *mat.Dense
	scratch        []*Scratch
	steps          int
}

// NewTrainer validates cfg and the estimator's augmentation and returns a Trainer.
func NewTrainer(e *Estimator, cfg TrainConfig) (*Trainer, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	if cfg.Batch < 2 {
		return nil, fmt.Errorf("mnist: batch of %d sources: need N ≥ 2", cfg.Batch)
	}
	if !(cfg.LR > 0) || math.IsInf(cfg.LR, 0) {
		return nil, fmt.Errorf("mnist: learning rate %v: need a finite lr > 0", cfg.LR)
	}
	if cfg.Dim < 1 {
		return nil, fmt.Errorf("mnist: embedding dimension %d: need ≥ 1", cfg.Dim)
	}
	l, err := simulate.NewLoss(cfg.Loss, cfg.Params)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6d6e697374)) // "mnist"
	widths := append(append([]int{e.Snapper.Dim()}, cfg.Hidden...), cfg.Dim)
	mlp, err := nn.NewMLP(widths, rng)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	adam, err := optim.NewAdam(optim.DefaultBeta1, optim.DefaultBeta2, optim.DefaultEps)
	if err != nil {
		return nil, err
	}
	w := cfg.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	mlp.Workers = w
	var enc nn.Encoder = mlp
	if k, err := NewKernelMLP(mlp, w); err == nil {
		enc = k
	}
	n, d := cfg.Batch, e.Snapper.Dim()
	t := &Trainer{cfg: cfg, est: e, mlp: enc, loss: l, adam: adam, rng: rng, workers: w,
		src: make([]int, n), snapped: make([]int, 2*n),
		views: mat.NewDense(2*n, d, nil), x: mat.NewDense(2*n, d, nil),
		z: mat.NewDense(2*n, cfg.Dim, nil), gz: mat.NewDense(2*n, cfg.Dim, nil)}
	t.z1, t.z2 = t.z.Slice(0, n, 0, cfg.Dim).(*mat.Dense), t.z.Slice(n, 2*n, 0, cfg.Dim).(*mat.Dense)
	t.g1, t.g2 = t.gz.Slice(0, n, 0, cfg.Dim).(*mat.Dense), t.gz.Slice(n, 2*n, 0, cfg.Dim).(*mat.Dense)
	for range w {
		t.scratch = append(t.scratch, &Scratch{})
	}
	return t, nil
}

// Encoder returns the MLP being trained (its own storage): a KernelMLP when its
// widths allow, else an nn.MLP; both start from nn.NewMLP's initialisation.
func (t *Trainer) Encoder() nn.Encoder { return t.mlp }

// Steps returns the number of steps taken.
func (t *Trainer) Steps() int { return t.steps }

// Step takes one training step and returns the batch loss. Sources come from the
// trainer's stream; view v of the step is drawn from PCG(step seed, v), the step seed
// from the same stream, so the result does not depend on Workers.
func (t *Trainer) Step() float64 {
	l := t.lossGrad()
	t.adam.Step(t.mlp.Params(), t.mlp.Grad(), t.cfg.LR)
	t.steps++
	return l
}

// lossGrad draws a batch, leaves the snapped states' pixels in t.x and the loss
// gradient in the MLP's Grad, and returns the loss.
func (t *Trainer) lossGrad() float64 {
	m := t.est.Snapper.Len()
	for a := range t.src {
		t.src[a] = t.rng.IntN(m)
	}
	t.drawViews(t.rng.Uint64())
	d := t.est.Snapper.Dim()
	xr := t.x.RawMatrix()
	for v, j := range t.snapped {
		copy(xr.Data[v*xr.Stride:v*xr.Stride+d], t.est.Snapper.State(j))
	}
	t.mlp.ZeroGrad()
	t.mlp.Forward(t.z, nil, t.x)
	l := t.loss.Eval(t.z1, t.z2, t.g1, t.g2)
	t.mlp.Backward(t.gz)
	return l
}

// drawViews augments source src[v mod N] into row v of views (v < 2N) and snaps the
// rows, split over the workers in contiguous ranges.
func (t *Trainer) drawViews(seed uint64) {
	n2 := 2 * t.cfg.Batch
	d := t.est.Snapper.Dim()
	w := min(t.workers, n2)
	var wg sync.WaitGroup
	for c := 0; c < w; c++ {
		lo, hi := c*n2/w, (c+1)*n2/w
		wg.Add(1)
		go func() {
			defer wg.Done()
			pcg := rand.NewPCG(0, 0)
			rng := rand.New(pcg)
			raw := t.views.RawMatrix()
			for v := lo; v < hi; v++ {
				pcg.Seed(seed, uint64(v))
				img := t.est.Snapper.State(t.src[v%t.cfg.Batch])
				t.est.Augment.Apply(raw.Data[v*raw.Stride:v*raw.Stride+d], img, t.est.Rows, t.est.Cols, rng)
			}
			part := t.views.Slice(lo, hi, 0, d).(*mat.Dense)
			t.est.Snapper.Snap(t.snapped[lo:hi], part, t.scratch[c])
		}()
	}
	wg.Wait()
}

// Embed returns the MLP's raw embeddings of every state image (m×Dim).
func (t *Trainer) Embed() *mat.Dense {
	m, d := t.est.Snapper.Len(), t.est.Snapper.Dim()
	x := mat.NewDense(m, d, nil)
	for j := 0; j < m; j++ {
		x.SetRow(j, t.est.Snapper.State(j))
	}
	z := mat.NewDense(m, t.cfg.Dim, nil)
	t.mlp.Forward(z, nil, x)
	return z
}
