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
