package mnist

import (
	"sync"
	"testing"

	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
)

var (
	realOnce sync.Once
	realDS   *fmnist.Dataset
	realErr  error
)

// realStates returns the first perClass training images of each digit from the GoMNIST
// module, skipping the test or benchmark if the module has not been downloaded.
func realStates(tb testing.TB, perClass int) *fmnist.States {
	tb.Helper()
	realOnce.Do(func() {
		dir, err := fmnist.DataDir()
		if err != nil {
			realErr = err
			return
		}
		realDS, realErr = fmnist.LoadTrain(dir)
	})
	if realErr != nil {
		tb.Skip(realErr)
	}
	st, err := fmnist.SelectStates(realDS, perClass)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

func realEstimator(tb testing.TB, perClass, workers int) (*fmnist.States, *Estimator) {
	st := realStates(tb, perClass)
	return st, &Estimator{Snapper: NewSnapper(st.Pixels), Rows: st.Rows, Cols: st.Cols, Augment: DefaultAugment, Workers: workers}
}

// BenchmarkMNISTStep is one training step of the peer's workload
// (mnist_states.py --bench-steps): m = 1000 states, N = 256 sources, 2N augmentations
// and snaps, MLP 784→256→64 forward and backward, InfoNCE (τ = 0.5), Adam.
func BenchmarkMNISTStep(b *testing.B) {
	_, e := realEstimator(b, 100, 0)
	tr, err := NewTrainer(e, DefaultTrainConfig())
	if err != nil {
		b.Fatal(err)
	}
	for range 3 {
		tr.Step()
	}
	b.ResetTimer()
	for b.Loop() {
		tr.Step()
	}
}

// BenchmarkMNISTViews is the augmentation and snapping part of a step alone.
func BenchmarkMNISTViews(b *testing.B) {
	_, e := realEstimator(b, 100, 0)
	tr, err := NewTrainer(e, DefaultTrainConfig())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		tr.drawViews(1)
	}
}

// BenchmarkMNISTEstimate is the TPM estimate with R = 200 views per state at m = 1000
// (mnist_states.py --estimate 200).
func BenchmarkMNISTEstimate(b *testing.B) {
	_, e := realEstimator(b, 100, 0)
	for b.Loop() {
		if _, err := e.Estimate(200, 1); err != nil {
			b.Fatal(err)
		}
	}
}
