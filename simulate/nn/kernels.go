package nn

import "math"

// Kernels of an affine layer with W stored in×out row-major (W[k*out+j] maps input k
// to output j). Every result is one sequential sum in a fixed order; the kernels only
// interleave independent sums (4 outputs × 2 rows or 2 inputs) so that the processor
// overlaps their additions and loads of W or g are shared. They do not branch on data
// (zero inputs are multiplied, not skipped): ReLU outputs are zero about half the
// time, and a data-dependent branch mispredicts that often. Benchmarked on the
// reference encoder, each of these choices was faster than the simpler loop, than
// gonum's Dgemm and than gonum's assembly axpy (floats.AddScaled).

// affineRow sets y = x W + b, y_j = b_j + Σ_k x_k W_kj summed in k order, and then
// y = max(y, 0) if relu.
func affineRow(y, x, w, b []float64, relu bool) {
	out := len(y)
	j := 0
	for ; j+4 <= out; j += 4 {
		s0, s1, s2, s3 := b[j], b[j+1], b[j+2], b[j+3]
		for k, xk := range x {
			wk := w[k*out+j : k*out+j+4]
			s0 += xk * wk[0]
			s1 += xk * wk[1]
			s2 += xk * wk[2]
			s3 += xk * wk[3]
		}
		if relu {
			s0, s1, s2, s3 = max(s0, 0), max(s1, 0), max(s2, 0), max(s3, 0)
		}
		yj := y[j : j+4]
		yj[0], yj[1], yj[2], yj[3] = s0, s1, s2, s3
	}
	affineTail(y, x, w, b, j, relu)
}

// affineRows2 is affineRow on two rows at once (y0 = x0 W + b, y1 = x1 W + b), each
// output summed in exactly the same order as affineRow; sharing the loads of W
// between the rows saves memory traffic.
func affineRows2(y0, y1, x0, x1, w, b []float64, relu bool) {
	out := len(y0)
	x1 = x1[:len(x0)]
	j := 0
	for ; j+4 <= out; j += 4 {
		a0, a1, a2, a3 := b[j], b[j+1], b[j+2], b[j+3]
		c0, c1, c2, c3 := a0, a1, a2, a3
		for k, u := range x0 {
			v := x1[k]
			wk := w[k*out+j : k*out+j+4]
			w0, w1, w2, w3 := wk[0], wk[1], wk[2], wk[3]
			a0 += u * w0
			a1 += u * w1
			a2 += u * w2
			a3 += u * w3
			c0 += v * w0
			c1 += v * w1
			c2 += v * w2
			c3 += v * w3
		}
		if relu {
			a0, a1, a2, a3 = max(a0, 0), max(a1, 0), max(a2, 0), max(a3, 0)
			c0, c1, c2, c3 = max(c0, 0), max(c1, 0), max(c2, 0), max(c3, 0)
		}
		r0 := y0[j : j+4]
		r0[0], r0[1], r0[2], r0[3] = a0, a1, a2, a3
		r1 := y1[j : j+4]
		r1[0], r1[1], r1[2], r1[3] = c0, c1, c2, c3
	}
	if j < out {
		affineTail(y0, x0, w, b, j, relu)
		affineTail(y1, x1, w, b, j, relu)
	}
}

// affineTail is affineRow for the outputs j0 … out−1, one at a time.
func affineTail(y, x, w, b []float64, j0 int, relu bool) {
	out := len(y)
	for j := j0; j < out; j++ {
		s := b[j]
		for k, xk := range x {
			s += xk * w[k*out+j]
		}
		if relu {
			s = max(s, 0)
		}
		y[j] = s
	}
}

// outerBlockRows is the number of rows outerChunk sums in registers before adding to
// gw; a block of x and g rows then stays in the L1 cache while it is reread for every
// input k.
const outerBlockRows = 32

// outerChunk adds Σ_r x_r g_rᵀ to gw and Σ_r g_r to gb for rows r = lo … hi−1; row r
// of x starts at r·xs (xs = the number of inputs) and of g at r·gs. Each entry is
// summed over a block of outerBlockRows rows in order, and the block sums are added
// to gw and gb in block order.
func outerChunk(gw, gb, x []float64, xs int, g []float64, gs, lo, hi int) {
	for b := lo; b < hi; b += outerBlockRows {
		outerBlock(gw, gb, x, xs, g, gs, b, min(b+outerBlockRows, hi))
	}
}

