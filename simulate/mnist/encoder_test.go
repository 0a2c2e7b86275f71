package mnist

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
	"github.com/infonce-lab/infonce-lab/simulate/nn"
)

// TestKernelMLPMatchesMLP runs nn.MLP and KernelMLP with the same parameters on the
// same batch (13 rows: not a multiple of 4, so the padding is exercised) and compares
// outputs and gradients. They sum in different orders (FMA chains and lanes against
// nn's kernels), so they agree to rounding: sums of ≤ 48 products of O(1) terms, each
// with relative error ≤ 48ε ≈ 1e-14; 1e-12 relative to the largest entry.
func TestKernelMLPMatchesMLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	ref, err := nn.NewMLP([]int{12, 32, 48, 16}, rng)
	if err != nil {
		t.Fatal(err)
	}
	// 13 rows leave padding in the kernel's row blocks of 4; 16 rows fill them exactly.
	for _, tc := range []struct{ workers, rows int }{{1, 13}, {3, 13}, {1, 16}, {3, 16}} {
		workers, rows := tc.workers, tc.rows
		k, err := NewKernelMLP(ref, workers)
		if err != nil {
			t.Fatal(err)
		}
		x := mat.NewDense(rows, 12, nil)
		gz := mat.NewDense(rows, 16, nil)
		for i := 0; i < rows; i++ {
			for p := 0; p < 12; p++ {
				x.Set(i, p, rng.NormFloat64())
			}
			for p := 0; p < 16; p++ {
				gz.Set(i, p, rng.NormFloat64())
			}
		}
		var zr, zk mat.Dense
		zr.ReuseAs(rows, 16)
		zk.ReuseAs(rows, 16)
		ref.ZeroGrad()
		ref.Forward(&zr, nil, x)
		ref.Backward(gz)
		k.ZeroGrad()
		k.Forward(&zk, nil, x)
		k.Backward(gz)
		if !mat.EqualApprox(&zr, &zk, 1e-12*mat.Norm(&zr, math.Inf(1))) {
			t.Errorf("workers %d: outputs differ:\n%v\n%v", workers, mat.Formatted(&zr), mat.Formatted(&zk))
		}
		gr, gk := ref.Grad(), k.Grad()
		var scale float64
		for _, v := range gr {
			scale = math.Max(scale, math.Abs(v))
		}
		for i := range gr {
			if !(math.Abs(gr[i]-gk[i]) <= 1e-12*scale) {
				t.Fatalf("workers %d: grad[%d] = %v, nn.MLP %v", workers, i, gk[i], gr[i])
			}
		}
	}
	if _, err := NewKernelMLP(ref, 1); err != nil {
		t.Fatal(err)
	}
	odd, _ := nn.NewMLP([]int{12, 10}, rng)
	if _, err := NewKernelMLP(odd, 1); err == nil {
		t.Error("width 10: no error")
	}
}

// TestKernelMLPRefusesWidths: the AVX kernels need an input width that is a multiple
// of 4 and other widths that are multiples of 16; the error names the offending width.
func TestKernelMLPRefusesWidths(t *testing.T) {
	for _, tc := range []struct {
		widths []int
		want   string
	}{
		{[]int{6, 16, 16}, "input width 6"},
		{[]int{8, 10, 16}, "width[1] = 10"},
		{[]int{8, 16, 20}, "width[2] = 20"},
	} {
		m, err := nn.NewMLP(tc.widths, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := NewKernelMLP(m, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("widths %v: error %v, want %q", tc.widths, err, tc.want)
		}
	}
	m, err := nn.NewMLP([]int{8, 16, 32}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	k, err := NewKernelMLP(m, 1)
	if err != nil {
		t.Fatal(err)
	}
	testutil.MustPanic(t, "Forward with 16 columns", "x has 16 columns, want 8", func() {
		k.Forward(mat.NewDense(2, 32, nil), nil, mat.NewDense(2, 16, nil))
	})
}
