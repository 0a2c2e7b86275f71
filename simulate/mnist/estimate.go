package mnist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// Count is the number of views of one source state that snapped to State.
type Count struct {
	State int32
	N     int32
}

// Estimate is the Monte Carlo estimate of the augmentation TPM: R views of every state
// k, Â_ki = n_ki / R. Counts are stored sparsely (a row has at most R non-zeros), so
// m = 10 000 states need memory only for the dense TPM built from them.
type Estimate struct {
	R    int
	rows [][]Count // rows[k] sorted by State
}

// Estimator draws the views of the states of a Snapper.
type Estimator struct {
	Snapper    *Snapper
	Rows, Cols int // image shape: Rows·Cols = Snapper.Dim()
	Augment    Augment
	// Workers is the number of goroutines (≤ 0: GOMAXPROCS). Results do not depend
	// on it: state k's views draw from their own stream PCG(seed, k).
	Workers int
}

func (e *Estimator) check() error {
	if e.Snapper == nil {
		return fmt.Errorf("mnist: nil Snapper")
	}
	if e.Rows < 1 || e.Cols < 1 || e.Rows*e.Cols != e.Snapper.Dim() {
		return fmt.Errorf("mnist: image shape %d×%d does not match the %d pixels of the states", e.Rows, e.Cols, e.Snapper.Dim())
	}
	return e.Augment.Validate()
}

// Estimate draws r views of every state (state k from PCG(seed, k)), snaps them and
// counts. It returns an error for r < 1 or invalid parameters.
func (e *Estimator) Estimate(r int, seed uint64) (*Estimate, error) {
	if r < 1 {
		return nil, fmt.Errorf("mnist: %d augmentations per state: need ≥ 1", r)
	}
	if err := e.check(); err != nil {
		return nil, err
	}
	m, d := e.Snapper.Len(), e.Snapper.Dim()
	est := &Estimate{R: r, rows: make([][]Count, m)}
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, m); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			views := mat.NewDense(r, d, nil)
			raw := views.RawMatrix()
			snapped := make([]int, r)
			sc := &Scratch{}
			src := rand.NewPCG(0, 0)
			rng := rand.New(src)
			for {
				k := int(next.Add(1) - 1)
				if k >= m {
					return
				}
				src.Seed(seed, uint64(k))
				img := e.Snapper.State(k)
				for v := 0; v < r; v++ {
					e.Augment.Apply(raw.Data[v*raw.Stride:v*raw.Stride+d], img, e.Rows, e.Cols, rng)
				}
				e.Snapper.Snap(snapped, views, sc)
				est.rows[k] = countRow(snapped)
			}
		}()
	}
	wg.Wait()
	return est, nil
}

// countRow turns a list of snapped states into sorted counts.
func countRow(snapped []int) []Count {
	s := slices.Clone(snapped)
	slices.Sort(s)
	var out []Count
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == s[i] {
			j++
		}
		out = append(out, Count{State: int32(s[i]), N: int32(j - i)})
		i = j
	}
	return out
}

// Len returns the number of states m.
func (e *Estimate) Len() int { return len(e.rows) }

// Row returns the non-zero counts of source state k, sorted by state (do not modify).
func (e *Estimate) Row(k int) []Count { return e.rows[k] }

// At returns Â_ki = n_ki / R.
func (e *Estimate) At(k, i int) float64 {
	row := e.rows[k]
	j, ok := slices.BinarySearchFunc(row, int32(i), func(c Count, t int32) int { return int(c.State - t) })
	if !ok {
		return 0
	}
	return float64(row[j].N) / float64(e.R)
}

// StdErr returns the binomial standard error √(Â_ki(1 − Â_ki)/R) of Â_ki (0 for an
// entry never or always hit: the plug-in estimate cannot see its own uncertainty there;
// the rule of three bounds such an unseen entry by 3/R at 95%).
func (e *Estimate) StdErr(k, i int) float64 {
	a := e.At(k, i)
	return math.Sqrt(a * (1 - a) / float64(e.R))
}

// NonZeros returns the mean number of non-zero entries per row.
func (e *Estimate) NonZeros() float64 {
	var n int
	for _, r := range e.rows {
		n += len(r)
	}
	return float64(n) / float64(len(e.rows))
}

