package mnist

import "testing"

// TestSubsetEmpty: keeping no state gives an empty States (no rows, no panic).
func TestSubsetEmpty(t *testing.T) {
	ds := &Dataset{Images: &Images{N: 10, Rows: 1, Cols: 2, Pix: make([]byte, 20)}, Labels: []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}
	st, err := SelectStates(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	sub := st.Subset(nil)
	if sub.Len() != 0 || !sub.Pixels.IsEmpty() || sub.Rows != 1 || sub.Cols != 2 {
		t.Errorf("empty subset: %+v", sub)
	}
}

// TestSelectStatesTwoPerClass: with two states per class there are 2·10 = 20 states, the
// first two images of each digit in file order, digit 0's first.
func TestSelectStatesTwoPerClass(t *testing.T) {
	// Images k = 0…29 of 1×1 pixel k; label k mod 10, so digit c has images c, c+10, c+20.
	const n = 30
	pix, labels := make([]byte, n), make([]byte, n)
	for k := range n {
		pix[k], labels[k] = byte(k), byte(k%10)
	}
	st, err := SelectStates(&Dataset{Images: &Images{N: n, Rows: 1, Cols: 1, Pix: pix}, Labels: labels}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := st.Pixels.Dims(); st.Len() != 20 || r != 20 {
		t.Fatalf("%d states, %d pixel rows; want 20", st.Len(), r)
	}
	for i := range 20 {
		c, k := i/2, i/2+10*(i%2)
		if st.Digit[i] != c || st.Index[i] != k || st.Pixels.At(i, 0) != float64(k)/255 {
			t.Errorf("state %d: digit %d image %d pixel %v; want digit %d image %d pixel %v", i, st.Digit[i], st.Index[i], st.Pixels.At(i, 0), c, k, float64(k)/255)
		}
	}
}
