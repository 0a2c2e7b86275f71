package mnist

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// snapBlock is the number of views per GEMM: the block's distance matrix (snapBlock×m)
// stays a few MB at m = 10 000 while each GEMM is large enough for gonum to tile and
// parallelise.
const snapBlock = 256

// Snapper maps a vector to the index of its nearest state in Euclidean distance. It
// holds the state vectors s_j and their squared norms ‖s_j‖², and ranks the states of
// a view y by ‖s_j‖² − 2 y·s_j (‖y − s_j‖² minus the constant ‖y‖²), computed for a
// block of views at once as one GEMM Y Sᵀ. The GEMM's rounding error is bounded (see
// candidateSlack); every state within that bound of the smallest value is re-ranked
// by the direct sum Σ_p (y_p − s_jp)², ties going to the smaller index, so the result
// is the exact nearest state of that direct sum, the brute-force answer.
//
// A Snapper is immutable after NewSnapper; Snap may be called from several
// goroutines, each with its own Scratch.
type Snapper struct {
	m, d    int
	states  blas64.General
	norms   []float64
	maxNorm float64
}

// NewSnapper copies the rows of states (m×d, m ≥ 1) as the states to snap to.
func NewSnapper(states mat.Matrix) *Snapper {
	m, d := states.Dims()
	s := &Snapper{m: m, d: d, norms: make([]float64, m)}
	cp := mat.DenseCopyOf(states)
	s.states = cp.RawMatrix()
	for j := 0; j < m; j++ {
		row := s.states.Data[j*s.states.Stride : j*s.states.Stride+d]
		var n float64
		for _, v := range row {
			n += v * v
		}
		s.norms[j] = n
		s.maxNorm = math.Max(s.maxNorm, n)
	}
	return s
}

// Len returns the number of states m; Dim their dimension d.
func (s *Snapper) Len() int { return s.m }

// Dim returns the dimension d of the state vectors.
func (s *Snapper) Dim() int { return s.d }

// Scratch is the working memory of one goroutine's Snap calls.
type Scratch struct{ dots []float64 }

// Snap writes into dst[r] the nearest state of row r of views (n×d) and returns dst
// (allocated if nil). sc may be nil (then Snap allocates). It panics on a shape
// mismatch (programmer error).
func (s *Snapper) Snap(dst []int, views *mat.Dense, sc *Scratch) []int {
	n, d := views.Dims()
	if d != s.d {
		panic(fmt.Sprintf("mnist: Snap: views have %d columns, states %d", d, s.d))
	}
	if dst == nil {
		dst = make([]int, n)
	}
	if len(dst) != n {
		panic(fmt.Sprintf("mnist: Snap: dst has %d entries for %d views", len(dst), n))
	}
	if sc == nil {
		sc = &Scratch{}
	}
	y := views.RawMatrix()
	for lo := 0; lo < n; lo += snapBlock {
		b := min(snapBlock, n-lo)
		if cap(sc.dots) < b*s.m {
			sc.dots = make([]float64, b*s.m)
		}
		dots := blas64.General{Rows: b, Cols: s.m, Stride: s.m, Data: sc.dots[:b*s.m]}
		blk := blas64.General{Rows: b, Cols: d, Stride: y.Stride, Data: y.Data[lo*y.Stride:]}
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, blk, s.states, 0, dots)
		for r := 0; r < b; r++ {
			row := y.Data[(lo+r)*y.Stride : (lo+r)*y.Stride+d]
			dst[lo+r] = s.nearest(row, dots.Data[r*s.m:(r+1)*s.m])
		}
	}
	return dst
}

// nearest ranks the states of view y given dots_j = y·s_j.
func (s *Snapper) nearest(y, dots []float64) int {
	best := math.Inf(1)
	for j, dj := range dots {
		v := s.norms[j] - 2*dj
		dots[j] = v
		if v < best {
			best = v
		}
	}
	if math.IsNaN(best) || math.IsInf(best, 0) {
		panic("mnist: Snap: non-finite view") // views come from clamped augmentations
	}
	var yy float64
	for _, v := range y {
		yy += v * v
	}
	cut := best + s.candidateSlack(yy)
	arg, bestD := -1, math.Inf(1)
	for j, v := range dots {
		if v <= cut {
			if dd := s.direct(y, j); dd < bestD {
				arg, bestD = j, dd
			}
		}
	}
	return arg
}

// candidateSlack bounds twice the rounding error of ‖s_j‖² − 2 y·s_j: a sum of d
// products has error ≤ d·u·Σ|a_p b_p| (Higham, Accuracy and Stability, §3.1), and
// Σ|y_p s_p| ≤ (‖y‖² + ‖s‖²)/2, so 4(d+2)u(‖y‖² + max‖s‖²) covers both the GEMM and the
// norm, for the true minimiser and the computed one, with a factor 2 to spare.
func (s *Snapper) candidateSlack(yy float64) float64 {
	const u = 0x1p-53
	return 4 * float64(s.d+2) * u * (yy + s.maxNorm)
}

// direct returns Σ_p (y_p − s_jp)².
func (s *Snapper) direct(y []float64, j int) float64 {
	row := s.states.Data[j*s.states.Stride : j*s.states.Stride+s.d]
	var sum float64
	for p, v := range row {
		e := y[p] - v
		sum += e * e
	}
	return sum
}
