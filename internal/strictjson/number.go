package strictjson

import (
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
)

func isNumeric(k reflect.Kind) bool {
	switch k {
	case reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// number checks the literal text for type t and writes it: as written for a float,
// in plain digits for an integer (1e3 → 1000).
func (w *walker) number(text string, t reflect.Type, path string, off int) error {
	bits := t.Bits()
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(text, bits)
		if err != nil { // ±Inf: strconv rounds an underflow to 0 or a subnormal without error
			return errAt(w.data, off, path, "= %s: out of range, want a number of magnitude below %.4g", text, maxFloat(bits))
		}
		if f == 0 && !isZero(text) {
			return errAt(w.data, off, path, "= %s: too close to 0 to be represented, write 0 or a larger number", text)
		}
		w.out.WriteString(text)
		return nil
	}
	signed := t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64
	lo, hi := new(big.Int), new(big.Int).Lsh(big.NewInt(1), uint(bits)) // [lo, hi)
	rng := "[0, 2" + superscript(bits) + ")"
	if signed {
		hi.Rsh(hi, 1)
		lo.Neg(hi)
		rng = "[−2" + superscript(bits-1) + ", 2" + superscript(bits-1) + ")"
	}
	n, ok := integer(text)
	switch {
	case n == nil && !ok:
		return errAt(w.data, off, path, "= %s: want an integer", text)
	case n == nil || n.Cmp(lo) < 0 || n.Cmp(hi) >= 0:
		return errAt(w.data, off, path, "= %s: want an integer in %s", text, rng)
	}
	w.out.WriteString(n.String())
	return nil
}

func maxFloat(bits int) float64 {
	if bits == 32 {
		return math.MaxFloat32
	}
	return math.MaxFloat64
}

// maxExponent bounds the decimal exponents integer evaluates exactly, beyond the
// mantissa's length: 10^400 is a 1329-bit number, far beyond any integer field, and
// cheap to build.
const maxExponent = 400

// integer returns the value of the JSON number text when it is an integer (1e3,
// 2.50e1, -0); nil and ok for an integer too large to evaluate; nil and !ok for a
// number with a fractional part.
func integer(text string) (n *big.Int, ok bool) {
	mant := text
	var exp int
	if i := strings.IndexAny(text, "eE"); i >= 0 {
		mant = text[:i]
		e, err := strconv.Atoi(text[i+1:])
		if err != nil { // more digits than an int holds
			e = math.MaxInt
			if strings.HasPrefix(text[i+1:], "-") {
				e = math.MinInt
			}
		}
		exp = e
	}
	if isZero(mant) {
		return new(big.Int), true // zero, whatever the exponent
	}
	// A non-zero mantissa of d characters lies in [10^-d, 10^d).
	d := len(mant)
	if exp > maxExponent+d {
		return nil, true
	}
	if exp < -maxExponent-d {
		return nil, false
	}
	r, _ := new(big.Rat).SetString(text) // a valid JSON number
	if !r.IsInt() {
		return nil, false
	}
	return r.Num(), true
}

// isZero reports whether the number text (or its mantissa) is a zero: only signs,
// zeros and the point before any exponent.
func isZero(text string) bool {
	mant, _, _ := strings.Cut(strings.ToLower(text), "e")
	return strings.Trim(mant, "-0.") == ""
}

// superscript writes n with superscript digits (2⁶³).
func superscript(n int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	var b strings.Builder
	for _, c := range strconv.Itoa(n) {
		b.WriteString(string([]rune(digits)[c-'0']))
	}
	return b.String()
}
