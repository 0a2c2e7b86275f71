package strictjson

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

type inner struct {
	Kind   string `json:"kind"`
	Widths []int  `json:"widths"`
}

type target struct {
	N       []int           `json:"N"`
	Tau     *float64        `json:"tau"`
	Seed    *uint64         `json:"seed"`
	Steps   int             `json:"steps"`
	Small   int8            `json:"small"`
	Count   int64           `json:"count"`
	Ratio   float32         `json:"ratio"`
	Flag    bool            `json:"flag"`
	Loss    []string        `json:"loss"`
	Model   *inner          `json:"model"`
	Rows    [][]float64     `json:"rows"`
	Extra   map[string]int  `json:"extra"`
	Raw     json.RawMessage `json:"raw"`
	Any     any             `json:"any"`
	Ignored int             `json:"-"`
	Plain   int
	//lint:ignore U1000 an unexported field: no key may be matched to it
	hidden int
}

// TestDecodeRefuses: each lax input is refused with the place, the field and the
// value as written.
func TestDecodeRefuses(t *testing.T) {
	for _, tc := range []struct {
		in, want, reason string
		line, col        int
	}{
		{``, "empty input: want an object {…}", "an empty file gets a sentence, not EOF", 0, 0},
		{" \n\t", "empty input", "white space only is empty", 0, 0},
		{"\xEF\xBB\xBF{}", "byte-order mark (BOM)", "a BOM is named", 1, 1},
		{`{"N": [1], "N": [2]}`, "N is given twice", "duplicate keys", 1, 12},
		{`{"model": {"kind": "a", "kind": "b"}}`, "model.kind is given twice", "duplicate keys at depth", 1, 25},
		{`{"raw": {"a": 1, "a": 2}}`, "raw.a is given twice", "duplicates inside raw values too", 1, 18},
		{`{"raw": [{"a": 1, "a": 2}]}`, "raw[0].a is given twice", "duplicates inside arrays of raw values", 1, 19},
		{`{"extra": {"x": 1, "x": 1}}`, "extra.x is given twice", "duplicates in a map", 1, 20},
		{`{"n": [16]}`, `n = […] (1 elements): unknown field, want one of [N tau seed steps small count ratio flag loss model rows extra raw any Plain] (names are case-sensitive: "N", not "n")`, `"n" is not "N"`, 1, 2},
		{`{"TAU": 1}`, `(names are case-sensitive: "tau", not "TAU")`, "upper case is refused", 1, 2},
		{`{"Ignored": 1}`, "Ignored = 1: unknown field", `a "-" field is not a member`, 1, 2},
		{`{"hidden": 1}`, "hidden = 1: unknown field", "an unexported field is not a member", 1, 2},
		{`{"model": {"width": {"a": 1}}}`, "model.width = {…}: unknown field, want one of [kind widths]", "unknown nested keys", 1, 12},
		{`{"bogus": {"a": 1, "a": 2}}`, "bogus.a is given twice", "an unknown member is still checked for duplicates", 1, 20},
		{`{"any": {"a": 1, "a": 2}}`, "any.a is given twice", "duplicates inside an interface value", 1, 18},
		{`{"tau": true}`, "tau = true: want a number, got a boolean", "a boolean for a number", 1, 9},
		{`{"loss": [1]}`, "loss[0] = 1: want a string, got a number", "a number for a string", 1, 11},
		{`{"tau": "-inf"}`, `(JSON has no NaN or infinity`, "a signed word in quotes gets the hint", 1, 9},
		{`{"tau": [1, [2]]}`, "tau = […] (2 elements): want a number, got an array", "an array counts its elements, not theirs", 1, 9},
		{`{"tau": NaN}`, "tau = NaN: JSON has no NaN or infinity", "bare NaN", 1, 9},
		{"{\n  \"rows\": [[0.5, -Infinity]]\n}", "rows[0][1] = -Infinity: JSON has no NaN", "bare -Infinity, placed on its sign", 2, 18},
		{`{"tau": +inf}`, "tau = +inf: JSON has no NaN", "bare +inf", 1, 9},
		{`{"tau": NAN}`, "tau = NAN: JSON has no NaN", "any case, capitals included", 1, 9},
		{`{"tau": NaNZ}`, "invalid JSON: invalid character 'N' looking for beginning of value", "a longer word is not NaN", 1, 9},
		{`{"tau": infz}`, "invalid JSON: invalid character 'i' looking for beginning of value", "a lower-case letter after inf makes another word", 1, 9},
		{`NaN`, "line 1, column 1: (top level) = NaN: JSON has no NaN", "a bare word at the first byte", 1, 1},
		{`-Infinity`, "(top level) = -Infinity: JSON has no NaN", "a signed bare word at the first byte", 1, 1},
		{`{"tau": x`, "invalid JSON: invalid character 'x' looking for beginning of value", "a bad last byte is the place, not one past it", 1, 9},
		{`{"tau": nonsense}`, "line 1, column 10: invalid JSON: invalid character 'o' in literal null", "other bare words are syntax errors at their place", 1, 10},
		{`{"tau": "NaN"}`, `tau = "NaN": want a number, got a string (JSON has no NaN or infinity`, "NaN in quotes is a string", 1, 9},
		{`{"tau": "one"}`, `tau = "one": want a number, got a string`, "no hint for other strings", 1, 9},
		{`{"tau": null}`, "tau = null: want a number, got null", "null is not absent", 1, 9},
		{`{"N": [16.5]}`, "N[0] = 16.5: want an integer", "a fraction for an integer", 1, 8},
		{`{"steps": 1.5e0}`, "steps = 1.5e0: want an integer", "a fraction written with an exponent", 1, 11},
		{`{"steps": 1e-3}`, "steps = 1e-3: want an integer", "a negative exponent", 1, 11},
		{`{"steps": 1e-99999999999999999999}`, "want an integer", "an exponent beyond int range, negative", 1, 11},
		{`{"steps": 1e99999999999999999999}`, "want an integer in [−2⁶³, 2⁶³)", "an exponent beyond int range", 1, 11},
		{`{"steps": 9223372036854775808}`, "steps = 9223372036854775808: want an integer in [−2⁶³, 2⁶³)", "2⁶³ is one past int's range", 1, 11},
		{`{"steps": 1e19}`, "steps = 1e19: want an integer in [−2⁶³, 2⁶³)", "1e19 as written", 1, 11},
		{`{"small": 128}`, "small = 128: want an integer in [−2⁷, 2⁷)", "int8 range", 1, 11},
		{`{"small": -129}`, "small = -129: want an integer in [−2⁷, 2⁷)", "int8 range below", 1, 11},
		{`{"seed": -1}`, "seed = -1: want an integer in [0, 2⁶⁴)", "a negative unsigned", 1, 10},
		{`{"seed": 18446744073709551616}`, "seed = 18446744073709551616: want an integer in [0, 2⁶⁴)", "2⁶⁴", 1, 10},
		{`{"tau": 1e999}`, "tau = 1e999: out of range, want a number of magnitude below 1.798e+308", "float overflow", 1, 9},
		{`{"ratio": 1e39}`, "ratio = 1e39: out of range, want a number of magnitude below 3.403e+38", "float32 overflow", 1, 11},
		{`{"tau": 1e-999}`, "tau = 1e-999: too close to 0", "underflow to 0", 1, 9},
		{`{"flag": 1}`, "flag = 1: want true or false, got a number", "a number for a boolean", 1, 10},
		{`{"loss": "infonce"}`, `loss = "infonce": want an array of strings, got a string`, "a scalar for an array", 1, 10},
		{`{"rows": [1]}`, "rows[0] = 1: want an array of numbers, got a number", "nested arrays", 1, 11},
		{`{"rows": {}}`, "rows = {}: want an array of arrays of numbers, got an object", "an object for an array", 1, 10},
		{`{"model": []}`, "model = []: want an object {…}, got an array", "an array for an object", 1, 11},
		{`{"model": true}`, "model = true: want an object {…}, got a boolean", "a boolean for an object", 1, 11},
		{`{"extra": {"a": "x"}}`, `extra.a = "x": want an integer, got a string`, "map values are typed", 1, 17},
		{`[1, 2]`, "(top level) = […] (2 elements): want an object {…}, got an array", "the document must be an object", 1, 1},
		{`{"raw": "a very long string that has more than forty characters in it", "x": 1}`, `x = 1: unknown field`, "raw values pass", 1, 73},
		{`{"x": "a very long string that has more than forty characters in it"}`, `x = "a very long string that has more than fo…": unknown field`, "long strings are cut", 1, 2},
		{`{} {}`, "data after the first JSON value", "one value per file", 1, 4},
		{"{\"tau\": 1}\nextra", "line 2, column 1: data after", "trailing garbage", 2, 1},
		{`{"a" 1}`, "invalid JSON", "a syntax error at its character", 1, 6},
		{"{\n  \"τ\": x}", "invalid JSON", "columns count characters, not bytes", 2, 8},
		{`{"tau": 1`, "invalid JSON: unexpected end of JSON input", "the end of the input is one past the last character", 1, 10},
	} {
		var v target
		_, err := Decode([]byte(tc.in), &v)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: Decode(%q) error %v, want an *Error", tc.reason, tc.in, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || e.Line != tc.line || e.Column != tc.col {
			t.Errorf("%s: Decode(%q) error %q (line %d, column %d), want %q at line %d, column %d", tc.reason, tc.in, err, e.Line, e.Column, tc.want, tc.line, tc.col)
		}
		if strings.HasSuffix(tc.want, "want an integer") && !strings.HasSuffix(err.Error(), "want an integer") {
			t.Errorf("%s: %q: a fraction is not an integer, whatever its size", tc.reason, err)
		}
		if strings.Contains(err.Error(), "float64") || strings.Contains(err.Error(), "int8") || strings.Contains(err.Error(), "Go ") {
			t.Errorf("%s: error %q names a Go type", tc.reason, err)
		}
		if !reflect.DeepEqual(v, target{}) {
			t.Errorf("%s: Decode changed v on error: %+v", tc.reason, v)
		}
	}
}

