package enumerate

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestCompositions(t *testing.T) {
	for _, tc := range []struct {
		total, parts int
		reason       string
	}{
		{0, 1, "the empty composition of 0"},
		{5, 1, "one part takes everything"},
		{0, 3, "all parts zero"},
		{1, 3, "one unit in any of 3 parts"},
		{4, 2, "pairs (k, 4−k)"},
		{5, 3, "a triangle of 21"},
		{6, 4, "C(9,3) = 84"},
	} {
		t.Run(fmt.Sprintf("%d into %d", tc.total, tc.parts), func(t *testing.T) {
			// Reference: every tuple in {0,…,total}^parts, filtered by its sum.
			var want []string
			idx := make([]int, tc.parts)
			for {
				sum := 0
				for _, v := range idx {
					sum += v
				}
				if sum == tc.total {
					want = append(want, fmt.Sprint(idx))
				}
				k := 0
				for k < tc.parts && idx[k] == tc.total {
					idx[k] = 0
					k++
				}
				if k == tc.parts {
					break
				}
				idx[k]++
			}
			var got []string
			for n := range Compositions(tc.total, tc.parts) {
				got = append(got, fmt.Sprint(n))
			}
			if c := NumCompositions(tc.total, tc.parts, 1<<30); c != len(got) {
				t.Errorf("NumCompositions = %d, enumerated %d (%s)", c, len(got), tc.reason)
			}
			if !lexDecreasing(got) {
				t.Errorf("not in lexicographically decreasing order: %v", got)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("compositions of %d into %d = %v, want %v (%s)", tc.total, tc.parts, got, want, tc.reason)
			}
		})
	}
}

// lexDecreasing reports whether the tuples are in strictly decreasing lexicographic order.
func lexDecreasing(s []string) bool {
	for i := 1; i < len(s); i++ {
		if parse(s[i-1]) <= parse(s[i]) {
			return false
		}
	}
	return true
}

// parse turns "[a b c]" into a comparable fixed-width key.
func parse(s string) string {
	var b strings.Builder
	for _, f := range strings.Fields(strings.Trim(s, "[]")) {
		fmt.Fprintf(&b, "%06s", f)
	}
	return b.String()
}

func TestCompositionsStopsEarly(t *testing.T) {
	var k int
	for range Compositions(10, 3) {
		k++
		if k == 5 {
			break
		}
	}
	if k != 5 {
		t.Errorf("break after 5 yielded %d", k)
	}
}

func TestNumCompositions(t *testing.T) {
	for _, tc := range []struct {
		total, parts, limit, want int
		reason                    string
	}{
		{511, 3, 1 << 30, 131328, "C(513, 2) = 513·512/2, the m = 3, N = 512 enumeration"},
		{127, 4, 1 << 30, 357760, "C(130, 3) = 130·129·128/6"},
		{511, 3, 131327, -1, "one above the limit"},
		{511, 3, 131328, 131328, "exactly at the limit"},
		{1 << 20, 60, 1 << 30, -1, "would overflow int: refused, not wrapped"},
		{0, 7, 1, 1, "only the zero composition"},
	} {
		if got := NumCompositions(tc.total, tc.parts, tc.limit); got != tc.want {
			t.Errorf("NumCompositions(%d, %d, %d) = %d, want %d (%s)", tc.total, tc.parts, tc.limit, got, tc.want, tc.reason)
		}
	}
}

func TestLogMultinomial(t *testing.T) {
	for _, tc := range []struct {
		n      []int
		p      []float64
		want   float64 // closed form
		reason string
	}{
		{[]int{2, 1, 0}, []float64{0.5, 0.3, 0.2}, 3 * 0.25 * 0.3, "3!/(2!1!0!)·0.5²·0.3"},
		{[]int{0, 0, 4}, []float64{0.5, 0.3, 0.2}, math.Pow(0.2, 4), "all in one state"},
		{[]int{1, 1, 1, 1}, []float64{0.25, 0.25, 0.25, 0.25}, 24.0 / 256, "4!/4⁴"},
		{[]int{3, 0}, []float64{1, 0}, 1, "a zero-probability state with zero count"},
		{[]int{0}, []float64{1}, 1, "no trials"},
	} {
		got := math.Exp(LogMultinomial(tc.n, tc.p))
		// A handful of lgamma/log values of size ≤ 5, each accurate to ~2 ulp, summed and
		// exponentiated: 64u relative is a generous rounding bound.
		if !scalar.EqualWithinAbsOrRel(got, tc.want, 0, 64*u) {
			t.Errorf("Mult(%v; %v) = %.17g, want %.17g (%s)", tc.n, tc.p, got, tc.want, tc.reason)
		}
	}
	if got := LogMultinomial([]int{1, 1}, []float64{1, 0}); !math.IsInf(got, -1) {
		t.Errorf("a count on a zero-probability state: log Mult = %v, want −Inf", got)
	}
}

