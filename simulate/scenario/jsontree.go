package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// kind is the JSON type of a node.
type kind int

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

func (k kind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// node is a parsed JSON value. Objects keep their keys in file order, so unknown and
// duplicate fields can be named; numbers keep their literal text, so errors quote
// what the user wrote.
type node struct {
	kind  kind
	b     bool
	text  string // a string's value or a number's literal
	keys  []string
	vals  []*node // object values, parallel to keys
	elems []*node // array elements
}

// field returns the value of key in an object node, or nil.
func (n *node) field(key string) *node {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// describe renders a node for an error message: literals as written, strings
// quoted, containers abbreviated.
func (n *node) describe() string {
	switch n.kind {
	case kindNull:
		return "null"
	case kindBool:
		return fmt.Sprint(n.b)
	case kindNumber:
		return n.text
	case kindString:
		s := n.text
		if utf8.RuneCountInString(s) > 40 {
			s = string([]rune(s)[:40]) + "…"
		}
		return fmt.Sprintf("%q", s)
	case kindArray:
		if len(n.elems) == 0 {
			return "[]"
		}
		return fmt.Sprintf("[…] (%d elements)", len(n.elems))
	default:
		if len(n.keys) == 0 {
			return "{}"
		}
		return "{…}"
	}
}

// parseTree checks data's syntax and returns its single top-level value. Syntax errors
// and data after the value are Errors with a line and column.
func parseTree(data []byte) (*node, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{Msg: "empty input: want a JSON object {…}"}
	}
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var se *json.SyntaxError
		if !errors.As(err, &se) {
			return nil, &Error{Msg: err.Error(), Err: err}
		}
		// Is the first value complete? Then the error is in what follows it.
		dec := json.NewDecoder(bytes.NewReader(data))
		var first json.RawMessage
		if dec.Decode(&first) == nil {
			end := int(dec.InputOffset())
			for end < len(data) && isSpace(data[end]) {
				end++
			}
			line, col := lineCol(data, end)
			return nil, &Error{Line: line, Column: col, Msg: "trailing data after the scenario object: want only one JSON object", Err: err}
		}
		// The offending byte is the last one read, except at the end of the input.
		off := int(se.Offset)
		if off > 0 && off <= len(data) && se.Error() != "unexpected end of JSON input" {
			off--
		}
		line, col := lineCol(data, off)
		return nil, &Error{Line: line, Column: col, Msg: "invalid JSON: " + se.Error(), Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	n, err := readNode(dec)
	if err != nil { // cannot happen: raw is valid JSON
		return nil, &Error{Msg: "invalid JSON: " + err.Error(), Err: err}
	}
	return n, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// lineCol converts a byte offset of data into a 1-based line and a 1-based column
// counted in characters (UTF-8 runes).
func lineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[start:])
}

// readNode reads one value from a decoder over valid JSON.
func readNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &node{kind: kindNull}, nil
	case bool:
		return &node{kind: kindBool, b: t}, nil
	case json.Number:
		return &node{kind: kindNumber, text: string(t)}, nil
	case string:
		return &node{kind: kindString, text: t}, nil
	case json.Delim:
		switch t {
		case '[':
			n := &node{kind: kindArray, elems: []*node{}}
			for dec.More() {
				e, err := readNode(dec)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, e)
			}
			_, err := dec.Token() // ']'
			return n, err
		case '{':
			n := &node{kind: kindObject}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := readNode(dec)
				if err != nil {
					return nil, err
				}
				key, ok := k.(string)
				if !ok {
					return nil, fmt.Errorf("object key %v is not a string", k)
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, v)
			}
			_, err := dec.Token() // '}'
			return n, err
		}
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}
