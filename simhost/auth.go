package simhost

import (
	"bufio"
	"errors"
	"strings"
	"time"

	"github.com/gliderlabs/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var errDenied = errors.New("permission denied")

// serverConfig is built for each connection, so faults added at runtime change
// what the next client is offered: the auth methods, a pre-auth banner, a
// keyboard-interactive exchange. The server itself holds no auth handler, so
// nothing here is overridden; "none" is always refused.
func (h *Host) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	sit := faults.Situation{Conn: connID(ctx)}
	offered := map[string]bool{"publickey": true, "password": true}
	if m, ok := faults.First[faults.MethodsFault](h.faults, sit); ok {
		offered = map[string]bool{}
		for _, name := range m.Methods() {
			offered[name] = true
		}
	}
	cfg := &gossh.ServerConfig{
		NoClientAuthCallback: func(gossh.ConnMetadata) (*gossh.Permissions, error) { return nil, errDenied },
		AuthLogCallback:      authLog(ctx),
	}
	h.wire.apply(cfg)
	if b, ok := faults.First[faults.BannerFault](h.faults, sit); ok {
		text := b.Banner()
		cfg.BannerCallback = func(gossh.ConnMetadata) string { return text }
	}
	if offered["password"] {
		cfg.PasswordCallback = func(meta gossh.ConnMetadata, password []byte) (*gossh.Permissions, error) {
			return h.decide(ctx, meta, "password", h.checkPassword(meta.User(), string(password)))
		}
	}
	if offered["publickey"] {
		cfg.PublicKeyCallback = func(meta gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
			return h.decide(ctx, meta, "publickey "+key.Type(), h.authorized(meta.User(), key))
		}
	}
	if offered["keyboard-interactive"] {
		cfg.KeyboardInteractiveCallback = func(meta gossh.ConnMetadata, challenge gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
			return h.decide(ctx, meta, "keyboard-interactive", h.keyboardInteractive(ctx, meta, challenge))
		}
	}
	return cfg
}

// decide applies the auth faults to an attempt and records its outcome.
func (h *Host) decide(ctx ssh.Context, meta gossh.ConnMetadata, method string, ok bool) (*gossh.Permissions, error) {
	sit := faults.Situation{Conn: connID(ctx), User: meta.User()}
	faults.EachActing(h.faults, sit, func(_ *faults.Active, f faults.AuthFault) (bool, bool) {
		d := f.Authenticate(meta.User(), method)
		if d.Delay > 0 {
			t := time.NewTimer(d.Delay)
			select {
			case <-t.C:
			case <-connDone(ctx):
				t.Stop()
			}
		}
		ok = ok && !d.Deny
		return d.Delay > 0 || d.Deny, true
	})
	kind := events.AuthFail
	if ok {
		kind = events.AuthOK
	}
	h.m.Log.Add(events.Event{Kind: kind, Conn: connID(ctx), User: meta.User(), Remote: meta.RemoteAddr().String(), Detail: method})
	if !ok {
		return nil, errDenied
	}
	return &gossh.Permissions{}, nil
}

// checkPassword accepts the account's password; an account without one refuses.
func (h *Host) checkPassword(user, password string) bool {
	a := h.m.User(user)
	return a != nil && a.Password != "" && a.Password == password && !h.m.PasswordLocked(user)
}

// authorized accepts a key listed in the user's ~/.ssh/authorized_keys on the
// host's filesystem, so editing that file changes who may log in, as on sshd.
func (h *Host) authorized(user string, key gossh.PublicKey) bool {
	a := h.m.User(user)
	if a == nil {
		return false
	}
	data, err := h.m.FS.ReadFile(vfs.Root, strings.TrimSuffix(a.Home, "/")+"/.ssh/authorized_keys")
	if err != nil {
		return false
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		allowed, _, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err == nil && ssh.KeysEqual(allowed, key) {
			return true
		}
	}
	return false
}

// keyboardInteractive is served only when a fault drives it (a forced password
// change); otherwise it asks for the password, as PAM's default conversation does.
func (h *Host) keyboardInteractive(ctx ssh.Context, meta gossh.ConnMetadata, challenge gossh.KeyboardInteractiveChallenge) bool {
	sit := faults.Situation{Conn: connID(ctx), User: meta.User()}
	ask := func(instruction string, questions []string, echo []bool) ([]string, error) {
		return challenge("", instruction, questions, echo) // sshd's PAM conversation sends no name
	}
	if k, ok := faults.First[faults.KeyboardInteractiveFault](h.faults, sit); ok {
		return k.Challenge(ctx, meta.User(), ask)
	}
	answers, err := ask("", []string{"Password: "}, []bool{false})
	return err == nil && len(answers) == 1 && h.checkPassword(meta.User(), answers[0])
}
