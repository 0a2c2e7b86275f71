package simulate_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// freeLogits is free-logit training (docs/theory.md §5, level 1) on the toy at a small
// batch: SGD at a constant rate, parameters averaged over the second half.
func freeLogits(steps int) simulate.Config {
	return simulate.Config{
		Space:       feature.Toy(),
		N:           100,
		Loss:        "infonce",
		Params:      simulate.LossParams{Tau: 1, Alpha: 1, Beta: 0},
		Model:       simulate.ModelConfig{Kind: simulate.ModelLogits},
		Opt:         simulate.OptimizerConfig{Name: "sgd", LR: 0.5, Momentum: 0.9, Schedule: "constant"},
		Steps:       steps,
		RecordEvery: steps,
		Seed:        1,
		EvalBatches: 200,
		AverageFrom: steps / 2,
	}
}

// Train one run of free logits and compare its positive-pair probabilities with their
// mean-field target T1 (Result.Target).
func ExampleTrain() {
	res, err := simulate.Train(context.Background(), freeLogits(2000), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s on %s: %d records, final loss %.2f\n", res.Loss, res.Model, len(res.Records), res.Records[len(res.Records)-1].Loss)
	fmt.Printf("P(0,0)·N = %.2f, T1(0,0)·N = %.2f\n", 100*res.PairProb.At(0, 0), 100*res.Target.At(0, 0))
	fmt.Printf("largest relative gap to T1: %.1f %%\n", 100*feature.MaxRelGap(res.PairProb, res.Target))
	// Output:
	// infonce on logits: 2 records, final loss 4.60
	// P(0,0)·N = 1.23, T1(0,0)·N = 1.22
	// largest relative gap to T1: 0.7 %
}

// Replicates runs independent streams (seed, replicate) of one configuration; the
// results are the same for any number of workers. Averaging the replicates removes
// most of the sampling noise of a single run.
func ExampleReplicates() {
	cfg := freeLogits(2000)
	runs, err := simulate.Replicates(context.Background(), cfg, 4, 2, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var mean mat.Dense
	for _, r := range runs {
		fmt.Printf("replicate %d: %.1f %% from T1\n", r.Replicate, 100*feature.MaxRelGap(r.PairProb, r.Target))
		if mean.IsEmpty() {
			mean.Scale(1.0/float64(len(runs)), r.PairProb)
			continue
		}
		var part mat.Dense
		part.Scale(1.0/float64(len(runs)), r.PairProb)
		mean.Add(&mean, &part)
	}
	fmt.Printf("their mean: %.1f %% from T1\n", 100*feature.MaxRelGap(&mean, runs[0].Target))
	// Output:
	// replicate 0: 0.7 % from T1
	// replicate 1: 0.5 % from T1
	// replicate 2: 0.6 % from T1
	// replicate 3: 0.7 % from T1
	// their mean: 0.2 % from T1
}

// From a TPM to its targets, a training run and the comparison, without a notebook.
func Example_endToEnd() {
	// This TPM and source are valid; with user data, check the errors (they name the bad entry).
	tpm, _ := markov.New([][]float64{{0.6, 0.3, 0.1}, {0.2, 0.6, 0.2}, {0.1, 0.3, 0.6}})
	space, _ := feature.NewSpace([]float64{0.5, 0.3, 0.2}, tpm)
	t1 := space.InfoNCETarget(64) // docs/theory.md §4.1: T1 = c1/(c1 + (N−1)c2)
	cfg := simulate.Config{Space: space, N: 64, Loss: "infonce", Params: simulate.LossParams{Tau: 1, Alpha: 1},
		Model: simulate.ModelConfig{Kind: simulate.ModelLogits}, Steps: 2000, RecordEvery: 2000, Seed: 7, EvalBatches: 200, AverageFrom: 1000,
		Opt: simulate.OptimizerConfig{Name: "sgd", LR: 0.5, Momentum: 0.9, Schedule: "constant"}}
	res, err := simulate.Train(context.Background(), cfg, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("T1·N:\n%.2f\ntrained·N:\n%.2f\n", mat.Formatted(scaled(64, t1)), mat.Formatted(scaled(64, res.PairProb)))
	fmt.Printf("largest relative gap: %.1f %%\n", 100*feature.MaxRelGap(res.PairProb, t1))
	// Output:
	// T1·N:
	// ⎡1.34  0.89  0.62⎤
	// ⎢0.89  1.12  0.97⎥
	// ⎣0.62  0.97  1.66⎦
	// trained·N:
	// ⎡1.34  0.89  0.62⎤
	// ⎢0.89  1.13  0.97⎥
	// ⎣0.62  0.98  1.65⎦
	// largest relative gap: 0.9 %
}

func scaled(f float64, a mat.Matrix) *mat.Dense {
	var d mat.Dense
	d.Scale(f, a)
	return &d
}
