// Package grid is the testable core of the sweep notebook: a grid of runs — training runs
// over the batch size N, the temperature τ, the loss, the SC-InfoNCE α and β, and seeds,
// on a base scenario (simulate/scenario), or runs of another kind — run on many
// goroutines and many machines with results that do not depend on either.
//
// Kinds (kind.go). What a cell is and does is its Kind's: the expansion of the grid into
// cells, each cell's key, seed and run, the decoding of its file, the columns of
// results.csv and the summary. The Sweep (shards, Run's resumption, Merge, the files)
// treats every kind alike. ScenarioKind is the grid below; ReferenceKind runs the
// reference experiment (cell key "loss_type=<t> seed=<s>", run by
// notebooks/internal/reftable.Train, the function of `notebooks/reference -table`, with
// the cell's seed as given); MNISTKind trains encoders on MNIST states (cell key
// "loss=<name> seed=<s>", run as notebooks/mnist's study c trains its encoder, seeded
// with s, on one world seeded with world_seed). Their grids are JSON objects with
// "kind", two axes and scalar settings (reference.go, mnist.go); the canonical form
// sorts the axes and writes every setting, and is the "grid" of their sweep.json.
//
// Cells. A Grid's axes are canonicalised (each sorted ascending, duplicates refused) and
// expanded, loss-major, into cells (loss, N, τ, α, β, s) for seed index s = 0…Seeds−1.
// Losses that take no α and β (all but scinfonce and scinfonce-decoupled) get one cell
// per (loss, N, τ, s) with α = 1, β = 0, whatever the α and β axes hold. A cell's
// canonical key is the text
//
//	loss=<name> N=<n> tau=<τ> [alpha=<α> beta=<β>] seed=<s>
//
// with floats in their shortest exact decimal form (strconv 'g', −1; −0 written 0) and
// α, β only for the SC losses. Its id is the first 16 hex digits of SHA-256(key), and
// the seed of its training run is
//
//	seed = first 8 bytes, little-endian, of SHA-256("infonce-lab sweep cell\x00" ‖ base seed ‖ "\x00" ‖ key)
//
// (base seed in decimal), trained as simulate stream (seed, replicate 0). A cell's
// randomness therefore depends on the cell and the base scenario's seed only: not on
// its position in the work order, the number of workers, or the shard that runs it.
//
// Sweep id. The sweep id is the hex SHA-256 of
//
//	"infonce-lab sweep v1\n" ‖ canonical grid JSON ‖ "\n" ‖ canonical base JSON
//
// for a scenario sweep, and of "infonce-lab sweep v1\n" ‖ canonical settings JSON for
// the other kinds (Kind.Identity; the settings name the kind).
//
// where the canonical base is the base scenario's resolved form (scenario.Resolved)
// with the fields the grid sets or the sweep does not use removed (description,
// batch_size, loss, tau, alpha, beta, replicates, output), written with sorted keys.
// Two sweeps with equal ids run the same cells with the same configurations.
//
// Shards. Shard i/n owns the cells whose index k in canonical order has k mod n = i, a
// deterministic partition: every cell belongs to exactly one shard, and neighbouring
// cells (which differ in the innermost axes, seeds first) go to different shards, which
// balances cells of unequal cost.
//
// Files. A sweep directory holds sweep.json (format, id, grid, base, cell count),
// cells/<cell id>.json (one per finished cell, written atomically, so a cell file exists
// only when its cell is complete) and results.csv (one row per finished cell, in
// canonical order, written from the cell files). Run skips cells whose file exists;
// Merge combines the cell files of several directories of one sweep and refuses
// directories of different sweeps. The CSV is built from decoded cell files only, so
// one run, any number of workers, and merged shards all give byte-identical results.csv.
//
// Measured per scenario cell (simulate.Train, simulate package doc): the positive-pair
// probability P_ij of the trained model by state pair, its mean-field target T_ij
// (simulate.TargetFor: T1, T2(α, β), …), the relative gaps |P_ij − T_ij|/|T_ij| (their
// maximum and mean over the pairs that had anchors), and the loss of the last step.
//
// Failure policy: a bad grid value, a bad shard or a cell the base scenario cannot run
// is an error naming the value; a cell whose training fails (a NaN loss) is a finished
// cell whose result carries the error, since the failure is as deterministic as a
// success. Nothing panics on data.
package grid
