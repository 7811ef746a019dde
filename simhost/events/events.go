// Package events is the simulated host's record of everything that happened on it:
// connections, authentication, channels, requests, commands, bytes and faults. Tests
// read it; the CLI prints it one line per event.
package events

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Kind names what happened.
type Kind string

const (
	ConnOpen     Kind = "conn.open"
	ConnClose    Kind = "conn.close"
	AuthOK       Kind = "auth.ok"
	AuthFail     Kind = "auth.fail"
	SessionOpen  Kind = "session.open"
	SessionClose Kind = "session.close"
	Request      Kind = "request" // a channel request: exec, shell, subsystem, pty-req, env, window-change
	Command      Kind = "command" // one emulated command finished, argv after alias expansion
	NotFound     Kind = "command.notfound"
	FaultFired   Kind = "fault"      // a fault changed what the host did
	FileWrite    Kind = "file.write" // a file transferred in (sftp or scp)
	FileRead     Kind = "file.read"  // a file transferred out
	Error        Kind = "error"      // the host refused or failed something a client sent
)

// NotEmulated is a program or option the host does not emulate, run anyway;
// Detail says which. A verdict reached with one may not hold on a real host.
const NotEmulated Kind = "not-emulated"

// Event is one thing that happened on a host. Fields that do not apply stay zero.
// Its JSON form is the control API's (GET /hosts/{host}/events), and the one
// every client of the API decodes: zero fields are left out and Duration is
// Go's text ("1.5s"), written and read by MarshalJSON and UnmarshalJSON.
type Event struct {
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	Kind    Kind      `json:"kind"`
	Conn    uint64    `json:"conn,omitempty"`    // connection number on this host, from 1
	Session uint64    `json:"session,omitempty"` // session (channel) number on this host, from 1
	User    string    `json:"user,omitempty"`
	Remote  string    `json:"remote,omitempty"`
	Channel string    `json:"channel,omitempty"` // "exec", "shell", "subsystem"
	Detail  string    `json:"detail,omitempty"`  // for people: request type, auth method, fault name, error text, file path
	// What readers match on, so that none parses Detail back apart:
	Request   string        `json:"request,omitempty"`    // Request: the request type ("exec", "pty-req")
	Command   string        `json:"command,omitempty"`    // Request: exec's command line, subsystem's name; FaultFired: the command it fired on
	Fault     string        `json:"fault,omitempty"`      // FaultFired: the fault's name
	FaultType string        `json:"fault_type,omitempty"` // FaultFired: the fault's type
	Argv      []string      `json:"argv,omitempty"`
	Exit      int           `json:"exit,omitempty"`
	Duration  time.Duration `json:"-"`                   // "duration" in JSON, as text
	BytesIn   int64         `json:"bytes_in,omitempty"`  // stdin bytes for a session
	BytesOut  int64         `json:"bytes_out,omitempty"` // stdout bytes
	BytesErr  int64         `json:"bytes_err,omitempty"` // stderr bytes
}

// eventJSON is an Event with its Duration as text: the tagged fields come
// through the embedded copy, whose methods (these two) it does not inherit.
type eventJSON struct {
	plainEvent
	Duration string `json:"duration,omitempty"`
}

type plainEvent Event

// MarshalJSON writes the event by its tags, Duration as Go's text.
func (e Event) MarshalJSON() ([]byte, error) {
	v := eventJSON{plainEvent: plainEvent(e)}
	if e.Duration != 0 {
		v.Duration = e.Duration.String()
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (e *Event) UnmarshalJSON(data []byte) error {
	var v eventJSON
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*e = Event(v.plainEvent)
	if v.Duration != "" {
		d, err := time.ParseDuration(v.Duration)
		if err != nil {
			return fmt.Errorf("event %d: duration: %w", v.Seq, err)
		}
		e.Duration = d
	}
	return nil
}

// String is the one-line form the CLI prints.
func (e Event) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-16s", e.Time.Format("15:04:05.000"), e.Kind)
	if e.Conn != 0 {
		fmt.Fprintf(&b, " conn=%d", e.Conn)
	}
	if e.Session != 0 {
		fmt.Fprintf(&b, " session=%d", e.Session)
	}
	if e.User != "" {
		fmt.Fprintf(&b, " user=%s", e.User)
	}
	if e.Remote != "" {
		fmt.Fprintf(&b, " remote=%s", e.Remote)
	}
	if e.Channel != "" {
		fmt.Fprintf(&b, " channel=%s", e.Channel)
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, " %q", e.Detail)
	}
	if e.Argv != nil {
		fmt.Fprintf(&b, " argv=%q exit=%d", e.Argv, e.Exit)
	}
	if e.Duration != 0 {
		fmt.Fprintf(&b, " took=%s", e.Duration.Round(time.Microsecond))
	}
	if e.Kind == SessionClose {
		fmt.Fprintf(&b, " exit=%d in=%d out=%d err=%d", e.Exit, e.BytesIn, e.BytesOut, e.BytesErr)
	}
	return b.String()
}