// TestDecodeAccepts: strict is not stricter than JSON and the target allow.
func TestDecodeAccepts(t *testing.T) {
	tau, seed := 0.9, uint64(18446744073709551615)
	for _, tc := range []struct {
		in     string
		want   target
		reason string
	}{
		{`{"N": [1e3, 2.5e1, 100.0, -0, 0e-999999]}`, target{N: []int{1000, 25, 100, 0, 0}}, "integers written as floats or with exponents"},
		{`{"steps": 100000000000000000000e-3}`, target{Steps: 1e17}, "a long mantissa with a negative exponent"},
		{`{"steps": -9223372036854775808}`, target{Steps: -1 << 63}, "the smallest int"},
		{`{"small": -128}`, target{Small: -128}, "the smallest int8"},
		{`{"count": -1e18}`, target{Count: -1e18}, "int64 is signed"},
		{`{"steps": 0.` + strings.Repeat("0", 399) + `1e400}`, target{Steps: 1}, "10⁻⁴⁰⁰·10⁴⁰⁰: a long mantissa is evaluated, not judged by its exponent"},
		{`{"tau": 0.9, "seed": 18446744073709551615}`, target{Tau: &tau, Seed: &seed}, "pointer fields, the largest uint64"},
		{`{"model": {"kind": "mlp", "widths": [8, 16]}, "loss": ["a", "b"]}`, target{Model: &inner{Kind: "mlp", Widths: []int{8, 16}}, Loss: []string{"a", "b"}}, "nested objects"},
		{`{"extra": {"a": 1, "b": 2}, "flag": true, "Plain": 3}`, target{Extra: map[string]int{"a": 1, "b": 2}, Flag: true, Plain: 3}, "maps, booleans, untagged fields"},
		{"{\"raw\": {\"x\":  [1, \"é\"]}}", target{Raw: json.RawMessage("{\"x\":  [1, \"é\"]}")}, "raw values as written"},
		{`{"rows": [[0.5, 0.5], []], "ratio": 0.25}`, target{Rows: [][]float64{{0.5, 0.5}, {}}, Ratio: 0.25}, "nested arrays, float32"},
		{` {} `, target{}, "white space around the value"},
		{`{"any": [1e3, {"a": null}]}`, target{Any: []any{1e3, map[string]any{"a": nil}}}, "an interface takes any JSON, as encoding/json reads it"},
	} {
		var v target
		doc, err := Decode([]byte(tc.in), &v)
		if err != nil || !reflect.DeepEqual(v, tc.want) {
			t.Errorf("%s: Decode(%s) = %+v, %v; want %+v", tc.reason, tc.in, v, err, tc.want)
		}
		if err == nil && doc == nil {
			t.Errorf("%s: no Document", tc.reason)
		}
	}
}

