// Command mnist tests the theory on real images (README.md). The states are m real
// MNIST training images (feature/mnist); a view of a state is an augmentation of its
// image snapped to the nearest state, so the augmentation is a TPM over the states,
// estimated by Monte Carlo (simulate/mnist), and every formula of docs/theory.md
// §1–§6 applies exactly. An MLP on the state images' pixels is trained with the lab's
// losses and measured exactly over the states:
//
//	P_ij = e^{s_ij}/D_i,  s_ij = cos(f(x_i), f(x_j))/τ,
//	D_i = Σ_l (c1_il/q_i + (N−1) q_l) e^{s_il}        (docs/theory.md §4, §6)
//
// against T1 = c1/(c1 + (N−1)c2) and against the level-2 optimum (feature/optimum at
// d = 64), with class clustering (1-NN, a least-squares linear probe, class-mean
// cosines) for the MLP, the level-2 optimum and the raw pixels. Every number computed
// from the estimated TPM carries a bootstrap standard error (rows' views resampled).
//
// Studies: (a) augmentation strength → measured TPM → predicted (level-2 optimum)
// against learned clustering; (b) SC-InfoNCE over (α, β): R1/R2 predictions from this
// space's ρ against the measured drift of the cosines and collapse; (c) P against T1
// and the level-2 optimum during InfoNCE training.
//
// Memory (space.go): the feature space is dense up to 4096 states and sparse above
// (docs/theory.md §11); every pair measurement and the level-2 optimum read c1 on its
// support a block of rows of logits at a time, so no study holds an m×m matrix and
// m = 10 000 fits in 4 GiB (README.md, "Memory of the notebook").
//
// Layering: notebooks sits on top; it reads data with feature/mnist, estimates and
// trains with simulate/mnist, and writes run folders with notebooks/internal/runio.
package main
