package simhost

import (
	"fmt"

	"github.com/gliderlabs/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/events"
)

// refuseForward answers a forwarding channel (ssh -L, -W, -D, and their Unix
// socket forms) as sshd with AllowTcpForwarding no does: "administratively
// prohibited", which OpenSSH prints as "open failed: administratively
// prohibited: open failed". The simulated host reaches no real network.
// Remote forwards (ssh -R, tcpip-forward) are global requests, refused by
// globalRequest; OpenSSH prints "Warning: remote port forwarding failed for
// listen port N".
func (h *Host) refuseForward(_ *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	target := ""
	switch newChan.ChannelType() {
	case "direct-tcpip":
		var d struct {
			Host       string
			Port       uint32
			OriginHost string
			OriginPort uint32
		}
		if gossh.Unmarshal(newChan.ExtraData(), &d) == nil {
			target = fmt.Sprintf(" to %s:%d", d.Host, d.Port)
		}
	case "direct-streamlocal@openssh.com":
		var d struct {
			Path      string
			Reserved0 string
			Reserved1 uint32
		}
		if gossh.Unmarshal(newChan.ExtraData(), &d) == nil {
			target = " to " + d.Path
		}
	}
	newChan.Reject(gossh.Prohibited, "open failed")
	h.m.Log.Add(events.Event{Kind: events.Error, Conn: connID(ctx), User: conn.User(),
		Detail: newChan.ChannelType() + target + " refused: forwarding is off (AllowTcpForwarding no)"})
}
