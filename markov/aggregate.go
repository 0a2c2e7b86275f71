package markov

import "fmt"

// Aggregate returns the class-level TPM of t under the source law p and the map
// classOf (state → class in [0, classes)):
//
//	Â[K][J] = Σ_{k∈K} p_k Σ_{i∈J} A[k][i] / Σ_{k∈K} p_k.
//
// Every class must hold at least one state and positive source mass.
func Aggregate(t *TPM, p *Dist, classOf []int, classes int) (*TPM, error) {
	m := t.m
	if p.Len() != m {
		return nil, fmt.Errorf("markov: aggregate: source law has %d states, TPM has %d", p.Len(), m)
	}
	if len(classOf) != m {
		return nil, fmt.Errorf("markov: aggregate: class map has %d entries, TPM has %d states", len(classOf), m)
	}
	if classes < 1 {
		return nil, fmt.Errorf("markov: aggregate: %d classes, need ≥ 1", classes)
	}
	for k, c := range classOf {
		if c < 0 || c >= classes {
			return nil, fmt.Errorf("markov: aggregate: state %d has class %d, out of range [0, %d)", k, c, classes)
		}
	}
	mass := make([]float64, classes)
	data := make([]float64, classes*classes)
	for k := 0; k < m; k++ {
		K := classOf[k]
		pk := p.p[k]
		mass[K] += pk
		for i := 0; i < m; i++ {
			data[K*classes+classOf[i]] += pk * t.data[k*m+i]
		}
	}
	for K, w := range mass {
		if !(w > 0) {
			return nil, fmt.Errorf("markov: aggregate: class %d has source mass %v, need > 0 (no state of it is ever a source)", K, w)
		}
		for J := 0; J < classes; J++ {
			data[K*classes+J] /= w
		}
	}
	return fromData(classes, data)
}
