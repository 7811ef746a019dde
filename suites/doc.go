// Package suites holds the lab's Ginkgo suites: the escalations replayed against
// the reference product client's two profiles, the library of scenarios checked
// against their reference outcomes, and the simulated host's conformance with
// real clients. It has no code of its own, only specs.
package suites