// Log is an append-only, concurrency-safe event log with live subscribers.
type Log struct {
	mu     sync.Mutex
	events []Event
	seq    uint64 // events ever added
	limit  int    // keep at most this many (the newest); 0 keeps all
	subs   map[*subscriber]struct{}
	now    func() time.Time
}

type subscriber struct {
	fn func(Event)
}

// NewLog returns an empty log.
func NewLog() *Log {
	return &Log{subs: map[*subscriber]struct{}{}, now: time.Now}
}

// Add records e, stamping its sequence number and time, and hands it to subscribers.
// Subscribers run synchronously under the log's order, so keep them quick.
func (l *Log) Add(e Event) Event {
	l.mu.Lock()
	l.seq++
	e.Seq = l.seq
	if e.Time.IsZero() {
		e.Time = l.now()
	}
	if l.limit > 0 && len(l.events) >= 2*l.limit {
		// Drop the oldest in one copy per limit events added, not one per event.
		l.events = append(l.events[:0], l.events[len(l.events)-l.limit+1:]...)
	}
	l.events = append(l.events, e)
	subs := make([]*subscriber, 0, len(l.subs))
	for s := range l.subs {
		subs = append(subs, s)
	}
	l.mu.Unlock()
	for _, s := range subs {
		s.fn(e)
	}
	return e
}

// Retain keeps at most the newest n events (and up to n more between trims),
// so a host that serves for days does not grow without bound; sequence numbers
// go on counting. n <= 0 keeps every event, the default tests rely on.
func (l *Log) Retain(n int) {
	l.mu.Lock()
	l.limit = max(n, 0)
	l.mu.Unlock()
}

// Subscribe calls fn for every event added from now on, until the returned cancel
// function is called.
func (l *Log) Subscribe(fn func(Event)) (cancel func()) {
	s := &subscriber{fn: fn}
	l.mu.Lock()
	l.subs[s] = struct{}{}
	l.mu.Unlock()
	return func() {
		l.mu.Lock()
		delete(l.subs, s)
		l.mu.Unlock()
	}
}

// Follow calls fn for every event in the log so far, then for each one
// added, until cancel: what a printer that starts after its host needs, so
// that no event between the host's start and the printer's is lost (a
// client that connects as soon as the host listens). The events so far come
// first; one added meanwhile waits for them.
func (l *Log) Follow(fn func(Event)) (cancel func()) {
	var replay sync.Mutex
	replay.Lock()
	s := &subscriber{fn: func(e Event) {
		replay.Lock()
		defer replay.Unlock()
		fn(e)
	}}
	l.mu.Lock()
	backlog := append([]Event(nil), l.events...)
	l.subs[s] = struct{}{}
	l.mu.Unlock()
	for _, e := range backlog {
		fn(e)
	}
	replay.Unlock()
	return func() {
		l.mu.Lock()
		delete(l.subs, s)
		l.mu.Unlock()
	}
}

// Events returns a copy of every event so far, in order.
func (l *Log) Events() []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Event(nil), l.events...)
}

// Filter returns the events for which keep is true.
func (l *Log) Filter(keep func(Event) bool) []Event {
	var out []Event
	for _, e := range l.Events() {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// OfKind returns the events of the given kinds.
func (l *Log) OfKind(kinds ...Kind) []Event {
	return l.Filter(func(e Event) bool {
		for _, k := range kinds {
			if e.Kind == k {
				return true
			}
		}
		return false
	})
}

// Reset forgets every event; subscribers stay.
func (l *Log) Reset() {
	l.mu.Lock()
	l.events = nil
	l.mu.Unlock()
}
