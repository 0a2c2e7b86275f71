package strictjson

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is a problem at one place of a JSON document.
type Error struct {
	Line, Column int    // 1-based; columns count characters; 0 when the place is the whole document
	Path         string // JSON path of the field ("tpm.rows[1][0]"); "" for the document
	Msg          string // what is wrong: "= 1.5: want an integer", or a sentence
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		if !strings.HasPrefix(e.Msg, ":") {
			b.WriteString(" ")
		}
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Join returns the path of member key of the object at path.
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index returns the path of element i of the array at path.
func Index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// lineCol converts a byte offset of data into a 1-based line and a 1-based column
// counted in characters (UTF-8 runes).
func lineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[start:])
}

// errAt returns an Error at byte offset off of data.
func errAt(data []byte, off int, path, format string, args ...any) *Error {
	line, col := lineCol(data, off)
	return &Error{Line: line, Column: col, Path: path, Msg: fmt.Sprintf(format, args...)}
}
