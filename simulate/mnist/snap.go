package mnist

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/kernels"
)

// Blocking of Snap: views go through the kernel snapRows at a time, states in column
// chunks of snapCols, so that a chunk of Sᵀ (d×snapCols, 800 KB at d = 784) stays in
// cache while the block's rows stream past it.
const (
	snapRows = 64
	snapCols = 128
)

// Snapper maps a vector to the index of its nearest state in Euclidean distance. It
// holds the state vectors s_j (their non-zero pixels, transposed and zero-padded for
// the kernel) and their
// squared norms ‖s_j‖², and ranks the states of a view y by ‖s_j‖² − 2 y·s_j
// (‖y − s_j‖² minus the constant ‖y‖²), the dot products y·s_j of a block of views
// computed as one blocked matrix product Y Sᵀ (kernels.MulRows4, AVX where available).
// The product's rounding error is bounded (candidateSlack); every state within that
// bound of the smallest value is re-ranked by the direct sum Σ_p (y_p − s_jp)², ties
// going to the smaller index, so the result is exactly the brute-force nearest state
// of that direct sum.
//
// A Snapper is immutable after NewSnapper; Snap may be called from several
// goroutines, each with its own Scratch.
type Snapper struct {
	m, d    int
	active  []int     // pixels where some state is non-zero: the only ones y·s_j needs
	dp, nb  int       // len(active) rounded up to a multiple of 4 (≥ 4), m to a multiple of 16
	states  []float64 // m×d row-major, for the direct sums
	bt      []float64 // dp×nb: bt[t*nb+j] = s_j,active[t], zero padded
	norms   []float64
	maxNorm float64
}

// NewSnapper copies the rows of states (m×d, m ≥ 1) as the states to snap to.
func NewSnapper(states mat.Matrix) *Snapper {
	m, d := states.Dims()
	s := &Snapper{m: m, d: d, nb: (m + 15) / 16 * 16, norms: make([]float64, m)}
	s.states = make([]float64, m*d)
	for j := 0; j < m; j++ {
		var n float64
		for p := 0; p < d; p++ {
			v := states.At(j, p)
			s.states[j*d+p] = v
			n += v * v
		}
		s.norms[j] = n
		s.maxNorm = math.Max(s.maxNorm, n)
	}
	// y·s_j = Σ over the pixels where s_j ≠ 0; MNIST digits leave about a fifth of the
	// 784 pixels zero in every state (609 active pixels for the first 100 per digit).
	for p := 0; p < d; p++ {
		for j := 0; j < m; j++ {
			if s.states[j*d+p] != 0 {
				s.active = append(s.active, p)
				break
			}
		}
	}
	s.dp = max(4, (len(s.active)+3)/4*4)
	s.bt = make([]float64, s.dp*s.nb)
	for t, p := range s.active {
		for j := 0; j < m; j++ {
			s.bt[t*s.nb+j] = s.states[j*d+p]
		}
	}
	return s
}

// Len returns the number of states m.
func (s *Snapper) Len() int { return s.m }

// Dim returns the dimension d of the state vectors.
func (s *Snapper) Dim() int { return s.d }

// State returns state j's vector (a view of the Snapper's storage: do not modify).
func (s *Snapper) State(j int) []float64 { return s.states[j*s.d : (j+1)*s.d] }

// Scratch is the working memory of one goroutine's Snap calls.
type Scratch struct{ a, dots []float64 }

// Snap writes into dst[r] the nearest state of row r of views (n×d) and returns dst
// (allocated if nil). sc may be nil (then Snap allocates). It panics on a shape
// mismatch or a non-finite view (programmer errors: views come from Augment).
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
	if len(sc.a) < snapRows*s.dp {
		sc.a = make([]float64, snapRows*s.dp)
		sc.dots = make([]float64, snapRows*s.nb)
	}
	y := views.RawMatrix()
	for lo := 0; lo < n; lo += snapRows {
		b := min(snapRows, n-lo)
		bp := (b + 3) / 4 * 4
		a := sc.a[:bp*s.dp]
		clear(a)
		for r := 0; r < b; r++ {
			row, ar := y.Data[(lo+r)*y.Stride:(lo+r)*y.Stride+d], a[r*s.dp:(r+1)*s.dp]
			for t, p := range s.active {
				ar[t] = row[p]
			}
		}
		dots := sc.dots[:bp*s.nb]
		for j0 := 0; j0 < s.nb; j0 += snapCols {
			nc := min(snapCols, s.nb-j0)
			for r := 0; r < bp; r += 4 {
				kernels.MulRows4(dots[r*s.nb+j0:], s.nb, a[r*s.dp:], s.dp, s.bt[j0:], s.nb, nc)
			}
		}
		for r := 0; r < b; r++ {
			dst[lo+r] = s.nearest(y.Data[(lo+r)*y.Stride:(lo+r)*y.Stride+d], dots[r*s.nb:r*s.nb+s.m])
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
		panic("mnist: Snap: non-finite view")
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
// products has error ≤ d·u·Σ|a_p b_p| (Higham, Accuracy and Stability of Numerical
// Algorithms, §3.1), and Σ|y_p s_p| ≤ (‖y‖² + ‖s‖²)/2, so 4(d+2)u(‖y‖² + max‖s‖²)
// covers the product and the norm, for the true minimiser and the computed one, with
// a factor 2 to spare.
func (s *Snapper) candidateSlack(yy float64) float64 {
	const u = 0x1p-53
	return 4 * float64(s.d+2) * u * (yy + s.maxNorm)
}

// direct returns Σ_p (y_p − s_jp)².
func (s *Snapper) direct(y []float64, j int) float64 {
	row := s.states[j*s.d : (j+1)*s.d]
	var sum float64
	for p, v := range row {
		e := y[p] - v
		sum += e * e
	}
	return sum
}
