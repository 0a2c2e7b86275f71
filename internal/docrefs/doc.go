// Package docrefs checks that the repository's references into its own documentation
// resolve, so that a reader of a doc comment, an error message or a README can follow
// every one of them. Its test runs the check on the whole module.
//
// What is checked, in every tracked Go and markdown file (git ls-files, or a walk of the
// tree without .git when git is unavailable; testdata folders are skipped, they hold
// deliberately broken fixtures):
//
//   - Section references: a docs file name (docs/<name>.md) followed by one or more section numbers, as in
//     "docs/theory.md §4", "docs/theory.md §4.2" or "docs/theory.md §1–§2, §7". The file
//     must exist and each number must be the number of one of its headings
//     ("## 4. Convergence targets", "### 4.2 SC-InfoNCE" define §4 and §4.2). Inside a
//     file under docs/, a § number with no file name refers to that file and is checked
//     the same way.
//   - Bare references: the documentation files must be named with their folder,
//     docs/theory.md and docs/design.md, except as the text or target of a markdown
//     link that resolves.
//   - References to the lab's shared folder one level above the module (a path
//     starting with two dots and "/shared"), which a reader of the repository cannot
//     follow.
//   - Relative links in markdown, [text](target) and ![alt](target), outside fenced
//     code blocks: the target, resolved against the linking file's folder, must exist
//     inside the repository. Links with a scheme (https:, mailto:) and pure #anchors are
//     not checked, nor the #fragment of a link, nor a bracket right after a letter or
//     digit, which is an index in a formula (E[P](θ*)), not a link.
//
// Check returns one Problem per dangling reference, naming the file and line.
package docrefs
