package markov

import "fmt"

// Compose returns the TPM of augmenting with a and then with b: (A·B)[k][i] =
// Σ_l A[k][l] B[l][i]. The two must have the same number of states.
func Compose(a, b *TPM) (*TPM, error) {
	if a.m != b.m {
		return nil, fmt.Errorf("markov: compose a %d-state TPM with a %d-state TPM", a.m, b.m)
	}
	m := a.m
	data := make([]float64, m*m)
	for k := 0; k < m; k++ {
		out := data[k*m : (k+1)*m]
		for l := 0; l < m; l++ {
			akl := a.data[k*m+l]
			if akl == 0 {
				continue
			}
			for i, bli := range b.data[l*m : (l+1)*m] {
				out[i] += akl * bli
			}
		}
	}
	return &TPM{m: m, data: data}, nil
}
