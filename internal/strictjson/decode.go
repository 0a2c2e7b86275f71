package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Document is what Decode saw besides the value: where each object member starts and
// how the user wrote it.
type Document struct {
	data   []byte
	values map[string]string // member path → its value as written, containers abbreviated
	starts map[string]int    // member path → byte offset of its value
}

// Has reports whether the document gives the object member at path.
func (d *Document) Has(path string) bool {
	_, ok := d.values[path]
	return ok
}

// Value returns the member at path as the user wrote it: a number's literal, a quoted
// string (cut after 40 characters), true, false, null, "[…] (n elements)", "[]",
// "{…}" or "{}"; "" when the document does not give it.
func (d *Document) Value(path string) string { return d.values[path] }

// Offset returns the byte offset in the document of the value of the member at path.
func (d *Document) Offset(path string) (int, bool) {
	off, ok := d.starts[path]
	return off, ok
}

// At returns an Error at the member path with a formatted message, placed at its line
// and column when the document gives it.
func (d *Document) At(path, format string, args ...any) *Error {
	if off, ok := d.starts[path]; ok {
		return errAt(d.data, off, path, format, args...)
	}
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// Decode reads the JSON document data into v, a non-nil pointer, strictly (package
// doc). Errors are *Error values; v is unchanged when Decode fails.
func Decode(data []byte, v any) (*Document, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic(fmt.Sprintf("strictjson: Decode needs a non-nil pointer, got %T", v))
	}
	t := rv.Type().Elem()
	if err := checkSyntax(data, t); err != nil {
		return nil, err
	}
	w := newWalker(data)
	if _, err := w.value(t, ""); err != nil {
		return nil, err
	}
	// The walk admitted only names, types and numbers that encoding/json decodes into
	// t, and rewrote integers such as 1e3 in plain digits.
	dec := json.NewDecoder(bytes.NewReader(w.out.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, &Error{Msg: "unreadable document: " + err.Error()}
	}
	return w.doc, nil
}

// bom is the UTF-8 encoding of U+FEFF, the byte-order mark some editors write first.
var bom = []byte{0xEF, 0xBB, 0xBF}

// checkSyntax refuses an empty document, a BOM, invalid JSON (naming bare NaN and
// Infinity) and data after the first value.
func checkSyntax(data []byte, t reflect.Type) error {
	if bytes.HasPrefix(data, bom) {
		return &Error{Line: 1, Column: 1, Msg: "the file starts with a UTF-8 byte-order mark (BOM): save it as UTF-8 without BOM"}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return &Error{Msg: "empty input: want " + want(t)}
	}
	var raw json.RawMessage
	err := json.Unmarshal(data, &raw)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return &Error{Msg: "invalid JSON: " + err.Error()}
	}
	// Is the first value complete? Then the error is in what follows it.
	dec := json.NewDecoder(bytes.NewReader(data))
	if dec.Decode(&raw) == nil {
		end := int(dec.InputOffset())
		for end < len(data) && isSpace(data[end]) {
			end++
		}
		return errAt(data, end, "", "data after the first JSON value: want one value per file")
	}
	// The offending byte is the last one read, except at the end of the input.
	off := int(se.Offset)
	if off > 0 && off <= len(data) && se.Error() != "unexpected end of JSON input" {
		off--
	}
	if word, start := nonFinite(data, off); word != "" {
		path := pathAt(data)
		if path == "" {
			path = "(top level)"
		}
		return errAt(data, start, path, "= %s: JSON has no NaN or infinity; write a finite number", word)
	}
	return errAt(data, off, "", "invalid JSON: %s", se.Error())
}

// nonFinite returns the bare word NaN, Inf or Infinity (any case, with its sign) that
// covers byte off of data, and where it starts; "" if there is none.
func nonFinite(data []byte, off int) (string, int) {
	start, end := off, off
	for start > 0 && isWordByte(data[start-1]) {
		start--
	}
	for end < len(data) && isWordByte(data[end]) {
		end++
	}
	if word := string(data[start:end]); nonFiniteWord.MatchString(word) {
		return word, start
	}
	return "", 0
}

// nonFiniteWord matches the spellings of NaN and the infinities that other languages
// write and JSON refuses.
var nonFiniteWord = regexp.MustCompile(`^[+-]?(?i:nan|inf|infinity)$`)

