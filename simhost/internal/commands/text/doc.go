// Package text emulates the text tools: grep, sed, awk, sort, cut, tr, wc,
// diff, expr, bc, od, printf (program and builtin) and their kin, reading files
// of the simulated host and its pipes.
package text
