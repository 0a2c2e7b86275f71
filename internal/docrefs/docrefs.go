package docrefs

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem is one dangling reference: where it is and what is wrong.
type Problem struct {
	File string // slash-separated path relative to the root
	Line int    // 1-based
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

var (
	// heading matches a markdown heading that starts with a section number: "## 4. Title",
	// "### 4.2 Title", "## 10 Title".
	heading = regexp.MustCompile(`^#{1,6}\s+(\d+(?:\.\d+)*)\.?(?:\s|$)`)
	// docRef matches a docs file name (docs/<name>.md) and what follows it up to the end of a list of section
	// numbers (possibly none): §4, §4.2, §1–§2, §7.
	docRef = regexp.MustCompile("docs/([A-Za-z0-9_.-]+?\\.md)[`'\"]?((?:\\s*(?:–|-|,|and)?\\s*§\\d+(?:\\.\\d+)*)*)")
	// sectionNumber matches one section number inside a list.
	sectionNumber = regexp.MustCompile(`§(\d+(?:\.\d+)*)`)
	// bareDoc matches a documentation file name; it is bare unless preceded by "docs/".
	bareDoc = regexp.MustCompile(`(theory|design)\.md`)
	// sharedFolder matches a path into the lab's shared folder outside the module.
	sharedFolder = regexp.MustCompile(`\.\./shared\b`)
	// mdLink matches an inline markdown link or image: [text](target "title").
	mdLink = regexp.MustCompile(`!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	// scheme matches a URL scheme.
	scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)
)

// Sections returns the section numbers defined by the headings of a markdown text,
// ignoring headings inside fenced code blocks.
func Sections(md []byte) map[string]bool {
	out := make(map[string]bool)
	fenced := false
	sc := bufio.NewScanner(bytes.NewReader(md))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if isFence(line) {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		if m := heading.FindStringSubmatch(line); m != nil {
			out[m[1]] = true
		}
	}
	return out
}

func isFence(line string) bool {
	t := strings.TrimLeft(line, " ")
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// Files lists the Go and markdown files of the repository at root, slash-separated and
// relative to root, sorted: the files git tracks or would track (git ls-files --cached
// --others --exclude-standard), or, when git fails, every such file of a walk that
// skips .git. Files under a testdata folder are left out.
func Files(root string) ([]string, error) {
	var all []string
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" {
				all = append(all, f)
			}
		}
	} else {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				rel, err := filepath.Rel(root, p)
				if err != nil {
					return err
				}
				all = append(all, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("docrefs: listing %s: %w", root, err)
		}
	}
	var files []string
	for _, f := range all {
		if !strings.HasSuffix(f, ".go") && !strings.HasSuffix(f, ".md") {
			continue
		}
		if f == "testdata" || strings.HasPrefix(f, "testdata/") || strings.Contains(f, "/testdata/") {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(f))); err != nil {
			continue // deleted in the work tree but still in the index
		}
		files = append(files, f)
	}
	sort.Strings(files)
	return files, nil
}

// Check reads the files (slash-separated, relative to root) and returns every dangling
// reference among them (package doc), in file and line order.
func Check(root string, files []string) ([]Problem, error) {
	c := checker{root: root, sections: make(map[string]map[string]bool)}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return nil, fmt.Errorf("docrefs: %w", err)
		}
		c.file(f, data)
	}
	return c.problems, nil
}

type checker struct {
	root     string
	sections map[string]map[string]bool // docs file → its section numbers; nil if missing
	problems []Problem
}

func (c *checker) report(file string, line int, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// docSections returns the section numbers of docs/name, or nil when it does not exist.
func (c *checker) docSections(name string) map[string]bool {
	if s, ok := c.sections[name]; ok {
		return s
	}
	data, err := os.ReadFile(filepath.Join(c.root, "docs", filepath.FromSlash(name)))
	var s map[string]bool
	if err == nil {
		s = Sections(data)
	}
	c.sections[name] = s
	return s
}

func (c *checker) file(name string, data []byte) {
	isMD := strings.HasSuffix(name, ".md")
	inDocs := isMD && path.Dir(name) == "docs"
	fenced := false
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		if isMD && isFence(line) {
			fenced = !fenced
		}
		// Spans that are already accounted for: resolved links and docs/ references.
		var covered [][]int
		if isMD && !fenced {
			for _, m := range mdLink.FindAllStringSubmatchIndex(line, -1) {
				if m[0] > 0 && line[m[0]] == '[' && wordBefore(line[:m[0]]) {
					continue // E[P](θ*), A[k](…): an index in a formula, not a link
				}
				target := line[m[4]:m[5]]
				if c.link(name, n, target) {
					covered = append(covered, []int{m[0], m[1]})
				}
			}
		}
		for _, m := range docRef.FindAllStringSubmatchIndex(line, -1) {
			covered = append(covered, []int{m[0], m[1]})
			doc := line[m[2]:m[3]]
			secs := c.docSections(doc)
			if secs == nil {
				c.report(name, n, "docs/%s does not exist", doc)
				continue
			}
			for _, s := range sectionNumber.FindAllStringSubmatch(line[m[4]:m[5]], -1) {
				if !secs[s[1]] {
					c.report(name, n, "docs/%s has no section §%s", doc, s[1])
				}
			}
		}
		if inDocs {
			secs := c.docSections(path.Base(name))
			for _, m := range sectionNumber.FindAllStringSubmatchIndex(line, -1) {
				if within(covered, m[0]) {
					continue
				}
				if s := line[m[2]:m[3]]; !secs[s] {
					c.report(name, n, "%s has no section §%s", name, s)
				}
			}
		}
		for _, m := range bareDoc.FindAllStringIndex(line, -1) {
			if within(covered, m[0]) || strings.HasSuffix(line[:m[0]], "docs/") {
				continue
			}
			c.report(name, n, "bare reference %q: write docs/%s", line[m[0]:m[1]], line[m[0]:m[1]])
		}
		for _, m := range sharedFolder.FindAllStringIndex(line, -1) {
			c.report(name, n, "reference to %s, a folder outside the repository", line[m[0]:m[1]])
		}
	}
}

// link checks one markdown link target of file at line and reports whether it is a
// relative link that resolves (true) — links with a scheme and pure anchors are not
// relative (false, not reported).
func (c *checker) link(file string, line int, target string) bool {
	if scheme.MatchString(target) || strings.HasPrefix(target, "#") {
		return false
	}
	p := target
	if k := strings.IndexAny(p, "#?"); k >= 0 {
		p = p[:k]
	}
	var rel string
	if strings.HasPrefix(p, "/") {
		rel = path.Clean(strings.TrimPrefix(p, "/"))
	} else {
		rel = path.Join(path.Dir(file), p)
	}
	if rel == ".." || strings.HasPrefix(rel, "../") {
		c.report(file, line, "link %q leaves the repository", target)
		return false
	}
	if _, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(rel))); err != nil {
		c.report(file, line, "link %q: %s does not exist", target, rel)
		return false
	}
	return true
}

// wordBefore reports whether text ends in a letter or digit (of any script).
func wordBefore(text string) bool {
	r, _ := utf8.DecodeLastRuneInString(text)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func within(spans [][]int, at int) bool {
	for _, s := range spans {
		if s[0] <= at && at < s[1] {
			return true
		}
	}
	return false
}
