// Package builtins emulates the programs a shell also builds in, where the
// program and the builtin share one engine: echo, test and [, true and false.
// (printf lives with the text programs whose formats it shares, kill with the
// process tools.)
package builtins
