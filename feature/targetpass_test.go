package feature

import (
	"math"
	"runtime"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// passSize is above parallelPassMin and not a multiple of passRows, so the target
// passes run row-parallel with a ragged last chunk.
const passSize = parallelPassMin + 2*passRows + 5

// wantTargets evaluates T1 and T2 (docs/theory.md §4) entry by entry from the public
// c1 and q, with the formulas' operations in the documented order:
// T1 = c1/(c1 + (n−1) q_i q_j), T2 = (α (c1/(q_i q_j)) − β)/(n−1).
func wantTargets(s *Space, n int, alpha, beta float64) (t1, t2 *mat.SymDense) {
	m := s.Len()
	c1, q := s.PositiveJoint(), s.ViewMarginal()
	k := float64(n - 1)
	t1, t2 = mat.NewSymDense(m, nil), mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			c := c1.At(i, j)
			t1.SetSym(i, j, c/(c+k*q[i]*q[j]))
			t2.SetSym(i, j, (alpha*(c/(q[i]*q[j]))-beta)/k)
		}
	}
	return t1, t2
}

// TestTargetPassWorkerIndependent checks the row-parallel passes against the formulas
// evaluated serially, bit for bit (the same IEEE operations in the same order give the
// same result), for 1, 2, 3 and 8 Go threads, and that the strict lower triangle of the
// destination is not written.
func TestTargetPassWorkerIndependent(t *testing.T) {
	src, aug := randomSpaceInput(t, passSize, 11)
	var s Space
	if err := s.Set(src, aug, nil); err != nil {
		t.Fatal(err)
	}
	const n, alpha, beta = 64, 1.5, 0.25
	want1, want2 := wantTargets(&s, n, alpha, beta)
	for _, procs := range []int{1, 2, 3, 8} {
		func() {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			nan := make([]float64, passSize*passSize)
			for i := range nan {
				nan[i] = math.NaN()
			}
			t1 := mat.NewSymDense(passSize, nan)
			t2 := mat.NewSymDense(passSize, append([]float64(nil), nan...))
			s.InfoNCETargetTo(t1, n)
			s.SCTargetTo(t2, n, alpha, beta)
			for _, c := range []struct {
				name      string
				got, want *mat.SymDense
			}{{"T1", t1, want1}, {"T2", t2, want2}} {
				raw := c.got.RawSymmetric()
				if !equalSym(c.got, c.want) {
					t.Errorf("GOMAXPROCS=%d: %s differs from the serial formula", procs, c.name)
				}
				for i := 1; i < passSize; i++ {
					if v := raw.Data[i*raw.Stride+i-1]; !math.IsNaN(v) {
						t.Fatalf("GOMAXPROCS=%d: %s lower entry [%d,%d] written: %v", procs, c.name, i, i-1, v)
					}
				}
			}
		}()
	}
}

// TestTargetPassConcurrentUse runs targets of one Space from several goroutines at once
// (one gets the parallel pass, the others run serially) and checks every result bit for
// bit against the serial formula.
func TestTargetPassConcurrentUse(t *testing.T) {
	src, aug := randomSpaceInput(t, passSize, 12)
	s, err := NewSpace(src.Values(nil), aug)
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	const n = 1000
	want, _ := wantTargets(s, n, 1, 0)
	const callers = 4
	got := make([]mat.SymDense, callers)
	var wg sync.WaitGroup
	for g := range callers {
		wg.Go(func() { s.InfoNCETargetTo(&got[g], n) })
	}
	wg.Wait()
	for g := range got {
		if !equalSym(&got[g], want) {
			t.Errorf("caller %d: T1 differs from the serial formula", g)
		}
	}
}

// TestTargetPassAllocatesNothing checks that the row-parallel target passes into reused
// matrices allocate nothing once the Space has run one (TestSetAllocatesNothing pins Set
// and the serial passes of a smaller space).
func TestTargetPassAllocatesNothing(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	src, aug := randomSpaceInput(t, passSize, 13)
	s, err := NewSpace(src.Values(nil), aug)
	if err != nil {
		t.Fatal(err)
	}
	var t1, t2 mat.SymDense
	passes := func() {
		s.InfoNCETargetTo(&t1, 1000)
		s.SCTargetTo(&t2, 1000, 2, 1)
	}
	passes()
	if a := testing.AllocsPerRun(10, passes); a != 0 {
		t.Errorf("row-parallel InfoNCETargetTo + SCTargetTo: %v allocations per run, want 0", a)
	}
}
