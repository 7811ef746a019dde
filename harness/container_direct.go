package harness

import (
	"context"
	"net"
)

// SSHDAddr is the container's sshd itself, host:port, without the fault proxy
// in front: for measuring what the proxy costs.
func (t *ContainerTarget) SSHDAddr(ctx context.Context) (string, error) {
	host, err := t.ctr.Host(ctx)
	if err != nil {
		return "", err
	}
	port, err := mappedPort(ctx, t.ctr)
	if err != nil {
		return "", err
	}
	return net.JoinHostPort(host, port), nil
}
