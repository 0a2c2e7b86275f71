// Package feature is the explicit finite feature space of docs/theory.md §1–§4: a source
// law π over states S = {0,…,m−1} and an augmentation TPM A, with the pair statistics
// and every analytic target and criterion of the theory.
//
// Pair statistics (docs/theory.md §1–§2):
//
//	q  = πA                          law of one view            (ViewMarginal)
//	c1 = Aᵀ diag(π) A = BᵀB, B = diag(√π)A   positive-pair joint  (PositiveJoint, by SYRK)
//	c2 = q qᵀ                         negative-pair joint        (NegativeJoint)
//	ρ  = c1 / c2 (entrywise)          density ratio              (DensityRatio)
//	I(V1;V2) = Σ_ij c1_ij log ρ_ij    mutual information, nats   (MutualInformation)
//
// Targets for n sources per batch (docs/theory.md §4):
//
//	T1 = c1 / (c1 + (n−1) c2)                     InfoNCE            (InfoNCETarget)
//	T2 = α c1 / ((n−1) c2) − β/(n−1)              SC-InfoNCE         (SCTarget)
//	T2(1, 0) = c1 / ((n−1) c2)                    DCL                (DCLTarget)
//	p̃* = (α c1 − β c2) / ((n−1) c2 − c1)          decoupled SC fixed point (DecoupledSCFixedPoint)
//
// Criteria: Σ_j q_j T2_ij = (α−β)/(n−1) (WeightedRowSums), so T2 is attainable only on
// α − β = 1 (R1, Attainable); T2_ij < 0 iff β > α ρ_ij (NegativeTargetPairs); the
// collapsed configuration is stationary iff α ρ_ij ≥ 1 + β for every pair (R2, Collapses).
//
// Population (mean-field) objectives over state-pair logits s (population.go): the
// InfoNCE loss with the softmax denominator replaced by its conditional expectation,
//
//	L(s) = Σ_ij c1_ij [ log D_i(s) − s_ij ],  D_i(s) = Σ_l (c1_il/q_i + (n−1) q_l) e^{s_il},
//
// whose minimisers are exactly the logits with e^{s_ij}/D_i = T1_ij, and the SC-InfoNCE
// potential whose gradient is the expected SC gradient (the SC loss has a stop-gradient,
// so it is a vector field; on free logits it is the gradient of)
//
//	F(s) = Σ_ij (β c2_ij − α c1_ij) s_ij + Σ_i q_i log Σ_l q_l e^{s_il},
//
// with positive-pair probability P_ij = e^{s_ij} / ((n−1) Σ_l q_l e^{s_il}) (the decoupled
// normalisation) and stationary point P = T2 exactly. F(s + t) = F(s) + t(1 + β − α),
// which is R1 in potential form.
//
// Cost (build.go, targetpass.go): the pair statistics take one O(m³) product and two
// passes over m×m memory. One pass reads A row by row, adding π_k A_k· to q (in markov's
// order, so q is bit-identical to πA) and writing B = diag(√π)A; one SYRK
// (internal/blasimpl.SymInner: Dsyrk with -tags openblas) writes the upper triangle of
// c1 = BᵀB into the Space's own storage. c2 = q qᵀ is never stored: every use recomputes
// q_i q_j. Each target is one further pass over c1 (InfoNCETargetTo, SCTargetTo); its
// rows are independent, so it runs on up to GOMAXPROCS goroutines (internal/chunks,
// from m = 512 on) with the same bits for any number. The first pass stays on one
// goroutine: q's sums run over k in order, and markov gives A only a row at a time.
// Callers building many spaces of one size reuse a Space (Set), a SpaceWorkspace (the
// scratch B) and target matrices (the …To forms), and then allocate nothing.
//
// Fresh memory: NewSpace and InfoNCETarget each return a new m×m matrix (c1, T1: 32 MiB
// each at m = 2048), which Go zeroes when it recycles heap memory (about 1 ms per
// 8 MiB) and the kernel zeroes and maps page by page when the memory is new to the
// process (several µs per 4 KiB page on a VM: 50–200 ms per m = 2048 target). The
// first calls of a program, and the calls after Go has returned idle heap to the
// kernel, pay the latter; the reusing forms pay neither. A matrix placed in memory new
// to the process touches only its upper triangle; when Go recycles that memory it zeroes
// all of it, and the strict lower triangle's pages (3072 of 8192 at m = 2048) fault then.
// feature's BenchmarkTargets therefore times a warm program (warmUp): each run first
// returns the heap the testing package's forced collection freed, warms up untimed until
// ops take no page faults, and drops its previous result before building the next; it
// reports faults/op (README.md, "Benchmarks and the Python peers": eight runs at
// m = 2048 within 1.04× of each other with OpenBLAS, against 1.28× when each op held the
// previous result). With GODEBUG=madvdontneed=0 Go releases idle heap with MADV_FREE, and
// the kernel keeps the pages mapped until it needs them.
//
// Failure policy (gonum): NewSpace returns an error naming any bad value, including a
// state that no view ever reaches (q_i = 0), for which ρ is undefined. The target
// methods with the fixed signatures of docs/design.md panic on an invalid n, α or β, which
// callers check first with CheckBatchSize and CheckSCParams (or use Targets, which
// returns the same errors). Results are fresh copies; the Space is immutable once
// handed out (Set is for the code that owns it).
package feature
