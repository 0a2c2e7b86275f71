package graphtoy

import (
	"fmt"
	"math"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/graph"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// Config is one run of the reference experiment. Default gives the reference's values.
type Config struct {
	Space     *feature.Space // π and A
	Graph     graph.Config   // graph world
	LossType  int            // reference loss number 0–7
	Loss      loss.Params    // τ, α, β
	Epochs    int            // runs Epochs + 1 epochs (the reference's quirk)
	BatchSize int            // sources per batch, ≤ the training split
	LR        float64        // Adam peak learning rate
	Corrected bool           // cosine sized by the steps taken instead of epochs + 1
	LogEvery  int            // monitor every LogEvery epochs (and at epoch 0)
	Hidden    int            // GIN width
	Proj      int            // embedding dimension
	Seed      uint64
	Workers   int // goroutines (results do not depend on it)
}

// Default is the reference: toy space, reference graphs, loss 0, τ = 1, α = 1, β = 0,
// 300 (+1) epochs of batch 1000, lr 1e-3, log every 10 epochs, widths 16.
func Default() Config {
	return Config{Space: feature.Toy(), Graph: graph.Reference(), Loss: loss.Params{Tau: 1, Alpha: 1},
		Epochs: 300, BatchSize: 1000, LR: 1e-3, LogEvery: 10, Hidden: 16, Proj: 16, Seed: 2025}
}

// Validate returns an error naming the first bad field and its value.
func (c Config) Validate() error {
	if c.Space == nil {
		return fmt.Errorf("graphtoy: nil Space")
	}
	if err := c.Graph.Validate(); err != nil {
		return err
	}
	if c.LossType < 0 || c.LossType >= len(loss.ReferenceLosses) {
		return fmt.Errorf("graphtoy: LossType = %d: need a reference loss number 0–%d", c.LossType, len(loss.ReferenceLosses)-1)
	}
	if err := c.Loss.Check(); err != nil {
		return err
	}
	switch {
	case c.Epochs < 0:
		return fmt.Errorf("graphtoy: Epochs = %d: need ≥ 0", c.Epochs)
	case c.BatchSize < 2:
		return fmt.Errorf("graphtoy: BatchSize = %d: need ≥ 2", c.BatchSize)
	case c.BatchSize > c.Graph.TrainSize:
		return fmt.Errorf("graphtoy: BatchSize = %d is larger than the training split (%d sources)", c.BatchSize, c.Graph.TrainSize)
	case c.BatchSize > c.Graph.Sources-c.Graph.TrainSize:
		return fmt.Errorf("graphtoy: BatchSize = %d is larger than the test split (%d sources), so no monitor batch", c.BatchSize, c.Graph.Sources-c.Graph.TrainSize)
	case !(c.LR > 0) || math.IsInf(c.LR, 1):
		return fmt.Errorf("graphtoy: LR = %v: need a finite learning rate > 0", c.LR)
	case c.LogEvery < 1:
		return fmt.Errorf("graphtoy: LogEvery = %d: need ≥ 1", c.LogEvery)
	case c.Hidden < 1 || c.Proj < 1:
		return fmt.Errorf("graphtoy: Hidden = %d, Proj = %d: need ≥ 1", c.Hidden, c.Proj)
	}
	return nil
}

// BatchesPerEpoch is ⌈TrainSize/BatchSize⌉.
func (c Config) BatchesPerEpoch() int { return (c.Graph.TrainSize + c.BatchSize - 1) / c.BatchSize }

// views is the number of views per source: 3 for IS-InfoNCE (type 2), else 2.
func (c Config) views() int {
	if c.LossType == 2 {
		return 3
	}
	return 2
}