// TestDocumentValues: members as the user wrote them, with their places.
func TestDocumentValues(t *testing.T) {
	var v target
	doc, err := Decode([]byte("{\"tau\": 0.9,\n \"steps\": 1e3, \"model\": {\"kind\": \"mlp\", \"widths\": [8]}, \"loss\": [], \"flag\": false, \"raw\": null}"), &v)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"tau": "0.9", "steps": "1e3", "model": "{…}", "model.kind": `"mlp"`, "model.widths": "[…] (1 elements)", "loss": "[]", "flag": "false", "raw": "null", "N": ""} {
		if got := doc.Value(path); got != want {
			t.Errorf("Value(%q) = %q, want %q", path, got, want)
		}
		if doc.Has(path) != (want != "") {
			t.Errorf("Has(%q) = %v", path, doc.Has(path))
		}
	}
	if e := doc.At("steps", "= %s: too big", doc.Value("steps")); e.Error() != "line 2, column 11: steps = 1e3: too big" {
		t.Errorf("At(steps) = %q", e)
	}
	if off, ok := doc.Offset("model.kind"); !ok || off != 46 { // counted by hand: the byte of "mlp"'s quote
		t.Errorf("Offset(model.kind) = %d, %v; want 46, the byte of its value", off, ok)
	}
	if _, ok := doc.Offset("seed"); ok {
		t.Errorf("Offset of an absent member reported")
	}
	if e := doc.At("seed", ": missing"); e.Error() != "seed: missing" || e.Line != 0 {
		t.Errorf("At(seed) = %q, want no place for an absent member", e)
	}
	if (&Error{Msg: "whole"}).Error() != "whole" {
		t.Errorf("an Error without place or path is its message")
	}
}

