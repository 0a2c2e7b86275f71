// Package markov holds the augmentation model of the lab: transition probability
// matrices (TPMs) and probability vectors over a finite feature space S = {0,…,m−1}.
//
// Conventions (docs/theory.md §1):
//
//   - A TPM is row-stochastic: A[k][i] = Pr(view in state i | source in state k),
//     every entry is finite and non-negative and every row sums to 1 within SumTol.
//   - A probability vector p has finite, non-negative entries summing to 1 within SumTol.
//   - Values are immutable. Constructors validate and copy their input; accessors
//     return copies, so no caller can change a validated value.
//
// Failure policy (gonum mat/doc.go): constructors and families return an error for
// data-dependent problems, naming the offending row, column and value; index out of
// range in At is a programmer error and panics, as in gonum.
//
// Families: Identity (A = I), Uninformative (identical rows, so views carry no
// information about the source), Lazy ((1−ε)I + εU with U the uniform matrix),
// Block (mass `within` spread evenly inside a state's block, the rest evenly over the
// other blocks), Permutation, and RandomDirichlet (each row drawn from Dirichlet(κ·1)
// with an explicit *rand.Rand). Compose gives the TPM of applying A then B (A·B), and
// Aggregate the class-level TPM of a state→class map under a source distribution π:
//
//	Â[K][J] = Σ_{k∈K} π_k Σ_{i∈J} A[k][i] / Σ_{k∈K} π_k,
//
// the "sub-TPM" reading of docs/theory.md §4.
//
// Sparse TPMs (sparse.go, matrixmarket.go, sparsefamily.go): SparseTPM has the meaning
// of TPM in compressed sparse row form (row k lists the i with A[k][i] > 0), for
// augmentation graphs with up to millions of states. It is built from triplets
// (NewSparse: duplicates summed, the same validation and SumTol as New), from a Matrix
// Market "coordinate real general" file (ReadMatrixMarket, WriteMatrixMarket; errors
// name the line), or from a sparse family: LazyWalk on an undirected edge list,
// A = stay·I + (1−stay)·Deg⁻¹W; KNNGraph, the lazy walk on a symmetrised k-nearest-
// neighbour graph of data points; SparseBlock, mass `within` spread over a state's own
// block and the rest over the next block; and HashGraph, the peer workload in which
// state i stays with probability 1/2 and moves to each (a_r·i + b_r) mod m with
// probability 1/16 (docs/theory.md §1 for the TPM conventions).
package markov