func TestNegativesMoments(t *testing.T) {
	// The weights are the multinomial law: they sum to 1, E[n_l] = T q_l and
	// Var[n_l] = T q_l (1 − q_l).
	for _, tc := range []struct {
		q      []float64
		total  int
		reason string
	}{
		{[]float64{0.3, 0.7}, 1, "a single negative"},
		{[]float64{0.3, 1.1 / 3, 1.0 / 3}, 127, "m = 3, N = 128, the toy q"},
		{[]float64{0.1, 0.2, 0.3, 0.4}, 63, "m = 4, N = 64"},
		{[]float64{0.2, 0.5, 0.3}, 511, "m = 3, N = 512: weights down to e^−500 underflow"},
	} {
		ng, err := NewNegatives(tc.q, tc.total)
		if err != nil {
			t.Fatal(err)
		}
		m := len(tc.q)
		var w0 float64
		mean := make([]float64, m)
		sq := make([]float64, m)
		buf := make([]int, m)
		for k := 0; k < ng.Len(); k++ {
			w := ng.Weight(k)
			w0 += w
			for l, c := range ng.Counts(buf, k) {
				mean[l] += w * float64(c)
				sq[l] += w * float64(c) * float64(c)
			}
		}
		// Plain sums of K non-negative terms: (K+4)u relative (Higham §3.1) on top of the
		// weights' own relative error 2·LogWeightError + 5u.
		tol := float64(ng.Len()+4)*u + 2*ng.LogWeightError() + 5*u
		T := float64(tc.total)
		if !scalar.EqualWithinAbsOrRel(w0, 1, 0, tol) {
			t.Errorf("%s: Σw = %.17g, want 1 within %.2g", tc.reason, w0, tol)
		}
		for l, q := range tc.q {
			if !scalar.EqualWithinAbsOrRel(mean[l], T*q, 0, tol) {
				t.Errorf("%s: E[n_%d] = %.17g, want %.17g", tc.reason, l, mean[l], T*q)
			}
			// Var = E[n²] − E[n]²: the subtraction cancels E[n]², so compare E[n²] itself.
			want := T*q*(1-q) + T*T*q*q
			if !scalar.EqualWithinAbsOrRel(sq[l], want, 0, tol) {
				t.Errorf("%s: E[n_%d²] = %.17g, want %.17g", tc.reason, l, sq[l], want)
			}
		}
		if got := ng.Len() + ng.Dropped(); got != NumCompositions(tc.total, m, 1<<30) {
			t.Errorf("%s: kept %d + dropped %d ≠ all compositions", tc.reason, ng.Len(), ng.Dropped())
		}
	}
}

func TestNegativesZeroProbabilityState(t *testing.T) {
	ng, err := NewNegatives([]float64{0.5, 0, 0.5}, 4)
	if err != nil {
		t.Fatal(err)
	}
	// Only compositions with n_1 = 0 have weight: those of 4 into 2 parts.
	if ng.Len() != 5 {
		t.Errorf("kept %d compositions, want 5 (n_1 = 0)", ng.Len())
	}
	for k := 0; k < ng.Len(); k++ {
		if c := ng.Counts(nil, k); c[1] != 0 {
			t.Errorf("composition %v puts a negative on a state with q = 0", c)
		}
	}
}

func TestNewNegativesErrors(t *testing.T) {
	for _, tc := range []struct {
		q      []float64
		total  int
		want   string
		reason string
	}{
		{[]float64{0.5, 0.6}, 3, "1.1", "q does not sum to 1: the sum is named"},
		{[]float64{-0.1, 1.1}, 3, "-0.1", "negative entry named"},
		{[]float64{0.5, 0.5}, 0, "0 negatives", "no negatives"},
		{[]float64{0.25, 0.25, 0.25, 0.25}, 4000, "4001", "too large: N named"},
	} {
		_, err := NewNegatives(tc.q, tc.total)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewNegatives(%v, %d) error = %v, want one containing %q (%s)", tc.q, tc.total, err, tc.want, tc.reason)
		}
	}
}

func TestCheckSize(t *testing.T) {
	for _, tc := range []struct {
		m, n   int
		ok     bool
		reason string
	}{
		{3, 2, true, "smallest batch"},
		{3, 1, false, "no negatives"},
		{3, 1024, true, "C(1025,2)·3 = 1 574 400 counts ≤ MaxCounts = 4 194 304"},
		{3, 1700, false, "C(1701,2)·3 = 4 337 550 counts > MaxCounts"},
		{4, 128, true, "C(130,3)·4 = 1 431 040 counts"},
		{4, 256, false, "C(258,3)·4 = 11 316 224 counts > MaxCounts"},
		{0, 8, false, "no states"},
	} {
		if err := CheckSize(tc.m, tc.n); (err == nil) != tc.ok {
			t.Errorf("CheckSize(%d, %d) = %v, want ok = %v (%s)", tc.m, tc.n, err, tc.ok, tc.reason)
		}
	}
}

// TestNeumaierSum: the compensated sum recovers what plain summation loses: 1 + 1e100
// + 1 − 1e100 = 2 exactly (plain summation gives 0; Neumaier's example, the one where
// Kahan's variant fails too), and 1 + ten times 2⁻⁵³ = 1 + 10·2⁻⁵³ to within one
// rounding (u relative), where plain summation gives 1.
func TestNeumaierSum(t *testing.T) {
	var a neumaier
	for _, x := range []float64{1, 1e100, 1, -1e100} {
		a.add(x)
	}
	if v := a.value(); v != 2 {
		t.Errorf("1 + 1e100 + 1 − 1e100 = %v, want 2", v)
	}
	var b neumaier
	b.add(1)
	for range 10 {
		b.add(u)
	}
	if v, want := b.value(), 1+10*u; !scalar.EqualWithinRel(v, want, u) {
		t.Errorf("1 + 10u = %.17g, want %.17g", v, want)
	}
}
