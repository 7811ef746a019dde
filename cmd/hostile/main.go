// Command hostile is the lab's command line: serve a simulated host that
// misbehaves on purpose, replay escalations against a product, manage scenarios
// and faults, record real hosts and benchmark.
//
// One dispatcher (spf13/cobra over pflag) serves every command, so each has
// the same conventions: long flags written --flag, -h and --help print the
// command's help on stdout and exit 0, a mistake on the command line exits 2
// with the command's name in front of the message, a failure exits 1.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// commandFactories make the subcommands; each command's file registers its
// own in init, so its flags and logic stay in that file.
var commandFactories []func() *cobra.Command

func register(f func() *cobra.Command) { commandFactories = append(commandFactories, f) }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRoot()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	c, err := root.ExecuteC()
	if err == nil {
		return 0
	}
	var code exitCode
	if errors.As(err, &code) {
		return int(code) // the command printed what went wrong
	}
	fmt.Fprintf(stderr, "%s: %v\n", c.CommandPath(), err)
	var usage usageError
	if errors.As(err, &usage) || strings.HasPrefix(err.Error(), "unknown command ") {
		if c == root {
			fmt.Fprintln(stderr)
			fmt.Fprint(stderr, root.UsageString())
		} else {
			fmt.Fprintf(stderr, "Run '%s -h' for its flags.\n", c.CommandPath())
		}
		return 2
	}
	return 1
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "hostile",
		Short: "a lab of hostile SSH-managed hosts",
		Long: "hostile: a lab of hostile SSH-managed hosts.\n\n" +
			"Flags are written --flag (or --flag=value); every command answers -h.",
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	for _, f := range commandFactories {
		root.AddCommand(f())
	}
	return root
}

// exitCode ends a command whose messages are already printed, with a status.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// status is nil for 0, else the exitCode: how a command written as
// `func(...) int` answers cobra.
func status(code int) error {
	if code == 0 {
		return nil
	}
	return exitCode(code)
}

// usageError is a mistake on the command line: exit 2, with a pointer to -h.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// noArgs refuses positional arguments, naming the first.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	return nil
}

// group is a command that only holds subcommands: alone it prints its help;
// an unknown subcommand is a usage error naming it.
func group(use, short string, subs ...*cobra.Command) *cobra.Command {
	g := &cobra.Command{Use: use, Short: short, Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return usagef("unknown subcommand %q (known: %s)", args[0], strings.Join(subNames(cmd), ", "))
		}}
	g.AddCommand(subs...)
	return g
}

func subNames(cmd *cobra.Command) []string {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return names
}

// joinNames lists names for help texts.
func joinNames(names []string) string { return strings.Join(names, ", ") }
