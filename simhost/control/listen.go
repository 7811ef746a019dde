package control

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Listen serves s on addr ("127.0.0.1:8474"; port 0 picks one) until stop is
// called or ctx ends, and returns the address it listens on. It refuses an
// address beyond loopback when s has no token: the API can make a host refuse
// every login. stop waits for requests in flight, at most a few seconds.
func Listen(ctx context.Context, addr string, s *Server) (string, func() error, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", nil, fmt.Errorf("control address %q: %w", addr, err)
	}
	if s.token == "" && !loopback(host) {
		return "", nil, fmt.Errorf("control address %q is reachable beyond this machine: give a token, or listen on 127.0.0.1", addr)
	}
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("control: %w", err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()

	var once sync.Once
	var stopErr error
	shutdown := func() error {
		once.Do(func() {
			sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			stopErr = srv.Shutdown(sctx)
			if stopErr != nil {
				srv.Close()
			}
			if err := <-served; stopErr == nil && !errors.Is(err, http.ErrServerClosed) {
				stopErr = err
			}
		})
		return stopErr
	}
	unwatch := context.AfterFunc(ctx, func() { shutdown() })
	stop := func() error {
		unwatch()
		return shutdown()
	}
	return l.Addr().String(), stop, nil
}

// loopback reports whether host names this machine only.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
