package loss

// refSelfLSE evaluates the uniformity term (1/N) Σ_a lse'_b (u_a·u_b/τ) of one view
// (lse' over b ≠ a) and adds its gradient to du: with P' the softmax over b ≠ a,
// ∂/∂S_ab = P'_ab/N and ∂u = (∂S + ∂Sᵀ) u/τ. s and lse are n×n and n scratch.
func refSelfLSE(du, u, s, lse []float64, n, d int, tau float64, grad bool, workers int) float64 {
	refSymGram(s, u, n, d, 1/tau, workers)
	refSoftmaxRows(s, lse, n, n, true, workers)
	total := 0.0
	for _, v := range lse {
		total += v
	}
	if grad {
		sc := 1 / (tau * float64(n))
		refSymmetrise(s, n, workers)
		refMulAdd(du, s, u, n, n, d, false, sc, workers)
	}
	return total / float64(n)
}

// refAlign returns −(1/N) Σ_a u1_a·u2_a/τ and, with grad, adds −u2_a/(Nτ) to du1_a and
// −u1_a/(Nτ) to du2_a.
func refAlign(du1, du2, u1, u2 []float64, n, d int, tau float64, grad bool) float64 {
	sc := 1 / (tau * float64(n))
	total := 0.0
	for a := range n {
		x, y := u1[a*d:(a+1)*d], u2[a*d:(a+1)*d]
		total += refDot(x, y)
		if grad {
			for k := range d {
				du1[a*d+k] -= sc * y[k]
				du2[a*d+k] -= sc * x[k]
			}
		}
	}
	return -total * sc
}
