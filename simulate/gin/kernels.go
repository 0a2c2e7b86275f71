package gin

// addTo sets y += x. It panics if x is shorter than y.
func addTo(y, x []float64) {
	if len(x) < len(y) {
		panic("gin: addTo: short operand")
	}
	x = x[:len(y)]
	for i, v := range x {
		y[i] += v
	}
}

// axpy sets y += s·x. It panics if x is shorter than y.
func axpy(y []float64, s float64, x []float64) {
	if len(x) < len(y) {
		panic("gin: axpy: short operand")
	}
	x = x[:len(y)]
	for i, v := range x {
		y[i] += s * v
	}
}

// addVecMat sets y += x W with W row-major len(x)×out.
func addVecMat(y, x, w []float64, out int) {
	y = y[:out]
	for r, xv := range x {
		if xv != 0 {
			axpy(y, xv, w[r*out:(r+1)*out])
		}
	}
}

// matVecT sets y = W g with W row-major len(y)×len(g) (y = g Wᵀ as a row vector).
func matVecT(y, w, g []float64) {
	out := len(g)
	for r := range y {
		row := w[r*out : (r+1)*out]
		s := 0.0
		for o, v := range g {
			s += row[o] * v
		}
		y[r] = s
	}
}

// outer sets gw += xᵀ g (gw row-major len(x)×len(g)).
func outer(gw, x, g []float64) {
	out := len(g)
	for r, xv := range x {
		if xv != 0 {
			axpy(gw[r*out:(r+1)*out], xv, g)
		}
	}
}

// relu sets x = max(x, 0) entrywise (NaN stays NaN).
func relu(x []float64) {
	for i, v := range x {
		if v < 0 {
			x[i] = 0
		}
	}
}

// reluBack zeroes d where the ReLU output h is not positive (derivative 0 at 0).
func reluBack(d, h []float64) {
	h = h[:len(d)]
	for i, v := range h {
		if !(v > 0) {
			d[i] = 0
		}
	}
}

func allZero(x []float64) bool {
	for _, v := range x {
		if v != 0 {
			return false
		}
	}
	return true
}
