package network

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// ssh-add talks to the agent the client forwarded (ssh -A) through an
// auth-agent@openssh.com channel, as the real one does through $SSH_AUTH_SOCK:
// -l and -L list the client's keys, -D removes them all, a file adds its key.
func init() {
	shell.Register(shell.Command{Name: "ssh-add", ShortName: true, Run: sshAdd})
}

func sshAdd(p *shell.Proc) int {
	mode, files := "add", []string{}
	for _, a := range p.Args() {
		switch a {
		case "-l", "-L", "-D":
			mode = a
		default:
			if strings.HasPrefix(a, "-") {
				p.Errorf("illegal option -- %s", strings.TrimLeft(a, "-"))
				io.WriteString(p.Stderr, "usage: ssh-add [-cDdKkLlqvXx] [-E fingerprint_hash] [-H hostkey_file]\n               [-h destination_constraint] [-S provider] [-t life]\n               [file ...]\n")
				return 1
			}
			files = append(files, a)
		}
	}
	dial := p.Agent()
	if dial == nil {
		fmt.Fprintln(p.Stderr, "Could not open a connection to your authentication agent.")
		return 2
	}
	conn, err := dial()
	if err != nil {
		fmt.Fprintln(p.Stderr, "Error connecting to agent: Connection refused")
		return 2
	}
	defer conn.Close()
	a := agent.NewClient(conn)
	switch mode {
	case "-l", "-L":
		keys, err := a.List()
		if err != nil {
			return p.Fail(1, "error fetching identities: %v", err)
		}
		if len(keys) == 0 {
			p.Printf("The agent has no identities.\n")
			return 1
		}
		for _, k := range keys {
			if mode == "-L" {
				p.Printf("%s %s\n", strings.TrimSuffix(string(gossh.MarshalAuthorizedKey(k)), "\n"), k.Comment)
				continue
			}
			bits, kind := keyBits(k)
			p.Printf("%d %s %s (%s)\n", bits, gossh.FingerprintSHA256(k), k.Comment, kind)
		}
		return 0
	case "-D":
		if err := a.RemoveAll(); err != nil {
			return p.Fail(1, "Failed to remove all identities: %v", err)
		}
		fmt.Fprintln(p.Stderr, "All identities removed.")
		return 0
	}
	if len(files) == 0 {
		home := p.Getenv("HOME")
		for _, n := range []string{"id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk", "id_xmss", "id_dsa"} {
			if _, err := p.M.FS.Stat(p.Cred(), home+"/.ssh/"+n); err == nil {
				files = append(files, home+"/.ssh/"+n)
			}
		}
	}
	code := 0
	for _, f := range files {
		data, err := p.M.FS.ReadFile(p.Cred(), p.Abs(f))
		if err != nil {
			fmt.Fprintf(p.Stderr, "%s: %s\n", f, p.Strerror(err))
			code = 1
			continue
		}
		key, err := gossh.ParseRawPrivateKey(data)
		var missing *gossh.PassphraseMissingError
		if errors.As(err, &missing) {
			fmt.Fprintf(p.Stderr, "Enter passphrase for %s: \n", f)
			fmt.Fprintln(p.Stderr, "Could not add identity: passphrase-protected keys are not emulated")
			code = 1
			continue
		}
		if err != nil {
			fmt.Fprintf(p.Stderr, "Error loading key \"%s\": invalid format\n", f)
			code = 1
			continue
		}
		comment := commentOf(p, f)
		if err := a.Add(agent.AddedKey{PrivateKey: key, Comment: comment}); err != nil {
			fmt.Fprintf(p.Stderr, "Could not add identity \"%s\": agent refused operation\n", f)
			code = 1
			continue
		}
		fmt.Fprintf(p.Stderr, "Identity added: %s (%s)\n", f, comment)
	}
	return code
}

// commentOf is the comment ssh-add prints for a key file: the one its .pub
// file carries (ssh-keygen writes the same comment into both), else the name.
func commentOf(p *shell.Proc, file string) string {
	if data, err := p.M.FS.ReadFile(p.Cred(), p.Abs(file)+".pub"); err == nil {
		if _, comment, _, _, err := gossh.ParseAuthorizedKey(data); err == nil && comment != "" {
			return comment
		}
	}
	return file
}

// keyBits is the size and kind ssh-add -l prints for a key.
func keyBits(k *agent.Key) (int, string) {
	pub, err := gossh.ParsePublicKey(k.Blob)
	if err != nil {
		return 0, k.Format
	}
	return publicKeyBits(pub)
}

// publicKeyBits is the size and kind ssh-add -l and ssh-keygen -l print.
func publicKeyBits(pub gossh.PublicKey) (int, string) {
	switch pub.Type() {
	case gossh.KeyAlgoED25519:
		return 256, "ED25519"
	case gossh.KeyAlgoSKED25519:
		return 256, "ED25519-SK"
	case gossh.KeyAlgoSKECDSA256:
		return 256, "ECDSA-SK"
	}
	if pub.Type() == "ssh-dss" { // read from the wire form: crypto/dsa is deprecated
		var w struct {
			Name       string
			P, Q, G, Y *big.Int
		}
		if gossh.Unmarshal(pub.Marshal(), &w) == nil {
			return w.P.BitLen(), "DSA"
		}
	}
	if cp, ok := pub.(gossh.CryptoPublicKey); ok {
		switch key := cp.CryptoPublicKey().(type) {
		case *rsa.PublicKey:
			return key.N.BitLen(), "RSA"
		case *ecdsa.PublicKey:
			return key.Curve.Params().BitSize, "ECDSA"
		}
	}
	return 0, strings.ToUpper(pub.Type())
}
