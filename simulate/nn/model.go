package nn

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Model is a trainable parameter vector with its gradient.
type Model interface {
	// Params returns the flat parameter vector: the model's own storage, which
	// optimisers update in place.
	Params() []float64
	// Grad returns the flat gradient with the layout of Params; Backward adds to it.
	Grad() []float64
	// ZeroGrad sets every entry of Grad to zero.
	ZeroGrad()
}

// Encoder maps a batch to embeddings, one row per element of the batch.
type Encoder interface {
	Model
	// OutDim is the embedding dimension (columns of the output).
	OutDim() int
	// Forward computes the embeddings of a batch into dst (rows×OutDim). states gives
	// each row's state index (used by lookup models); x gives input vectors
	// (rows×InDim, used by the MLP; may be nil for lookup models). Forward keeps what
	// Backward needs.
	Forward(dst *mat.Dense, states []int, x *mat.Dense)
	// Backward adds ∂L/∂params to Grad given gz = ∂L/∂(output of the last Forward).
	Backward(gz *mat.Dense)
}

var (
	_ Model   = (*FreeLogits)(nil)
	_ Encoder = (*Embedding)(nil)
	_ Encoder = (*MLP)(nil)
)

// sizeDst resizes an empty dst to r×c and panics if a non-empty dst has another shape.
func sizeDst(dst *mat.Dense, r, c int, who string) {
	if dst == nil {
		panic("nn: " + who + ": nil dst")
	}
	if dst.IsEmpty() {
		dst.ReuseAs(r, c)
		return
	}
	if dr, dc := dst.Dims(); dr != r || dc != c {
		panic(shapeMsg(who+": dst", dr, dc, r, c))
	}
}

func shapeMsg(what string, r, c, wr, wc int) string {
	return fmt.Sprintf("nn: %s is %d×%d, want %d×%d", what, r, c, wr, wc)
}
