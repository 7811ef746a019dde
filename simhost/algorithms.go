package simhost

import (
	"slices"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/personality"
)

// wireAlgorithms is what the host offers in its key exchange and accepts in
// authentication: the personality's sshd lists, in sshd's order, less what
// golang.org/x/crypto/ssh cannot speak (Unmatched says which).
type wireAlgorithms struct {
	KeyExchanges, Ciphers, MACs, PublicKeyAuths []string
	// AuthMethods orders the methods a failed attempt lists, as sshd does.
	AuthMethods []string
	// HostKeyAlgorithms are the signature algorithms per host key type.
	RSAHostKeyAlgorithms []string
	HostKeys             []string // "rsa", "ecdsa", "ed25519", in sshd's order
	Unmatched            []string // every algorithm or host key type left out
}

// wireFor works out the host's algorithms from its personality's sshd.
func wireFor(p personality.SSHServer) wireAlgorithms {
	supported, insecure := gossh.SupportedAlgorithms(), gossh.InsecureAlgorithms()
	w := wireAlgorithms{AuthMethods: p.AuthMethods}
	keep := func(want []string, can ...[]string) []string {
		var kept []string
		for _, a := range want {
			if slices.ContainsFunc(can, func(l []string) bool { return slices.Contains(l, a) }) {
				kept = append(kept, a)
			} else {
				w.Unmatched = append(w.Unmatched, a)
			}
		}
		return kept
	}
	// x/crypto speaks libssh's name for curve25519-sha256 without listing it.
	w.KeyExchanges = keep(p.KexAlgorithms, supported.KeyExchanges, insecure.KeyExchanges, []string{"curve25519-sha256@libssh.org"})
	w.Ciphers = keep(p.Ciphers, supported.Ciphers, insecure.Ciphers)
	w.MACs = keep(p.MACs, supported.MACs, insecure.MACs)
	w.PublicKeyAuths = keep(p.PubkeyAcceptedAlgorithms, supported.PublicKeyAuths, insecure.PublicKeyAuths)
	for _, k := range p.HostKeys {
		if k == "rsa" || k == "ecdsa" || k == "ed25519" {
			w.HostKeys = append(w.HostKeys, k)
		} else {
			w.Unmatched = append(w.Unmatched, k+" host key")
		}
	}
	for _, a := range p.HostKeyAlgorithms {
		switch a {
		case gossh.KeyAlgoRSASHA256, gossh.KeyAlgoRSASHA512, gossh.KeyAlgoRSA:
			w.RSAHostKeyAlgorithms = append(w.RSAHostKeyAlgorithms, a)
		case gossh.KeyAlgoECDSA256, gossh.KeyAlgoED25519:
		default:
			w.Unmatched = append(w.Unmatched, a)
		}
	}
	return w
}

// apply puts the algorithms into a connection's server config; an empty list
// (a personality that names none) leaves x/crypto's defaults.
func (w wireAlgorithms) apply(cfg *gossh.ServerConfig) {
	cfg.KeyExchanges = w.KeyExchanges
	cfg.Ciphers = w.Ciphers
	cfg.MACs = w.MACs
	cfg.PublicKeyAuthAlgorithms = w.PublicKeyAuths
	cfg.AuthMethodOrder = w.AuthMethods
}
