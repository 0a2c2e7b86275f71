package mnist

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// States are the m state images of the construction (see the package documentation):
// the first PerClass images of each digit in file order, digit 0's first, then
// digit 1's, and so on.
type States struct {
	// Rows, Cols are the image shape; Pixels is m×(Rows·Cols), pixel values byte/255.
	Rows, Cols int
	Pixels     *mat.Dense
	// Digit[i] is the class of state i, Index[i] its image index in the file.
	Digit []int
	Index []int
}

// SelectStates returns the first perClass images of each digit of ds. It returns an
// error if perClass < 1 or a digit has fewer than perClass images.
func SelectStates(ds *Dataset, perClass int) (*States, error) {
	if perClass < 1 {
		return nil, fmt.Errorf("mnist: %d states per class: need ≥ 1", perClass)
	}
	var idx [Classes][]int
	for k, l := range ds.Labels {
		if len(idx[l]) < perClass {
			idx[l] = append(idx[l], k)
		}
	}
	for c := range idx {
		if len(idx[c]) < perClass {
			return nil, fmt.Errorf("mnist: %d states per class requested but the dataset (%d images) has only %d images of digit %d", perClass, ds.Images.N, len(idx[c]), c)
		}
	}
	m := Classes * perClass
	d := ds.Images.Rows * ds.Images.Cols
	st := &States{Rows: ds.Images.Rows, Cols: ds.Images.Cols, Pixels: mat.NewDense(m, d, nil),
		Digit: make([]int, 0, m), Index: make([]int, 0, m)}
	raw := st.Pixels.RawMatrix()
	for c := range idx {
		for _, k := range idx[c] {
			i := len(st.Index)
			row := raw.Data[i*raw.Stride : i*raw.Stride+d]
			for p, v := range ds.Images.Image(k) {
				row[p] = float64(v) / 255
			}
			st.Digit = append(st.Digit, c)
			st.Index = append(st.Index, k)
		}
	}
	return st, nil
}

// Len returns m.
func (s *States) Len() int { return len(s.Digit) }

// Labels names each state "image k (digit c)" for feature.NewLabeledSpace, so an
// unreachable state is reported by its image index and digit.
func (s *States) Labels() []string {
	out := make([]string, s.Len())
	for i := range out {
		out[i] = fmt.Sprintf("image %d (digit %d)", s.Index[i], s.Digit[i])
	}
	return out
}

// Subset returns the states keep[0], keep[1], … (indices into s, in that order) as a
// new States.
func (s *States) Subset(keep []int) *States {
	_, d := s.Pixels.Dims()
	out := &States{Rows: s.Rows, Cols: s.Cols, Pixels: mat.NewDense(max(len(keep), 1), d, nil)}
	if len(keep) == 0 {
		out.Pixels = &mat.Dense{}
	}
	for i, k := range keep {
		out.Pixels.SetRow(i, s.Pixels.RawRowView(k))
		out.Digit = append(out.Digit, s.Digit[k])
		out.Index = append(out.Index, s.Index[k])
	}
	return out
}