// isWordByte reports whether c can be part of a bare word such as -Infinity.
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-' || c == '+'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// pathAt returns the path of the value being read where data stops being valid JSON.
func pathAt(data []byte) string {
	w := newWalker(data)
	if tok, err := w.dec.Token(); err == nil {
		_, _ = w.skip(tok, "")
	}
	return w.path
}

// walker reads a document token by token beside the type it decodes into, checks
// it, and writes the document encoding/json then decodes.
type walker struct {
	data []byte
	dec  *json.Decoder
	out  bytes.Buffer
	doc  *Document
	path string // the value being read, for syntax errors
}

func newWalker(data []byte) *walker {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return &walker{data: data, dec: dec, doc: &Document{data: data, values: map[string]string{}, starts: map[string]int{}}}
}

// start returns the offset of the next token.
func (w *walker) start() int {
	off := int(w.dec.InputOffset())
	for off < len(w.data) && (isSpace(w.data[off]) || w.data[off] == ',' || w.data[off] == ':') {
		off++
	}
	return off
}

var rawType = reflect.TypeFor[json.RawMessage]()

// value reads the next value into type t at path and returns it as written (short).
func (w *walker) value(t reflect.Type, path string) (string, error) {
	w.path = path
	off := w.start()
	tok, _ := w.dec.Token() // checkSyntax has read the document
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawType || t.Kind() == reflect.Interface {
		desc, err := w.skip(tok, path)
		w.out.Write(w.data[off:w.dec.InputOffset()])
		return desc, err
	}
	switch tok := tok.(type) {
	case json.Delim:
		switch {
		case tok == '{' && t.Kind() == reflect.Struct:
			return w.object(t, path)
		case tok == '{' && t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
			return w.mapObject(t, path)
		case tok == '[' && t.Kind() == reflect.Slice:
			return w.array(t, path)
		}
	case json.Number:
		if isNumeric(t.Kind()) {
			return string(tok), w.number(string(tok), t, path, off)
		}
	case string:
		if t.Kind() == reflect.String {
			b, _ := json.Marshal(tok) // a string always marshals
			w.out.Write(b)
			return quote(tok), nil
		}
	case bool:
		if t.Kind() == reflect.Bool {
			fmt.Fprint(&w.out, tok)
			return fmt.Sprint(tok), nil
		}
	}
	desc, err := w.skip(tok, path)
	if err != nil {
		return "", err
	}
	where := path
	if where == "" {
		where = "(top level)"
	}
	return "", errAt(w.data, off, where, "= %s: want %s, got %s%s", desc, want(t), kindOf(tok), hint(tok))
}

// field is a member of a target struct.
type field struct {
	name string
	typ  reflect.Type
}

// fields returns the JSON members of struct type t, in declaration order.
func fields(t reflect.Type) []field {
	var fs []field
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = sf.Name
		}
		fs = append(fs, field{name, sf.Type})
	}
	return fs
}

// Names returns the JSON member names of struct type t, in declaration order: the
// keys Decode accepts for it.
func Names(t reflect.Type) []string {
	var names []string
	for _, f := range fields(t) {
		names = append(names, f.name)
	}
	return names
}

func (w *walker) object(t reflect.Type, path string) (string, error) {
	fs := fields(t)
	names := Names(t)
	return w.members(path, func(key string) (reflect.Type, string) {
		for _, f := range fs {
			if f.name == key {
				return f.typ, ""
			}
		}
		why := fmt.Sprintf("unknown field, want one of %v", names)
		for _, f := range fs {
			if strings.EqualFold(f.name, key) {
				why += fmt.Sprintf(" (names are case-sensitive: %q, not %q)", f.name, key)
			}
		}
		return nil, why
	})
}

func (w *walker) mapObject(t reflect.Type, path string) (string, error) {
	return w.members(path, func(string) (reflect.Type, string) { return t.Elem(), "" })
}

