package mnist

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Normalize returns the rows of z scaled to unit length (a zero row stays zero).
func Normalize(z mat.Matrix) *mat.Dense {
	r, c := z.Dims()
	u := mat.NewDense(r, c, nil)
	u.Copy(z)
	for i := 0; i < r; i++ {
		row := u.RawRowView(i)
		var n float64
		for _, v := range row {
			n += v * v
		}
		if n > 0 {
			n = 1 / math.Sqrt(n)
			for p := range row {
				row[p] *= n
			}
		}
	}
	return u
}

// PairProb returns the encoder's population positive-pair probability for every state
// pair, P_ij = e^{s_ij}/D_i with s_ij = cos(z_i, z_j)/τ over the state embeddings z
// (m×d) and D_i the expected softmax denominator of feature.Space.InfoNCEPopulationLoss
// for n sources per batch; and that loss.
func PairProb(s *feature.Space, z mat.Matrix, tau float64, n int) (*mat.Dense, float64) {
	u := Normalize(z)
	m := s.Len()
	logits := mat.NewDense(m, m, nil)
	logits.Mul(u, u.T())
	logits.Scale(1/tau, logits)
	prob := mat.NewDense(m, m, nil)
	l := s.InfoNCEPopulationLoss(nil, prob, logits, n)
	return prob, l
}

// TargetGap compares a positive-pair probability P with the InfoNCE target T1 over the
// pairs with c1_ij > 0 (where T1 > 0): the median and 90th percentile of
// |P_ij/T1_ij − 1|, and the Pearson correlation of log P_ij with log ρ_ij (T1 is
// increasing in ρ, docs/theory.md §4).
type TargetGap struct {
	Pairs                int
	Median, P90, LogCorr float64
}

// GapToTarget returns the TargetGap of p against T1(n) of s (SupportTargetGap on
// s.Support()).
func GapToTarget(s *feature.Space, p mat.Matrix, n int) TargetGap {
	sup := s.Support()
	return SupportTargetGap(sup, OnSupport(sup, p), n)
}

// RelGap returns the median and 90th percentile of |P_ij/Q_ij − 1| over pairs with
// c1_ij > 0: how far the encoder's probabilities are from another model's (the level-2
// optimum's).
func RelGap(s *feature.Space, p, q mat.Matrix) (median, p90 float64) {
	sup := s.Support()
	return SupportRelGap(OnSupport(sup, p), OnSupport(sup, q))
}

// Quantile is the empirical quantile of x at level f (gonum's stat.Empirical: the
// smallest x_(k) with k/n ≥ f); NaN for an empty x.
func Quantile(x []float64, f float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	return stat.Quantile(f, stat.Empirical, s, nil)
}

// gramBlockEntries bounds the entries of the block of rows of the Gram matrix UUᵀ
// that NearestNeighbourAccuracy and ClassCosine hold at once (32 MiB): up to m = 2048
// the block is the whole matrix, the one product those functions always formed; at
// m = 10 000 it is 419 rows instead of the 0.8 GB matrix.
var gramBlockEntries = 1 << 22 // a variable only so that tests can shrink the blocks

// gramRows calls fn(lo, g) for consecutive blocks of rows of the cosine matrix UUᵀ of
// the unit rows u, g holding rows lo, lo+1, … (each entry is the same GEMM dot product
// whatever the block: gonum's Dgemm forms an entry from the same k-blocks in the same
// order for every row partition with at least minParBlock = 4 blocks of 64, which a
// block of m ≥ 2048 > 4·64 columns has).
func gramRows(u *mat.Dense, fn func(lo int, g *mat.Dense)) {
	m, d := u.Dims()
	rows := max(1, min(m, gramBlockEntries/max(1, m)))
	buf := make([]float64, rows*m)
	for lo := 0; lo < m; lo += rows {
		hi := min(m, lo+rows)
		g := mat.NewDense(hi-lo, m, buf[:(hi-lo)*m])
		g.Mul(u.Slice(lo, hi, 0, d), u.T())
		fn(lo, g)
	}
}

// NearestNeighbourAccuracy returns the share of rows whose nearest other row by cosine
// has the same class (ties to the smaller index).
func NearestNeighbourAccuracy(z mat.Matrix, class []int) float64 {
	u := Normalize(z)
	m, _ := u.Dims()
	hit := 0
	gramRows(u, func(lo int, g *mat.Dense) {
		r, _ := g.Dims()
		for i := lo; i < lo+r; i++ {
			best, arg := math.Inf(-1), -1
			for j, v := range g.RawRowView(i - lo) {
				if j != i && v > best {
					best, arg = v, j
				}
			}
			if arg >= 0 && class[arg] == class[i] {
				hit++
			}
		}
	})
	return float64(hit) / float64(m)
}

