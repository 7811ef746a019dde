package control

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// maxAnswer bounds an answer the Client reads: a host's whole event log.
const maxAnswer = 64 << 20

// Client calls the control API: the CLI's fault and verdict commands and
// hostilecontainer use it.
type Client struct {
	BaseURL string       // "http://127.0.0.1:8474", without a trailing slash
	Token   string       // sent as a bearer token when not empty
	HTTP    *http.Client // http.DefaultClient when nil
}

// UnreachableError is a call that got no answer at all.
type UnreachableError struct {
	BaseURL string
	Err     error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach the control API at %s: %v", e.BaseURL, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// APIError is an answer of 400 or more.
type APIError struct {
	Method, Path string
	Status       string // "409 Conflict"
	Message      string // the API's own, "" when it gave none
}

func (e *APIError) Error() string {
	if e.Message != "" {
		return fmt.Sprintf("%s %s: %s", e.Method, e.Path, e.Message)
	}
	return fmt.Sprintf("%s %s: %s", e.Method, e.Path, e.Status)
}

// Call sends body as JSON (nothing when nil) and decodes the answer into out
// (when not nil and the answer is not empty). An answer of 400 or more is an
// *APIError; no answer at all, an *UnreachableError.
func (c *Client) Call(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, rd)
	if err != nil {
		return fmt.Errorf("control API %s: %w", c.BaseURL, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return &UnreachableError{BaseURL: c.BaseURL, Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode >= 400 {
		var e struct {
			Error string `json:"error"`
		}
		json.Unmarshal(data, &e)
		return &APIError{Method: method, Path: path, Status: resp.Status, Message: e.Error}
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: unreadable answer: %w", method, path, err)
	}
	return nil
}
