// Package commands holds the emulated programs of the simulated host: each a Go
// function registered by name with the shell, answering with the real tool's
// options, output, messages and exit codes for the host's personality. Importing
// it makes them available; nothing here runs a real program or touches a real file.
package commands
