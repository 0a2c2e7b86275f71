package loss

import "testing"

// TestRowBlockShapes: the exported row kernels refuse shapes their kernels cannot
// handle (dp not a multiple of 4, nb not a multiple of 16) instead of reading past
// the slices.
func TestRowBlockShapes(t *testing.T) {
	buf := make([]float64, 1024)
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"MulRows4 dp=6", func() { MulRows4(buf, 16, buf, 6, buf, 16, 16) }},
		{"MulRows4 nb=8", func() { MulRows4(buf, 16, buf, 4, buf, 16, 8) }},
		{"MulRowsT4 ldb<nb", func() { MulRowsT4(buf, buf, 32, buf, 16, 4, 32) }},
		{"AddOuter4 dp=0", func() { AddOuter4(buf, 16, buf, 16, buf, 0, 16) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			tc.f()
		}()
	}
	// A valid call: row r of A = e_r (unit vectors) picks row r of B's transpose
	// layout, s[r][j] = bt[r][j].
	a := make([]float64, 4*4)
	for r := 0; r < 4; r++ {
		a[r*4+r] = 1
	}
	bt := make([]float64, 4*16)
	for k := range bt {
		bt[k] = float64(k)
	}
	s := make([]float64, 4*16)
	MulRows4(s, 16, a, 4, bt, 16, 16)
	for k := range s {
		if s[k] != bt[k] {
			t.Fatalf("s[%d] = %v, want %v", k, s[k], bt[k])
		}
	}
}
