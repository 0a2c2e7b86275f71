package optim

import "fmt"

// SGD is stochastic gradient descent with heavy-ball momentum (torch.optim.SGD with
// dampening 0): v = μ v + g, p = p − lr·v; Momentum = 0 is plain SGD. The zero
// value is plain SGD; use NewSGD to validate the momentum.
type SGD struct {
	Momentum float64

	velocity []float64
	started  bool
}

// NewSGD returns SGD with momentum μ. It returns an error unless 0 ≤ μ < 1.
func NewSGD(momentum float64) (*SGD, error) {
	if !(momentum >= 0 && momentum < 1) {
		return nil, fmt.Errorf("optim: SGD momentum = %v: need 0 ≤ μ < 1", momentum)
	}
	return &SGD{Momentum: momentum}, nil
}

// Step updates params in place: v = μ v + grad, params −= lr·v (params −= lr·grad
// when μ = 0).
func (o *SGD) Step(params, grad []float64, lr float64) {
	if o.Momentum == 0 {
		checkStep("SGD", params, grad, lr, len(params), true)
		grad = grad[:len(params)]
		for k, g := range grad {
			params[k] -= lr * g
		}
		return
	}
	if checkStep("SGD", params, grad, lr, len(o.velocity), !o.started) {
		o.velocity = make([]float64, len(params))
	}
	o.started = true
	v := o.velocity[:len(params)]
	grad = grad[:len(params)]
	mu := o.Momentum
	for k, g := range grad {
		v[k] = mu*v[k] + g
		params[k] -= lr * v[k]
	}
}

// Reset sets the velocity to zero.
func (o *SGD) Reset() {
	clear(o.velocity)
	o.started = false
}
