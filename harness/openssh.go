package harness

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Identity is a client key pair written where the OpenSSH client can read it.
type Identity struct {
	Path          string       // the private key file, mode 0600
	Signer        gossh.Signer // the same key for the Go client
	AuthorizedKey string       // the authorized_keys line that admits it
}

// NewIdentity makes an ed25519 key in dir.
func NewIdentity(dir string) (*Identity, error) {
	path := filepath.Join(dir, "id_ed25519")
	signer, err := WriteKey(path, "hostile client")
	if err != nil {
		return nil, err
	}
	return &Identity{Path: path, Signer: signer, AuthorizedKey: string(gossh.MarshalAuthorizedKey(signer.PublicKey()))}, nil
}

// WriteKey makes a new ed25519 key and writes it to path (mode 0600) as
// OpenSSH's private key file with the comment, for ssh -i or sshd's HostKey.
func WriteKey(path, comment string) (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, comment)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return nil, err
	}
	return gossh.NewSignerFromKey(priv)
}

// OpenSSH runs the real OpenSSH tools (ssh, sftp, scp) against one address, as a
// person or a product's scripts would, without known-hosts bookkeeping.
type OpenSSH struct {
	Host     string
	Port     int
	Identity *Identity
	// Dir holds files the tools need (sftp batches, askpass scripts).
	Dir string
}

// common are the options every tool gets; the first value of an option wins,
// so callers' options come after these only when they do not clash.
func (o *OpenSSH) common(portFlag string) []string {
	return []string{
		portFlag, strconv.Itoa(o.Port),
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5",
	}
}

func (o *OpenSSH) keyArgs(portFlag string) []string {
	return append(o.common(portFlag), "-i", o.Identity.Path, "-o", "BatchMode=yes")
}

// SSH is `ssh user@host args...`, logging in with the identity.
func (o *OpenSSH) SSH(user string, args ...string) *exec.Cmd {
	all := append(o.keyArgs("-p"), append([]string{user + "@" + o.Host}, args...)...)
	return exec.Command("ssh", all...)
}

// SSHPassword is ssh logging in with a password only, typed by an SSH_ASKPASS
// script as a person would type it.
func (o *OpenSSH) SSHPassword(user, password string, args ...string) (*exec.Cmd, error) {
	return o.askpassSSH(password, "", append([]string{"-o", "PreferredAuthentications=password", user + "@" + o.Host}, args...))
}

// SSHKeyboardInteractive is ssh logging in by keyboard-interactive alone, the
// key not offered: an SSH_ASKPASS script types answer at every prompt, first
// appending the prompt to the file prompts.
func (o *OpenSSH) SSHKeyboardInteractive(user, answer, prompts string, args ...string) (*exec.Cmd, error) {
	return o.askpassSSH(answer, prompts, append([]string{"-o", "PubkeyAuthentication=no",
		"-o", "PreferredAuthentications=keyboard-interactive", user + "@" + o.Host}, args...))
}

// askpassSSH is ssh with args after the common options, one prompt for a
// password allowed, answered by an SSH_ASKPASS script typing answer (and
// appending the prompt to the file log, unless log is "").
func (o *OpenSSH) askpassSSH(answer, log string, args []string) (*exec.Cmd, error) {
	script := "#!/bin/sh\n"
	if log != "" {
		script += `printf '%s\n' "$1" >> ` + shellQuoteAll([]string{log}) + "\n"
	}
	script += "echo " + shellQuoteAll([]string{answer}) + "\n"
	askpass := filepath.Join(o.Dir, fmt.Sprintf("askpass-%d", time.Now().UnixNano()))
	if err := os.WriteFile(askpass, []byte(script), 0o700); err != nil {
		return nil, err
	}
	cmd := exec.Command("ssh", append(append(o.common("-p"), "-o", "NumberOfPasswordPrompts=1"), args...)...)
	cmd.Env = append(os.Environ(), "SSH_ASKPASS="+askpass, "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0")
	return cmd, nil
}

// SFTP is `sftp -b batch user@host` with the batch's commands.
func (o *OpenSSH) SFTP(user string, batch ...string) (*exec.Cmd, error) {
	file := filepath.Join(o.Dir, fmt.Sprintf("sftp-batch-%d", time.Now().UnixNano()))
	if err := os.WriteFile(file, []byte(strings.Join(batch, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	return exec.Command("sftp", append(o.keyArgs("-P"), "-b", file, user+"@"+o.Host)...), nil
}

// SCP is `scp [extra...] from to`; remote paths are written "user@host:PATH"
// with Remote.
func (o *OpenSSH) SCP(extra []string, from, to string) *exec.Cmd {
	args := append(o.keyArgs("-P"), extra...)
	return exec.Command("scp", append(args, from, to)...)
}

// Remote is the scp form of a path on the host.
func (o *OpenSSH) Remote(user, path string) string { return user + "@" + o.Host + ":" + path }
