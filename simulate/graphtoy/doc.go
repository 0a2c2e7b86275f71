// Package graphtoy runs the paper's own synthetic experiment as the reference code does
// (docs/theory.md §7; recipe and quirks as in the PyTorch peer graph_toy.py): a GIN
// (simulate/gin) on the graph world (simulate/graph), trained with one of the reference
// losses (simulate/loss reference_*.go, types 0–7), Adam and transformers' cosine
// schedule (simulate/optim), with the reference's monitors.
//
// Training: epochs 0…Epochs (Epochs + 1 of them); each epoch reshuffles the training
// split and takes batches of BatchSize sources (the last partial batch kept). A step
// encodes the sources and k fresh views of each (k = 3 for IS-InfoNCE, else 2) in one
// forward pass, evaluates the loss on the views (the sources' embeddings are computed
// and unused, as in the reference), backpropagates and takes one Adam step at the
// schedule's rate of that step (step 0 has rate 0 under the reference's warm-up).
//
// Monitors, every LogEvery epochs, on the TEST sources (law π, not q): shuffle the test
// split, take full batches of BatchSize (drop the rest; stop at a batch that misses a
// state, as the reference); per batch P = row softmax of cos(z_i, z_j)/τ over its sources,
// self included; metric[a][b] = mean over rows i of class a (pooled over batches) of the
// mean over columns j of class b of P_ij. Class cosine: the first Sources/m/40 test
// sources of each class in the shuffled order, cos[a][b] = mean cosine over i in a and
// j in b (self pairs included).
//
// Randomness: four PCG streams from Seed (world, encoder init, training shuffles and
// views, monitor shuffles); results do not depend on Workers.
package graphtoy
