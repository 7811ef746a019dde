package simhost

import (
	"crypto"
	"crypto/ed25519"
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

// hostSigners returns an ed25519 and an RSA host key. With a directory they are
// read from ssh_host_ed25519_key and ssh_host_rsa_key there (OpenSSH format), and
// generated and written on first use, so a host keeps its identity across restarts.
// Without one, the RSA key is made when a client first chooses it (see lazyRSA).
func hostSigners(dir string) ([]ssh.Signer, error) {
	kinds := []struct {
		file string
		gen  func() (crypto.Signer, error)
	}{
		{"ssh_host_ed25519_key", func() (crypto.Signer, error) {
			_, k, err := ed25519.GenerateKey(rand.Reader)
			return k, err
		}},
		{"ssh_host_rsa_key", func() (crypto.Signer, error) { return rsa.GenerateKey(rand.Reader, 2048) }},
	}
	var signers []ssh.Signer
	for _, k := range kinds {
		var s gossh.Signer
		var err error
		switch {
		case dir == "" && k.file == "ssh_host_rsa_key":
			s = &lazyRSA{}
		case dir == "":
			s, err = generate(k.gen)
		default:
			s, err = loadOrCreate(filepath.Join(dir, k.file), k.gen)
		}
		if err != nil {
			return nil, err
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
