// Package harness is what tests and replays use to drive hosts: a Target over
// the simulated host or a real OS container (started by kind, StartTarget),
// the client adapters that run a scenario's operations (the Go reference
// client, or any program through an external adapter), Replay and the verdict
// it judges, the host's own verdict for a product driven from outside
// (JudgeHost), and the real clients (the OpenSSH tools) with the identities
// they log in with.
package harness
