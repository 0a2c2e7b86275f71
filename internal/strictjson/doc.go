// Package strictjson reads one JSON document into a Go value strictly: the one reader
// of the lab's hand-written files (scenarios, sweep grids).
//
// Decode refuses, each with the line and column (1-based; columns count characters)
// and the JSON path of the field ("model.widths[1]"):
//
//   - an empty document, a UTF-8 byte-order mark, data after the first value;
//   - syntax errors, and among them bare NaN and Infinity (JSON has neither);
//   - a key given twice in one object, at any depth;
//   - a key that is not exactly the name of a field of the target (encoding/json
//     alone would match "n" to "N"; here names are case-sensitive, and a key that
//     differs only in case is named as such);
//   - a value of the wrong JSON type, null included (absent fields are simply left
//     out), described in JSON's words, never Go's;
//   - a number that is not an integer for an integer field (1e3 is accepted as 1000,
//     1.5 is refused), or outside the field's range.
//
// After these checks the document goes through encoding/json, so the targets are
// ordinary structs with `json` tags; pointer fields tell an absent field (nil) from a
// given one. json.RawMessage fields receive the bytes as written.
//
// Messages quote values as the user wrote them (0.9, not 0.8999999999999999; 1e3,
// not 1000): Document.Value returns the text of any object member for the caller's
// own messages.
package strictjson
