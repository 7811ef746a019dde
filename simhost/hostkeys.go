package simhost

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gliderlabs/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// hostSigners returns an ed25519 and an RSA host key. With a directory they are
// read from ssh_host_ed25519_key and ssh_host_rsa_key there (OpenSSH format), and
// generated and written on first use, so a host keeps its identity across restarts.
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
		if dir == "" {
			s, err = generate(k.gen)
		} else {
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
