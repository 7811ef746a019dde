package faults

import (
	"context"
	"strings"
)

// Helpers the protocol faults share: authentication methods, and telling a
// session's stdout from its stderr in WrapOutput.

// authMethodNames are the methods the host can offer, as SSH names them.
var authMethodNames = []string{"password", "publickey", "keyboard-interactive"}

// methodIs reports whether the host's name for an attempt ("password",
// "publickey ssh-ed25519", "keyboard-interactive") is the method want; an
// empty want matches every method.
func methodIs(attempt, want string) bool {
	name, _, _ := strings.Cut(attempt, " ")
	return want == "" || name == want
}

// noParams is embedded by faults that take no parameters.
type noParams struct{}

// Validate has nothing to check.
func (noParams) Validate() error { return nil }

// ctxKeyStream names the stream a WrapOutput call wraps.
type ctxKeyStream struct{}

// WithStream tells output faults which stream ("stdout" or "stderr") the
// writer given to WrapOutput with this ctx is.
func WithStream(ctx context.Context, stream string) context.Context {
	return context.WithValue(ctx, ctxKeyStream{}, stream)
}

// StreamOf is the stream ("stdout" or "stderr") the host named with WithStream
// for a WrapOutput call.
func StreamOf(ctx context.Context) string {
	name, _ := ctx.Value(ctxKeyStream{}).(string)
	return name
}
