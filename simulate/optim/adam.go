package optim

import (
	"fmt"
	"math"
)

// PyTorch's default Adam hyperparameters (torch.optim.Adam).
const (
	DefaultBeta1 = 0.9
	DefaultBeta2 = 0.999
	DefaultEps   = 1e-8
)

// Adam is the Adam optimiser exactly as torch.optim.Adam (no weight decay, no
// amsgrad); see the package documentation for the update. Create it with NewAdam.
type Adam struct {
	beta1, beta2, eps float64

	t    int       // steps taken since construction or Reset
	m, v []float64 // first and second moment estimates
}

// NewAdam returns Adam with decay rates β1, β2 and ε (PyTorch's defaults are
// DefaultBeta1, DefaultBeta2, DefaultEps). It returns an error unless 0 ≤ β1 < 1,
// 0 ≤ β2 < 1 and ε > 0 is finite.
func NewAdam(beta1, beta2, eps float64) (*Adam, error) {
	if !(beta1 >= 0 && beta1 < 1) {
		return nil, fmt.Errorf("optim: Adam β1 = %v: need 0 ≤ β1 < 1", beta1)
	}
	if !(beta2 >= 0 && beta2 < 1) {
		return nil, fmt.Errorf("optim: Adam β2 = %v: need 0 ≤ β2 < 1", beta2)
	}
	if !(eps > 0) || math.IsInf(eps, 0) {
		return nil, fmt.Errorf("optim: Adam ε = %v: need a finite ε > 0", eps)
	}
	return &Adam{beta1: beta1, beta2: beta2, eps: eps}, nil
}

// Steps returns the number of steps taken since construction or Reset.
func (o *Adam) Steps() int { return o.t }

// Step updates params in place with one Adam step of learning rate lr.
func (o *Adam) Step(params, grad []float64, lr float64) {
	if checkStep("Adam", params, grad, lr, len(o.m), o.t == 0) {
		o.m = make([]float64, len(params))
		o.v = make([]float64, len(params))
	}
	o.t++
	b1, b2 := o.beta1, o.beta2
	// torch: step_size = lr / (1 − β1^t); denom = √v / √(1 − β2^t) + ε.
	stepSize := lr / (1 - math.Pow(b1, float64(o.t)))
	bc2Sqrt := math.Sqrt(1 - math.Pow(b2, float64(o.t)))
	n := len(params)
	m, v, grad := o.m[:n], o.v[:n], grad[:n]
	for k, g := range grad {
		m[k] = b1*m[k] + (1-b1)*g
		v[k] = b2*v[k] + (1-b2)*g*g
		params[k] -= stepSize * (m[k] / (math.Sqrt(v[k])/bc2Sqrt + o.eps))
	}
}

// Reset forgets the moments and the step count.
func (o *Adam) Reset() {
	clear(o.m)
	clear(o.v)
	o.t = 0
}