// TestDecodePanicsOnNonPointer: a programmer error.
func TestDecodePanicsOnNonPointer(t *testing.T) {
	for _, v := range []any{target{}, (*target)(nil), nil} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Decode(%T) did not panic", v)
				}
			}()
			Decode([]byte(`{}`), v)
		}()
	}
}

// FuzzDecode: Decode never panics, every error is an *Error with a place inside the
// document or none, and whatever it accepts, encoding/json reads to the same value
// (strict only refuses, never changes a value).
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"N": [1e3], "tau": 0.9, "model": {"kind": "x", "widths": [1]}}`, `{"raw": {"a": [1, {"b": null}]}}`,
		`{"tau": NaN}`, "\xEF\xBB\xBF{}", `{"n": 1}`, `{"steps": 1e19}`, `{"seed": 1.5}`, `{"extra": {"a": 1}}`, ``, `{} x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v target
		_, err := Decode(data, &v)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not an *Error: %v", err, err)
			}
			if e.Line < 0 || e.Line > strings.Count(string(data), "\n")+1 {
				t.Fatalf("line %d outside the document: %v", e.Line, err)
			}
			return
		}
		var plain target
		if err := json.Unmarshal(data, &plain); err == nil && !reflect.DeepEqual(plain, v) {
			t.Fatalf("Decode = %+v, encoding/json = %+v", v, plain)
		}
	})
}

// TestNames: the keys of a struct type, as Decode matches them.
func TestNames(t *testing.T) {
	got := Names(reflect.TypeFor[inner]())
	if !reflect.DeepEqual(got, []string{"kind", "widths"}) {
		t.Errorf("Names(inner) = %v", got)
	}
}
