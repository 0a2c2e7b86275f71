package main

// settings are the sizes of the figures' computations: training steps, replicates,
// grids. The default run uses defaultSettings; -quick uses quickSettings, which keep
// every code path but finish in about a second (the figures are then not meaningful).
type settings struct {
	Quick bool
	// N is the batch size of the training runs (the toy's is feature.ToyBatchSize).
	N int
	// Seed is the base seed of every run; replicate r of a run draws from the stream
	// (Seed, r) (simulate.Replicates), so "seeds" below are replicate streams.
	Seed uint64
	// Workers bounds the replicates trained at once (0: GOMAXPROCS); results do not
	// depend on it.
	Workers int

	// Figure infonce-convergence: replicates, and the steps of each model level.
	Seeds                                int
	LogitSteps, EmbeddingSteps, MLPSteps int
	Dim                                  int // per-state embedding dimension d
	RecordEvery                          int // period of the recorded steps (embeddings, MLP)
	LogitRecordEvery                     int // period of the recorded steps (free logits)

	// Figure sc-convergence: replicates and steps of free-logit SC-InfoNCE on α − β = 1.
	SCSeeds, SCSteps int

	// Figure sc-off-line: replicates and steps of per-state embeddings off the line.
	OffLineSeeds, OffLineSteps int

	// Figure batch-size: batch sizes, replicates, and the steps at batch size n,
	// max(BatchMinSteps, BatchAnchors/n), so that every n sees about the same number of
	// anchors.
	BatchSizes                  []int
	BatchSeeds                  int
	BatchAnchors, BatchMinSteps int
	// GapSizes are the batch sizes of the batch-size figure's exact enumeration
	// (enumerate.GapTable), increasing, each ≥ 2.
	GapSizes []int

	// Figure clustering: replicates and steps of the per-state embeddings.
	ClusterSeeds, ClusterSteps int

	// Figure temperature: number of τ on the log grid from TauMin to TauMax.
	Taus           int
	TauMin, TauMax float64

	// Figure monte-carlo: draws from MCMin to MCMax at MCPoints log-spaced counts, over
	// MCReplicates replicate streams.
	MCMin, MCMax, MCPoints, MCReplicates int
}

// defaultSettings are the settings of `go run ./figures` on the toy at batch size n.
func defaultSettings(n int) settings {
	return settings{
		N:                n,
		Seed:             1,
		Seeds:            5,
		LogitSteps:       600,
		EmbeddingSteps:   500,
		MLPSteps:         600,
		Dim:              8,
		RecordEvery:      10,
		LogitRecordEvery: 5,
		SCSeeds:          5,
		SCSteps:          2500,
		OffLineSeeds:     3,
		OffLineSteps:     400,
		BatchSizes:       []int{16, 32, 64, 128, 256, 512, 1000},
		BatchSeeds:       5,
		BatchAnchors:     2_000_000,
		BatchMinSteps:    2500,
		GapSizes:         []int{2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512},
		ClusterSeeds:     2,
		ClusterSteps:     400,
		Taus:             61,
		TauMin:           0.05,
		TauMax:           20,
		MCMin:            100,
		MCMax:            1_000_000,
		MCPoints:         21,
		MCReplicates:     20,
	}
}

// quickSettings are tiny settings that exercise every figure in about a second: for
// tests of the command's wiring, not for looking at.
func quickSettings() settings {
	return settings{
		Quick:            true,
		N:                64,
		Seed:             1,
		Seeds:            2,
		LogitSteps:       30,
		EmbeddingSteps:   20,
		MLPSteps:         20,
		Dim:              4,
		RecordEvery:      5,
		LogitRecordEvery: 5,
		SCSeeds:          2,
		SCSteps:          40,
		OffLineSeeds:     2,
		OffLineSteps:     20,
		BatchSizes:       []int{8, 32},
		BatchSeeds:       2,
		BatchAnchors:     2000,
		BatchMinSteps:    30,
		GapSizes:         []int{2, 4, 16},
		ClusterSeeds:     1,
		ClusterSteps:     20,
		Taus:             5,
		TauMin:           0.1,
		TauMax:           10,
		MCMin:            30,
		MCMax:            3000,
		MCPoints:         4,
		MCReplicates:     3,
	}
}

// batchSteps returns the training steps of the batch-size figure at batch size n.
func (s settings) batchSteps(n int) int {
	return max(s.BatchMinSteps, s.BatchAnchors/n)
}
