package graphtoy

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/gin"
	"github.com/infonce-lab/infonce-lab/simulate/graph"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	"github.com/infonce-lab/infonce-lab/simulate/optim"
)

// Trainer holds one run's world, encoder, loss, optimiser and schedule.
type Trainer struct {
	cfg      Config
	World    *graph.World
	Encoder  *gin.Encoder
	loss     loss.Loss
	adam     *optim.Adam
	sched    optim.TransformersCosine
	step     int
	trainRng *rand.Rand
	monRng   *rand.Rand

	part    graph.Batch
	batch   graph.Batch
	z, gz   mat.Dense
	zv, gv  []*mat.Dense // view blocks of z and gz for the current batch size
	viewsOf int          // batch size the blocks were cut for
	order   []int
	monitor monitorScratch
}

// New validates cfg and builds the world, the encoder and the optimiser.
func New(cfg Config) (*Trainer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	w, err := graph.New(cfg.Space, cfg.Graph, rand.New(rand.NewPCG(cfg.Seed, 1)))
	if err != nil {
		return nil, err
	}
	enc, err := gin.New(w, cfg.Hidden, cfg.Proj, rand.New(rand.NewPCG(cfg.Seed, 2)))
	if err != nil {
		return nil, err
	}
	enc.Workers = cfg.Workers
	l, err := loss.NewReference(cfg.LossType, cfg.Loss, cfg.Workers)
	if err != nil {
		return nil, err
	}
	adam, err := optim.NewAdam(optim.DefaultBeta1, optim.DefaultBeta2, optim.DefaultEps)
	if err != nil {
		return nil, err
	}
	var sched optim.TransformersCosine
	if cfg.Corrected {
		sched, err = optim.CorrectedSchedule(cfg.LR, cfg.Epochs, cfg.BatchesPerEpoch())
	} else {
		sched, err = optim.ReferenceSchedule(cfg.LR, cfg.Epochs)
	}
	if err != nil {
		return nil, err
	}
	return &Trainer{cfg: cfg, World: w, Encoder: enc, loss: l, adam: adam, sched: sched,
		trainRng: rand.New(rand.NewPCG(cfg.Seed, 3)), monRng: rand.New(rand.NewPCG(cfg.Seed, 4))}, nil
}

// Steps returns the number of steps taken.
func (t *Trainer) Steps() int { return t.step }

// LR returns the learning rate of the next step.
func (t *Trainer) LR() float64 { return t.sched.LR(t.step) }

// Step takes one training step on the training sources idx and returns the loss (of
// the parameters before the step). After the first step of a batch size it allocates
// nothing beyond internal/chunks.For's goroutines (none with Workers ≤ 1).
func (t *Trainer) Step(idx []int) float64 {
	n, k := len(idx), t.cfg.views()
	t.batch.Reset()
	t.World.SourcesTo(&t.part, idx)
	t.batch.Append(&t.part)
	for range k {
		t.World.ViewsTo(&t.part, idx, t.trainRng)
		t.batch.Append(&t.part)
	}
	if t.viewsOf != n {
		t.cut(n, k)
	}
	t.Encoder.Forward(&t.z, &t.batch)
	var l float64
	if k == 3 {
		l = t.loss.(loss.ThreeViewLoss).EvalThree(t.zv[0], t.zv[1], t.zv[2], t.gv[0], t.gv[1], t.gv[2])
	} else {
		l = t.loss.Eval(t.zv[0], t.zv[1], t.gv[0], t.gv[1])
	}
	t.Encoder.ZeroGrad()
	t.Encoder.Backward(&t.gz)
	t.adam.Step(t.Encoder.Params(), t.Encoder.Grad(), t.sched.LR(t.step))
	t.step++
	return l
}

// cut sizes z and gz for n sources and k views and cuts the view blocks; the source
// rows of gz stay zero (no loss uses them).
func (t *Trainer) cut(n, k int) {
	p := t.cfg.Proj
	t.z = mat.Dense{}
	t.z.ReuseAs((1+k)*n, p)
	t.gz = mat.Dense{}
	t.gz.ReuseAs((1+k)*n, p)
	t.zv, t.gv = t.zv[:0], t.gv[:0]
	for v := 1; v <= k; v++ {
		t.zv = append(t.zv, t.z.Slice(v*n, (v+1)*n, 0, p).(*mat.Dense))
		t.gv = append(t.gv, t.gz.Slice(v*n, (v+1)*n, 0, p).(*mat.Dense))
	}
	t.viewsOf = n
}

// Epoch runs one epoch (reshuffled training split, batches of BatchSize, the last
// partial batch kept) and returns the mean of its batch losses.
func (t *Trainer) Epoch() float64 {
	train := t.World.Train()
	t.order = append(t.order[:0], train...)
	t.trainRng.Shuffle(len(t.order), func(i, j int) { t.order[i], t.order[j] = t.order[j], t.order[i] })
	sum, cnt := 0.0, 0
	for lo := 0; lo < len(t.order); lo += t.cfg.BatchSize {
		hi := min(lo+t.cfg.BatchSize, len(t.order))
		sum += t.Step(t.order[lo:hi])
		cnt++
	}
	return sum / float64(cnt)
}