// TPM returns Â as a markov.TPM (dense m×m).
func (e *Estimate) TPM() (*markov.TPM, error) {
	return countsTPM(e.rows, e.R)
}

func countsTPM(rows [][]Count, r int) (*markov.TPM, error) {
	m := len(rows)
	a := mat.NewDense(m, m, nil)
	for k, row := range rows {
		for _, c := range row {
			a.Set(k, int(c.State), float64(c.N)/float64(r))
		}
	}
	return markov.NewDense(a)
}

// Space returns the feature space of Â with the uniform source law over the states
// (issue 13 draws sources uniformly) and the given state labels (nil for none; use
// feature/mnist.States.Labels so that an unreachable state is named by its image index
// and digit). A state no view reached gives a *feature.UnreachableError.
func (e *Estimate) Space(labels []string) (*feature.Space, error) {
	return spaceOf(e.rows, e.R, labels)
}

func spaceOf(rows [][]Count, r int, labels []string) (*feature.Space, error) {
	t, err := countsTPM(rows, r)
	if err != nil {
		return nil, err
	}
	pi := uniform(len(rows))
	if labels == nil {
		return feature.NewSpace(pi, t)
	}
	return feature.NewLabeledSpace(pi, t, labels)
}

func uniform(m int) []float64 {
	pi := make([]float64, m)
	for i := range pi {
		pi[i] = 1 / float64(m)
	}
	return pi
}

// ClassTPM returns the class-level aggregate of Â under the uniform source law (the
// paper's sub-TPM): Â_KJ = mean over k of class K of Σ_{i of class J} Â_ki, as
// markov.Aggregate forms it from the dense Â (the same sums in the same order, the
// zero entries it also adds changing no bit), but from the counts, in O(nnz(Â))
// memory instead of two m×m matrices (1.6 GB at m = 10 000). It returns an error if
// class does not have one entry per state, classes < 1, a class is out of range or
// holds no state.
func (e *Estimate) ClassTPM(class []int, classes int) (*markov.TPM, error) {
	m := e.Len()
	if len(class) != m {
		return nil, fmt.Errorf("mnist: class TPM: class map has %d entries for %d states", len(class), m)
	}
	if classes < 1 {
		return nil, fmt.Errorf("mnist: class TPM: %d classes, need ≥ 1", classes)
	}
	pi := uniform(m)
	mass := make([]float64, classes)
	rows := make([][]float64, classes)
	for K := range rows {
		rows[K] = make([]float64, classes)
	}
	for k, row := range e.rows {
		K := class[k]
		if K < 0 || K >= classes {
			return nil, fmt.Errorf("mnist: class TPM: state %d has class %d, out of range [0, %d)", k, K, classes)
		}
		mass[K] += pi[k]
		for _, c := range row {
			J := class[c.State]
			if J < 0 || J >= classes {
				return nil, fmt.Errorf("mnist: class TPM: state %d has class %d, out of range [0, %d)", c.State, J, classes)
			}
			rows[K][J] += pi[k] * (float64(c.N) / float64(e.R))
		}
	}
	for K, w := range mass {
		if !(w > 0) {
			return nil, fmt.Errorf("mnist: class TPM: class %d holds no state", K)
		}
		for J := range rows[K] {
			rows[K][J] /= w
		}
	}
	return markov.New(rows)
}

// DiagonalMass returns Σ_k π_k Â_kk (π uniform): the chance a view snaps back to its
// own image.
func (e *Estimate) DiagonalMass() float64 {
	var s float64
	for k := range e.rows {
		s += e.At(k, k)
	}
	return s / float64(e.Len())
}

// SameClassMass returns Σ_k π_k Σ_{i: class_i = class_k} Â_ki (π uniform): the chance a
// view snaps to an image of its own class.
func (e *Estimate) SameClassMass(class []int) float64 {
	var s float64
	for k, row := range e.rows {
		for _, c := range row {
			if class[c.State] == class[k] {
				s += float64(c.N)
			}
		}
	}
	return s / float64(e.R*e.Len())
}
