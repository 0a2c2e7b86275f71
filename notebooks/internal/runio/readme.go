package runio

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// ReadmeCommands returns the arguments of every command in the ```sh blocks of the
// markdown file readme that starts with prefix (e.g. "go run ./notebooks/toy"), so
// that a test can run what a README documents. Lines ending in a backslash continue on
// the next line; arguments are split at blanks outside single or double quotes, and
// the quotes are removed, and a # that starts a word begins a comment to the end of
// the line, as a POSIX shell would for these simple commands.
func ReadmeCommands(readme, prefix string) ([][]string, error) {
	f, err := os.Open(readme)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]string
	inBlock := false
	pending := ""
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		trimmed := strings.TrimSpace(text)
		if strings.HasPrefix(trimmed, "```") {
			inBlock = !inBlock && strings.TrimPrefix(trimmed, "```") == "sh"
			pending = ""
			continue
		}
		if !inBlock {
			continue
		}
		if cont, ok := strings.CutSuffix(trimmed, `\`); ok {
			pending += cont + " "
			continue
		}
		cmd := strings.TrimSpace(pending + trimmed)
		pending = ""
		rest, ok := strings.CutPrefix(cmd, prefix)
		if !ok || (rest != "" && rest[0] != ' ') {
			continue
		}
		args, err := splitArgs(rest)
		if err != nil {
			return nil, fmt.Errorf("runio: %s line %d: %w", readme, line, err)
		}
		out = append(out, args)
	}
	return out, sc.Err()
}

// splitArgs splits s at blanks outside quotes and removes the quotes; a # that starts
// a word ends the command (a shell comment).
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inArg = r, true
		case r == '#' && !inArg:
			return args, nil
		case r == ' ' || r == '\t':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote in %q", quote, s)
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}
