// Package graph is the graph world of the paper's own synthetic experiment (the
// reference recipe of docs/theory.md §7, re-implemented in the peer
// graph_toy.py): one random base graph per state, a random node-mask noise operator,
// fixed noisy sources and fresh noisy views whose state moves by the augmentation TPM.
//
// Base graph of state c: Nodes nodes; each pair i < j is an undirected edge with
// probability EdgeProb (no self-loops); node features x_i ~ N(0, I) in R^FeatDim.
// The reference: Nodes = 20, EdgeProb = 40/190 (40 edges expected), FeatDim = 8.
//
// Noise ("random mask"): r ~ U[0, MaxMaskRate), delete ⌊Nodes·r⌋ nodes chosen uniformly
// without replacement, keep the induced subgraph. A masked graph is stored as
// (state, keep mask over the base nodes): its adjacency is the base adjacency restricted
// to kept nodes, which equals the relabelled subgraph for any permutation-equivariant
// encoder with a permutation-invariant pool.
//
// Sources: Sources items, state c ~ π, graph = noise(base[c]), drawn once and split at
// random into TrainSize training and the rest test items. Each access of a source
// draws fresh views: c' ~ A[c, ·], graph = noise(base[c']).
//
// Randomness comes from explicit *rand.Rand values: the world (base graphs, sources,
// split) from the one given to New, views from the one given to each call.
package graph