func outerBlock(gw, gb, x []float64, xs int, g []float64, gs, lo, hi int) {
	in, out := xs, len(gb)
	for j := range gb {
		var s float64
		for r := lo; r < hi; r++ {
			s += g[r*gs+j]
		}
		gb[j] += s
	}
	k := 0
	for ; k+2 <= in; k += 2 {
		// Inputs k and k+1 together share the loads of g.
		j := 0
		for ; j+4 <= out; j += 4 {
			var a0, a1, a2, a3, c0, c1, c2, c3 float64
			for r := lo; r < hi; r++ {
				xr := x[r*xs+k : r*xs+k+2]
				u, v := xr[0], xr[1]
				gr := g[r*gs+j : r*gs+j+4]
				g0, g1, g2, g3 := gr[0], gr[1], gr[2], gr[3]
				a0 += u * g0
				a1 += u * g1
				a2 += u * g2
				a3 += u * g3
				c0 += v * g0
				c1 += v * g1
				c2 += v * g2
				c3 += v * g3
			}
			wa := gw[k*out+j : k*out+j+4]
			wa[0] += a0
			wa[1] += a1
			wa[2] += a2
			wa[3] += a3
			wc := gw[(k+1)*out+j : (k+1)*out+j+4]
			wc[0] += c0
			wc[1] += c1
			wc[2] += c2
			wc[3] += c3
		}
		for ; j < out; j++ {
			var a, c float64
			for r := lo; r < hi; r++ {
				gj := g[r*gs+j]
				a += x[r*xs+k] * gj
				c += x[r*xs+k+1] * gj
			}
			gw[k*out+j] += a
			gw[(k+1)*out+j] += c
		}
	}
	for ; k < in; k++ {
		j := 0
		for ; j+4 <= out; j += 4 {
			var s0, s1, s2, s3 float64
			for r := lo; r < hi; r++ {
				xk := x[r*xs+k]
				gr := g[r*gs+j : r*gs+j+4]
				s0 += xk * gr[0]
				s1 += xk * gr[1]
				s2 += xk * gr[2]
				s3 += xk * gr[3]
			}
			wj := gw[k*out+j : k*out+j+4]
			wj[0] += s0
			wj[1] += s1
			wj[2] += s2
			wj[3] += s3
		}
		for ; j < out; j++ {
			var s float64
			for r := lo; r < hi; r++ {
				s += x[r*xs+k] * g[r*gs+j]
			}
			gw[k*out+j] += s
		}
	}
}

// backRow sets dx = (g Wᵀ) ∘ 1[h > 0]: dx_k = Σ_j g_j W_kj (in j order) where the
// ReLU output h_k > 0, else 0 (the ReLU derivative at 0 taken as 0, as in PyTorch).
func backRow(dx, g, w, h []float64) {
	out := len(g)
	in := len(dx)
	k := 0
	for ; k+4 <= in; k += 4 {
		w0 := w[k*out : k*out+out]
		w1 := w[(k+1)*out : (k+1)*out+out]
		w2 := w[(k+2)*out : (k+2)*out+out]
		w3 := w[(k+3)*out : (k+3)*out+out]
		w0, w1, w2, w3 = w0[:out], w1[:out], w2[:out], w3[:out]
		var s0, s1, s2, s3 float64
		for j, gj := range g {
			s0 += gj * w0[j]
			s1 += gj * w1[j]
			s2 += gj * w2[j]
			s3 += gj * w3[j]
		}
		hk := h[k : k+4]
		dk := dx[k : k+4]
		dk[0], dk[1], dk[2], dk[3] = relay(s0, hk[0]), relay(s1, hk[1]), relay(s2, hk[2]), relay(s3, hk[3])
	}
	for ; k < in; k++ {
		var s float64
		wk := w[k*out : k*out+out]
		for j, gj := range g {
			s += gj * wk[j]
		}
		dx[k] = relay(s, h[k])
	}
}

// relay passes the gradient s through a ReLU whose output was h: s if h > 0, else 0.
// The select is done on the bits (keep is all ones or zero) so that it compiles to a
// conditional move rather than a branch that mispredicts on half the units.
func relay(s, h float64) float64 {
	var keep uint64
	if h > 0 {
		keep = ^uint64(0)
	}
	return math.Float64frombits(math.Float64bits(s) & keep)
}

// backRows2 is backRow on two rows at once, each output summed in exactly the same
// order as backRow; the rows share the loads of W.
func backRows2(dx0, dx1, g0, g1, w, h0, h1 []float64) {
	out := len(g0)
	in := len(dx0)
	g1 = g1[:out]
	k := 0
	for ; k+4 <= in; k += 4 {
		w0 := w[k*out : k*out+out]
		w1 := w[(k+1)*out : (k+1)*out+out]
		w2 := w[(k+2)*out : (k+2)*out+out]
		w3 := w[(k+3)*out : (k+3)*out+out]
		w0, w1, w2, w3 = w0[:out], w1[:out], w2[:out], w3[:out]
		var a0, a1, a2, a3, c0, c1, c2, c3 float64
		for j, u := range g0 {
			v := g1[j]
			a0 += u * w0[j]
			a1 += u * w1[j]
			a2 += u * w2[j]
			a3 += u * w3[j]
			c0 += v * w0[j]
			c1 += v * w1[j]
			c2 += v * w2[j]
			c3 += v * w3[j]
		}
		hk, dk := h0[k:k+4], dx0[k:k+4]
		dk[0], dk[1], dk[2], dk[3] = relay(a0, hk[0]), relay(a1, hk[1]), relay(a2, hk[2]), relay(a3, hk[3])
		hk, dk = h1[k:k+4], dx1[k:k+4]
		dk[0], dk[1], dk[2], dk[3] = relay(c0, hk[0]), relay(c1, hk[1]), relay(c2, hk[2]), relay(c3, hk[3])
	}
	for ; k < in; k++ {
		wk := w[k*out : k*out+out]
		var a, c float64
		for j, u := range g0 {
			a += u * wk[j]
			c += g1[j] * wk[j]
		}
		dx0[k] = relay(a, h0[k])
		dx1[k] = relay(c, h1[k])
	}
}
