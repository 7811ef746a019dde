package faults

import "strings"

// IgnoreKeepalive never answers keepalive@openssh.com (and any other request
// types given), neither as a global request nor on a channel: the server looks
// dead to a client that checks it, so OpenSSH with ServerAliveInterval gives up
// with `Timeout, server ... not responding.` while the session still works.
type IgnoreKeepalive struct {
	Requests []string `json:"requests" help:"more request types left unanswered (keepalive@openssh.com always is)"`
}

// keepaliveRequest is OpenSSH's keep-alive, sent by ServerAliveInterval.
const keepaliveRequest = "keepalive@openssh.com"

func init() {
	Register(Type{Name: "ignore-keepalive", Depth: Protocol, Summary: "leave keepalive@openssh.com (and other requests) unanswered",
		New: func() Fault { return &IgnoreKeepalive{} }})
}

// Validate checks the parameters.
func (k *IgnoreKeepalive) Validate() error {
	for _, r := range k.Requests {
		if err := Check(strings.TrimSpace(r) == "", "requests", "a request type is empty"); err != nil {
			return err
		}
	}
	return nil
}

// IgnoreRequest leaves keep-alives and the listed requests unanswered.
func (k *IgnoreKeepalive) IgnoreRequest(requestType string) bool {
	return requestType == keepaliveRequest || contains(k.Requests, requestType)
}
