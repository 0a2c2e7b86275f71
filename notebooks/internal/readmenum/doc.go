// Package readmenum ties the numbers a README quotes to what produces them, so that they
// cannot drift from the code or from a committed run result.
//
// A Quote is a verbatim piece of a README section in which the measured numbers are
// marked by braces, "misses T1 by **{4.09} %**"; the numbers outside braces are settings
// the text states (N = 1000, (α, β) = (1, −0.2)). Check finds every quote in the section,
// compares each braced number with its source value rounded to the quoted precision —
// it must satisfy |source − quoted| ≤ half a unit of the quoted last digit (ParseQuoted)
// — and reports every number of the section that lies in no quote, so a number added
// without a source fails. Sources are computed by the caller: from the code (analytic
// quantities) or read from a committed results file (Numbers, TableRows).
package readmenum