// ClassCosine returns the classes×classes matrix of mean cosines between the rows of
// z of class K and of class J (pairs i ≠ j).
func ClassCosine(z mat.Matrix, class []int, classes int) *mat.Dense {
	u := Normalize(z)
	sum := mat.NewDense(classes, classes, nil)
	cnt := mat.NewDense(classes, classes, nil)
	gramRows(u, func(lo int, g *mat.Dense) {
		r, m := g.Dims()
		for i := lo; i < lo+r; i++ {
			for j := 0; j < m; j++ {
				if i != j {
					sum.Set(class[i], class[j], sum.At(class[i], class[j])+g.At(i-lo, j))
					cnt.Set(class[i], class[j], cnt.At(class[i], class[j])+1)
				}
			}
		}
	})
	sum.DivElem(sum, cnt)
	return sum
}

// WithinBetween returns the mean diagonal and mean off-diagonal entry of a class
// cosine matrix.
func WithinBetween(c mat.Matrix) (within, between float64) {
	k, _ := c.Dims()
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			if a == b {
				within += c.At(a, b)
			} else {
				between += c.At(a, b)
			}
		}
	}
	return within / float64(k), between / float64(k*(k-1))
}

// ProbeAccuracy is the two-fold cross-validated accuracy of a least-squares linear
// probe: rows alternate between folds within each class (the k-th row of a class goes
// to fold k mod 2); on each fold a ridge regression of one-hot classes on
// [unit rows, 1] is fitted (λ = 10⁻³·n for n unit rows, a thousandth of trace XᵀX, on
// the weights only), and the other fold is classified by the arg max. It returns an error if
// a class has fewer than 2 rows or the solve fails.
func ProbeAccuracy(z mat.Matrix, class []int, classes int) (float64, error) {
	u := Normalize(z)
	m, d := u.Dims()
	fold := make([]int, m)
	seen := make([]int, classes)
	for i, c := range class {
		fold[i] = seen[c] % 2
		seen[c]++
	}
	for c, n := range seen {
		if n < 2 {
			return 0, fmt.Errorf("mnist: probe: class %d has %d rows, need ≥ 2 for two folds", c, n)
		}
	}
	hit := 0
	for f := 0; f < 2; f++ {
		var xs, ys []float64
		n := 0
		for i := 0; i < m; i++ {
			if fold[i] != f {
				xs = append(xs, u.RawRowView(i)...)
				xs = append(xs, 1)
				y := make([]float64, classes)
				y[class[i]] = 1
				ys = append(ys, y...)
				n++
			}
		}
		x := mat.NewDense(n, d+1, xs)
		y := mat.NewDense(n, classes, ys)
		var xtx mat.SymDense
		xtx.SymOuterK(1, x.T())
		for k := 0; k < d; k++ {
			xtx.SetSym(k, k, xtx.At(k, k)+1e-3*float64(n))
		}
		var xty, w mat.Dense
		xty.Mul(x.T(), y)
		var ch mat.Cholesky
		if !ch.Factorize(&xtx) {
			return 0, fmt.Errorf("mnist: probe: normal equations not positive definite")
		}
		if err := ch.SolveTo(&w, &xty); err != nil {
			return 0, fmt.Errorf("mnist: probe: %w", err)
		}
		row := make([]float64, d+1)
		for i := 0; i < m; i++ {
			if fold[i] == f {
				copy(row, u.RawRowView(i))
				row[d] = 1
				best, arg := math.Inf(-1), -1
				for c := 0; c < classes; c++ {
					var s float64
					for k, v := range row {
						s += v * w.At(k, c)
					}
					if s > best {
						best, arg = s, c
					}
				}
				if arg == class[i] {
					hit++
				}
			}
		}
	}
	return float64(hit) / float64(m), nil
}

// MeanCosine returns the mean cosine between the embeddings of distinct states,
// (‖Σ_i u_i‖² − m)/(m(m − 1)) for the unit rows u_i of z (Σ_{i≠j} u_i·u_j =
// ‖Σ u_i‖² − m): 1 when every state has one direction (collapse), near 0 when they
// spread. It panics if z has fewer than two rows.
func MeanCosine(z mat.Matrix) float64 {
	u := Normalize(z)
	m, d := u.Dims()
	if m < 2 {
		panic(fmt.Sprintf("mnist: MeanCosine of %d embeddings: need ≥ 2", m))
	}
	sum := make([]float64, d)
	for i := 0; i < m; i++ {
		for k, v := range u.RawRowView(i) {
			sum[k] += v
		}
	}
	var s2 float64
	for _, v := range sum {
		s2 += v * v
	}
	return (s2 - float64(m)) / float64(m*(m-1))
}
