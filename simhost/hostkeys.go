package simhost

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/gliderlabs/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// hostSigners returns the host keys the personality's sshd has (w.HostKeys:
// Debian's rsa, ecdsa and ed25519; ed25519 and rsa when it names none), the RSA
// one signing only with the algorithms that sshd uses (OpenSSH 9.2 no longer
// signs with SHA-1 "ssh-rsa"). With a directory they are read from
// ssh_host_TYPE_key there (OpenSSH format), and generated and written on first
// use, so a host keeps its identity across restarts. Without one, the RSA key
// is made when a client first chooses it (see lazyRSA).
func hostSigners(dir string, w wireAlgorithms) ([]ssh.Signer, error) {
	gens := map[string]func() (crypto.Signer, error){
		"ed25519": func() (crypto.Signer, error) {
			_, k, err := ed25519.GenerateKey(rand.Reader)
			return k, err
		},
		"ecdsa": func() (crypto.Signer, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) },
		"rsa":   func() (crypto.Signer, error) { return rsa.GenerateKey(rand.Reader, 2048) },
	}
	types := w.HostKeys
	if len(types) == 0 {
		types = []string{"ed25519", "rsa"}
	}
	var signers []ssh.Signer
	for _, t := range types {
		var s gossh.Signer
		var err error
		switch {
		case dir == "" && t == "rsa":
			s = &lazyRSA{}
		case dir == "":
			s, err = generate(gens[t])
		default:
			s, err = loadOrCreate(filepath.Join(dir, "ssh_host_"+t+"_key"), gens[t])
		}
		if err != nil {
			return nil, err
		}
		if t == "rsa" && len(w.RSAHostKeyAlgorithms) > 0 {
			as, ok := s.(gossh.AlgorithmSigner)
			if !ok {
				return nil, fmt.Errorf("host key: RSA key cannot choose its signature algorithm")
			}
			if s, err = gossh.NewSignerWithAlgorithms(as, w.RSAHostKeyAlgorithms); err != nil {
				return nil, fmt.Errorf("host key: %w", err)
			}
		}
		signers = append(signers, s)
	}
	return signers, nil
}

func generate(gen func() (crypto.Signer, error)) (gossh.Signer, error) {
	key, err := gen()
	if err != nil {
		return nil, err
	}
	return gossh.NewSignerFromSigner(key)
}

func loadOrCreate(path string, gen func() (crypto.Signer, error)) (gossh.Signer, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		s, err := gossh.ParsePrivateKey(data)
		if err != nil {
			return nil, fmt.Errorf("host key %s: %w", path, err)
		}
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("host key: %w", err)
	}
	key, err := gen()
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(key, "hostile simulated host")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("host key directory: %w", err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	return gossh.NewSignerFromSigner(key)
}

// lazyRSA is an RSA host key made when a client first chooses it. Making one
// takes tens of milliseconds, ten times the rest of Start, and most clients
// choose ed25519; the server's offer only needs the key's type.
type lazyRSA struct {
	once   sync.Once
	signer gossh.AlgorithmSigner
	err    error
}

func (l *lazyRSA) key() (gossh.AlgorithmSigner, error) {
	l.once.Do(func() {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			l.err = fmt.Errorf("RSA host key: %w", err)
			return
		}
		s, err := gossh.NewSignerFromSigner(key)
		if err != nil {
			l.err = fmt.Errorf("RSA host key: %w", err)
			return
		}
		l.signer = s.(gossh.AlgorithmSigner)
	})
	return l.signer, l.err
}

func (l *lazyRSA) PublicKey() gossh.PublicKey { return lazyRSAPublic{l} }

func (l *lazyRSA) Sign(r io.Reader, data []byte) (*gossh.Signature, error) {
	s, err := l.key()
	if err != nil {
		return nil, err
	}
	return s.Sign(r, data)
}

func (l *lazyRSA) SignWithAlgorithm(r io.Reader, data []byte, algorithm string) (*gossh.Signature, error) {
	s, err := l.key()
	if err != nil {
		return nil, err
	}
	return s.SignWithAlgorithm(r, data, algorithm)
}

// lazyRSAPublic knows its type without the key; anything more makes the key.
type lazyRSAPublic struct{ l *lazyRSA }

func (p lazyRSAPublic) Type() string { return gossh.KeyAlgoRSA }

func (p lazyRSAPublic) Marshal() []byte {
	s, err := p.l.key()
	if err != nil {
		return nil // the signature that follows fails with the error
	}
	return s.PublicKey().Marshal()
}

func (p lazyRSAPublic) Verify(data []byte, sig *gossh.Signature) error {
	s, err := p.l.key()
	if err != nil {
		return err
	}
	return s.PublicKey().Verify(data, sig)
}
