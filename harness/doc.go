// Package harness is what tests and replays use to drive hosts: real clients
// (the OpenSSH tools, the Go client) pointed at a target, with the identities
// they log in with.
package harness