// members reads the members of an object whose '{' has been read; typeOf gives a
// key's type, or nil and why the key is refused.
func (w *walker) members(path string, typeOf func(key string) (reflect.Type, string)) (string, error) {
	w.out.WriteByte('{')
	seen := map[string]bool{}
	for w.dec.More() {
		koff := w.start()
		tok, _ := w.dec.Token()
		key := tok.(string) // a valid document's object keys are strings
		p := Join(path, key)
		if seen[key] {
			return "", errAt(w.data, koff, p, "is given twice")
		}
		seen[key] = true
		t, why := typeOf(key)
		if t == nil {
			w.path = p
			vtok, _ := w.dec.Token() // the document is valid JSON
			desc, err := w.skip(vtok, p)
			if err != nil {
				return "", err
			}
			return "", errAt(w.data, koff, p, "= %s: %s", desc, why)
		}
		if len(seen) > 1 {
			w.out.WriteByte(',')
		}
		b, _ := json.Marshal(key)
		w.out.Write(b)
		w.out.WriteByte(':')
		w.doc.starts[p] = w.start()
		desc, err := w.value(t, p)
		if err != nil {
			return "", err
		}
		w.doc.values[p] = desc
	}
	w.dec.Token() // '}'
	w.out.WriteByte('}')
	return braces(len(seen)), nil
}

func (w *walker) array(t reflect.Type, path string) (string, error) {
	w.out.WriteByte('[')
	n := 0
	for w.dec.More() {
		if n > 0 {
			w.out.WriteByte(',')
		}
		if _, err := w.value(t.Elem(), Index(path, n)); err != nil {
			return "", err
		}
		n++
	}
	w.dec.Token() // ']'
	w.out.WriteByte(']')
	return brackets(n), nil
}

// skip reads the rest of the value that begins with tok, without a target type but
// with the duplicate-key check, and returns it as written (short).
func (w *walker) skip(tok json.Token, path string) (string, error) {
	switch tok := tok.(type) {
	case nil:
		return "null", nil
	case string:
		return quote(tok), nil
	case json.Number:
		return string(tok), nil
	case json.Delim:
		n := 0
		seen := map[string]bool{}
		for w.dec.More() {
			p := Index(path, n)
			if tok == '{' {
				koff := w.start()
				k, _ := w.dec.Token() // an error here recurs at the value's token
				key, _ := k.(string)
				p = Join(path, key)
				if seen[key] {
					return "", errAt(w.data, koff, p, "is given twice")
				}
				seen[key] = true
			}
			w.path = p
			next, err := w.dec.Token()
			if err != nil {
				return "", err
			}
			if _, err := w.skip(next, p); err != nil {
				return "", err
			}
			n++
		}
		if _, err := w.dec.Token(); err != nil { // the closing delimiter
			return "", err
		}
		if tok == '{' {
			return braces(n), nil
		}
		return brackets(n), nil
	}
	return fmt.Sprint(tok), nil // a boolean
}

func braces(n int) string {
	if n == 0 {
		return "{}"
	}
	return "{…}"
}

func brackets(n int) string {
	if n == 0 {
		return "[]"
	}
	return fmt.Sprintf("[…] (%d elements)", n)
}

// quote renders a string for a message, cut after 40 characters.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return strconv.Quote(s)
}

// kindOf names the JSON type of a value by its first token.
func kindOf(tok json.Token) string {
	switch tok := tok.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case json.Delim:
		if tok == '{' {
			return "an object"
		}
	}
	return "an array"
}

// hint explains a string that spells a non-finite number.
func hint(tok json.Token) string {
	if s, ok := tok.(string); ok {
		switch strings.ToLower(strings.TrimLeft(s, "+-")) {
		case "nan", "inf", "infinity":
			return " (JSON has no NaN or infinity, and a number in quotes is a string)"
		}
	}
	return ""
}

// want describes in JSON's words the values type t accepts.
func want(t reflect.Type) string {
	one, _ := words(t)
	return one
}

// words describes the values of type t in JSON's words: one value, and several.
func words(t reflect.Type) (one, many string) {
	switch t.Kind() {
	case reflect.Pointer:
		return words(t.Elem())
	case reflect.Slice:
		_, m := words(t.Elem())
		return "an array of " + m, "arrays of " + m
	case reflect.Struct, reflect.Map:
		return "an object {…}", "objects {…}"
	case reflect.String:
		return "a string", "strings"
	case reflect.Bool:
		return "true or false", "booleans"
	case reflect.Float32, reflect.Float64:
		return "a number", "numbers"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer ≥ 0", "integers ≥ 0"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer", "integers"
	}
	return "a JSON value", "JSON values"
}
