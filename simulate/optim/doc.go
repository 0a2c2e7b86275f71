// Package optim updates flat parameter vectors (package nn's Params) in place from
// their gradients, and gives the learning rate of each step.
//
// Optimisers (t counts steps from 1, g_t is the gradient, η_t the learning rate):
//
//	SGD with momentum μ (torch.optim.SGD, dampening 0, no Nesterov):
//	    v_t = μ v_{t−1} + g_t   (v_0 = 0, so v_1 = g_1)
//	    p_t = p_{t−1} − η_t v_t
//
//	Adam (Kingma & Ba 2015, exactly as torch.optim.Adam without weight decay/amsgrad):
//	    m_t = β1 m_{t−1} + (1−β1) g_t,   v_t = β2 v_{t−1} + (1−β2) g_t²
//	    p_t = p_{t−1} − (η_t/(1−β1^t)) · m_t / (√v_t/√(1−β2^t) + ε)
//
// (torch evaluates m_t as the lerp m + (1−β1)(g − m): equal in exact arithmetic,
// possibly differing in the last bit), so the first Adam step moves every parameter by −η·g/(|g| + ε): by η in the
// direction of −sign(g), whatever the gradient's scale.
//
// Schedules give η for a step counted from 0:
//
//	Constant(r):   η_s = r
//	WarmupCosine:  η_s = Base·(s+1)/Warmup                          for s < Warmup
//	               η_s = Base·½·(1 + cos(π·(s−Warmup)/max(1, Total−Warmup)))  for Warmup ≤ s < Total
//	               η_s = 0                                           for s ≥ Total
//
// The cosine decays once, from Base at s = Warmup towards 0 at s = Total (one past the
// last of Total steps, where the formula gives 0), as lr_at in the PyTorch peer torch_toy.py (docs/design.md §3)
// (LambdaLR(lr_at) with steps = Total); it does not restart halfway like the paper's
// reference scheduler (docs/theory.md §7).
//
// State (momentum, moments) is allocated at the first Step after construction or
// Reset, sized to the parameter vector; later Steps allocate nothing.
//
// Failure policy: constructors return an error naming a bad hyperparameter. Step
// panics on programmer errors: params and grad of different lengths, a length that
// differs from the one the state was built for (call Reset between models), or a
// learning rate that is negative or NaN. LR panics on a negative step.
package optim
