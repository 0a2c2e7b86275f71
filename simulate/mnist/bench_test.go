package mnist

import (
	"runtime"
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

// reachedEstimate draws r views of every state of st (seed 1) and restricts the
// states and the estimate to the states some view reached (Estimate.Reachable).
func reachedEstimate(b *testing.B, st *fmnist.States, e *Estimator, r int) (*fmnist.States, *Estimate) {
	est, err := e.Estimate(r, 1)
	if err != nil {
		b.Fatal(err)
	}
	keep := est.Reachable()
	return st.Subset(keep), est.Restrict(keep)
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

// BenchmarkMNISTSpace10k builds the feature space of m = 10 000 states (1000 per digit)
// from an R = 5 estimate restricted to its reachable states, and reports the peak heap
// (runtime.MemStats.HeapSys after the build, MiB) against issue 13's 4 GiB budget. Run
// it alone (-bench MNISTSpace10k -benchtime 1x); /usr/bin/time -f %M gives the
// process's peak resident set.
func BenchmarkMNISTSpace10k(b *testing.B) {
	st, e := realEstimator(b, 1000, 0)
	for b.Loop() {
		sub, est := reachedEstimate(b, st, e, 5)
		sp, err := est.Space(sub.Labels())
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heapMiB")
		b.ReportMetric(float64(sp.Len()), "states")
	}
}

// memoryPerClass is the number of images per digit of BenchmarkMNISTMemory10k: with
// R = 5 views about three quarters of the states are reached (9742 of 13 000 at 1300
// per digit), so 1340 per digit leave at least 10 000 states.
const memoryPerClass = 1340

// BenchmarkMNISTMemory10k runs the construction at m ≈ 10 000 states on the sparse
// path: the R = 5 estimate restricted to its reachable states, the feature space on
// the support of c1 (SparseSpace), I(V1;V2), 20 training steps of the default MLP on
// those states, their embeddings and the gap of P to T1 over the support
// (SupportGap). It reports the states, c1's stored entries and the Go heap
// (runtime.MemStats.Sys, MiB). Run it alone under /usr/bin/time -v (-bench
// MNISTMemory10k -benchtime 1x) for the process's peak resident set against issue 13's
// 4 GiB budget.
func BenchmarkMNISTMemory10k(b *testing.B) {
	st, e := realEstimator(b, memoryPerClass, 0)
	for b.Loop() {
		sub, est := reachedEstimate(b, st, e, 5)
		sp, err := est.SparseSpace(sub.Labels())
		if err != nil {
			b.Fatal(err)
		}
		mi := sp.MutualInformation()
		sube := &Estimator{Snapper: NewSnapper(sub.Pixels), Rows: sub.Rows, Cols: sub.Cols, Augment: DefaultAugment}
		tr, err := NewTrainer(sube, DefaultTrainConfig())
		if err != nil {
			b.Fatal(err)
		}
		for range 20 {
			tr.Step()
		}
		gap, _ := SupportGap(sp, tr.Embed(), DefaultTrainConfig().Params.Tau, DefaultTrainConfig().Batch)
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.Sys)/(1<<20), "sysMiB")
		b.ReportMetric(float64(sp.Len()), "states")
		b.ReportMetric(float64(gap.Pairs), "c1pairs")
		b.ReportMetric(mi, "MInats")
		b.ReportMetric(gap.Median, "medianGapT1")
	}
}
