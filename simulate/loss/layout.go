package loss

import "gonum.org/v1/gonum/mat"

// Layout is the arrangement of a loss's anchors and candidates in its logit matrix
// (docs/theory.md §3, §6).
type Layout int

const (
	// CrossView: n×n logits, anchor a of view 1 (row a) against candidate b of view 2
	// (column b); the positive of anchor a is candidate a (the diagonal).
	CrossView Layout = iota
	// JointViews: 2n×2n logits over all 2n views, view-1 rows then view-2 rows, each
	// view an anchor against the others (self masked); the positive of view i is view
	// (i+n) mod 2n (ntxent).
	JointViews
)

// String returns the layout's name.
func (l Layout) String() string {
	if l == JointViews {
		return "joint views"
	}
	return "cross view"
}

// Side returns the side of the logit matrix of n sources: n, or 2n for JointViews.
func (l Layout) Side(n int) int {
	if l == JointViews {
		return 2 * n
	}
	return n
}

// Positive returns the column of the positive of anchor row x in logits of side
// side: x, or (x + side/2) mod side for JointViews.
func (l Layout) Positive(x, side int) int {
	if l == JointViews {
		return (x + side/2) % side
	}
	return x
}

// PositiveProb writes into dst (len Side(n)) the positive-pair probability of every
// anchor of the logits s in this layout: PositiveProb for CrossView,
// PositiveProbJoint for JointViews.
func (l Layout) PositiveProb(dst []float64, s *mat.Dense, decoupled bool) {
	if l == JointViews {
		PositiveProbJoint(dst, s, decoupled)
		return
	}
	PositiveProb(dst, s, decoupled)
}

// Arrange returns the operands whose rows and columns make the logits of layout l:
// (view1, view2) for CrossView, (all, all) for JointViews, where all holds the view-1
// items then the view-2 items. T is a list of states or a matrix of embeddings.
func Arrange[T any](l Layout, view1, view2, all T) (rows, cols T) {
	if l == JointViews {
		return all, all
	}
	return view1, view2
}
